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
