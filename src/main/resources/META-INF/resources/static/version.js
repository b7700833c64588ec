// The version page's log: the API's server-sent events, appended line by line as the run writes them.
(function () {
  'use strict';
  // the version history beside the live part follows its state
  document.body.addEventListener('htmx:afterSwap', function () {
    var status = document.getElementById('status');
    var entry = status && document.querySelector('#history [data-version="' + status.closest('[data-number]').getAttribute('data-number') + '"]');
    if (entry) {
      entry.textContent = status.getAttribute('data-status');
      entry.className = 'status-' + status.getAttribute('data-status');
    }
  });
  // The rendered notebook (sandboxed, opaque origin) reports its height and, after "show cell N", where that cell
  // is; only messages from that frame count, and the height is capped so a page cannot be made endless.
  var MAX_FRAME_HEIGHT = 30000;
  window.addEventListener('message', function (e) {
    var frame = document.getElementById('notebook');
    if (!frame || e.source !== frame.contentWindow || !e.data || typeof e.data !== 'object') { return; }
    var height = Number(e.data.kfNotebookHeight);
    if (isFinite(height) && height > 0) {
      frame.style.height = Math.min(Math.ceil(height) + 4, MAX_FRAME_HEIGHT) + 'px';
      frame.setAttribute('data-sized', 'true');
    }
    var anchor = Number(e.data.kfNotebookAnchor);
    if (isFinite(anchor) && anchor >= 0) {
      window.scrollTo(0, frame.getBoundingClientRect().top + window.pageYOffset + Math.min(anchor, MAX_FRAME_HEIGHT));
    }
  });
  var log = document.getElementById('log');
  if (!log || !window.EventSource) { return; }
  // one row per line: the time since the run started, then the text as HTML (escaped by the server, ANSI colours as spans)
  var src = log.getAttribute('data-src');
  var version = '/api' + src.replace(/\/log-lines$/, '');
  var reopened = 0;
  function show(e) {
    var entry = JSON.parse(e.data);
    var row = document.createElement('div');
    row.className = 'log-line' + (entry.stream === 'stderr' ? ' stderr' : '');
    var time = document.createElement('span');
    time.className = 'log-time';
    time.textContent = entry.time;
    var text = document.createElement('span');
    text.className = 'log-text';
    text.innerHTML = entry.html;
    row.appendChild(time);
    row.appendChild(text);
    var atEnd = log.scrollTop + log.clientHeight >= log.scrollHeight - 4;
    log.appendChild(row);
    if (atEnd) { log.scrollTop = log.scrollHeight; }
  }
  // The stream ends when the run is over (the browser would reconnect and replay it, so it is closed here), or when
  // the run started on another server replica than the one streaming it: then, the run not being over, the stream is
  // opened again from the start (the request now reaches the replica running it).
  function follow() {
    var source = new EventSource(src);
    source.onmessage = show;
    source.onerror = function () {
      source.close();
      if (reopened >= 5) { return; }
      fetch(version, { headers: { Accept: 'application/json' }, credentials: 'same-origin' })
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (v) {
          if (v && (v.status === 'running' || v.status === 'queued')) {
            reopened++;
            setTimeout(function () { log.textContent = ''; follow(); }, 500 * reopened);
          }
        })
        .catch(function () { /* the page's state still says what happened */ });
    };
  }
  follow();
})();
