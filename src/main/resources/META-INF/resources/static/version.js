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
  var source = new EventSource(log.getAttribute('data-src'));
  source.onmessage = function (e) {
    var entry = JSON.parse(e.data);
    var line = document.createElement('span');
    if (entry.stream_name === 'stderr') { line.className = 'stderr'; }
    line.textContent = entry.data;
    var atEnd = log.scrollTop + log.clientHeight >= log.scrollHeight - 4;
    log.appendChild(line);
    if (atEnd) { log.scrollTop = log.scrollHeight; }
  };
  // the stream ends when the run is over; the browser would reconnect and replay it, so stop here
  source.onerror = function () { source.close(); };
})();
