// An environment's page: what a first build will cost (apt's answer), and a version's build as it runs.
(function () {
  var estimate = document.getElementById('build-estimate');
  if (!estimate || !estimate.dataset.estimate) { return; }
  function mb(bytes) { return (bytes / 1e6).toFixed(1) + ' MB'; }
  function ask() {
    fetch(estimate.dataset.estimate, { headers: { Accept: 'application/json' } }).then(function (r) { return r.json(); })
      .then(function (e) {
        if (e.status === 'estimating') { setTimeout(ask, 2000); return; }
        if (e.status === 'failed') {
          estimate.className = 'field-error';
          estimate.textContent = 'apt cannot install this recipe: ' + e.error;
          return;
        }
        // about 1 MB/s to download and unpack on a small machine: a rough time, stated as such
        var minutes = Math.max(1, Math.round((e.downloadBytes / 1e6 + e.installedBytes / 4e6) / 60));
        estimate.textContent = 'First build: apt will download ' + mb(e.downloadBytes) + ' (Need to get) and install '
          + e.newPackages + (e.newPackages === 1 ? ' package' : ' packages') + ' using ' + mb(e.installedBytes) + '; roughly ' + minutes + ' min.';
      });
  }
  ask();
})();

// An environment version's page while it builds: the log as apt prints it, the progress, then the outcome.
(function () {
  var section = document.getElementById('version');
  if (!section || section.dataset.status !== 'building') { return; }
  var name = section.dataset.environment, version = section.dataset.version;
  var base = '/api/environments/' + encodeURIComponent(name) + '/versions/' + version;
  var log = document.getElementById('build-log');
  var bar = document.querySelector('#build-progress progress');
  var text = document.getElementById('progress-text');
  var received = '';
  var source = new EventSource(base + '/log');

  function progress() {
    var total = /(\d+) newly installed/.exec(received);
    var setUp = (received.match(/^Setting up /gm) || []).length;
    var n = total ? parseInt(total[1], 10) : 0;
    if (bar) { bar.value = n ? Math.min(100, Math.floor(setUp * 100 / n)) : 0; }
    if (text) { text.textContent = setUp + ' of ' + n + ' packages set up'; }
  }

  source.onmessage = function (event) {
    received += event.data + '\n';
    log.textContent = received;
    progress();
  };
  // the stream ends with the build: show its outcome
  source.onerror = function () {
    source.close();
    fetch(base, { headers: { Accept: 'application/json' } }).then(function (r) { return r.json(); }).then(function (v) {
      var status = document.getElementById('version-status');
      status.textContent = v.status;
      status.className = 'status ' + v.status;
      var row = document.querySelector('#versions tr[aria-current] .status');
      if (row) { row.textContent = v.status; row.className = 'status ' + v.status; }
      log.textContent = v.buildLog || received;
      var note = document.createElement('p');
      note.id = 'build-outcome';
      note.setAttribute('role', 'status');
      if (v.status === 'failed') {
        note.className = 'field-error';
        note.textContent = v.failure;
      } else if (v.status === 'ready') {
        note.innerHTML = 'Built: <a href="">show its ' + v.packages.length + ' packages</a>';
      }
      section.insertBefore(note, section.querySelector('details'));
    });
  };
})();
