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
  var log = document.getElementById('log');
  if (!log || !window.EventSource) { return; }
  // one row per line: the time since the run started, then the text as HTML (escaped by the server, ANSI colours as spans)
  var source = new EventSource(log.getAttribute('data-src'));
  source.onmessage = function (e) {
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
  };
  // the stream ends when the run is over; the browser would reconnect and replay it, so stop here
  source.onerror = function () { source.close(); };
})();
