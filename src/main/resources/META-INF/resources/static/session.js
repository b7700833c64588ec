// The editor's live session: the session bar (start, stop, interrupt, restart, busy/idle, memory and time left) and
// the runs of cells or script parts, their outputs under them. The kernel is reached through kernel-connection.js.
// KfSession.create(editor) wires the session bar; the editor calls run(target, code) for a cell or a script part.
(function () {
  'use strict';
  var POLL_MS = 5000;
  var connection = window.KfKernelConnection;
  var kernels = connection.kernels;

  function megabytes(bytes) {
    return bytes >= 1024 * 1024 * 1024 ? (bytes / 1024 / 1024 / 1024).toFixed(1) + ' GB' : Math.round(bytes / 1024 / 1024) + ' MB';
  }
  function timeLeft(iso) {
    var minutes = Math.floor((Date.parse(iso) - Date.now()) / 60000);
    if (!isFinite(minutes)) { return ''; }
    if (minutes < 1) { return 'less than a minute left'; }
    return (minutes >= 60 ? Math.floor(minutes / 60) + ' h ' : '') + (minutes % 60) + ' min left';
  }
  function byId(id) { return document.getElementById(id); }

  /** The kernelspec of a kernel's language, and how the session bar names a kernelspec. */
  var KERNELSPECS = { python: 'python3', r: 'ir' };
  var KERNEL_NAMES = { python3: 'Python', ir: 'R' };

  /**
   * editor: {ref: "owner/slug", language: 'python' or 'r', saved: whether the kernel exists, beforeStart(): Promise (the draft is on the server), codeCells(): the code cells in order,
   * selectedIndex(): the selected code cell's index, onRunAll/onRunAbove: optional overrides (scripts)}.
   */
  function create(editor) {
    var clientSession = connection.uuid();
    var kernel = null;        // the kernel model while a session is attached
    var channels = null;      // its WebSocket
    var running = {};         // msg_id -> {target, outputs}
    var afterStart = [];      // what to run once a session has started (Run on a page without one starts it)
    var restarting = false;
    var stopping = false;
    var looking = true;       // until the server has said whether a session of this kernel runs already
    var afterRestart = [];    // runs asked for while the kernel restarts go to the new kernel
    var pollTimer = null;
    var ui = {
      state: byId('session-state'), label: byId('session-state-label'), facts: byId('session-facts'),
      start: byId('session-start'), stop: byId('session-stop'), interrupt: byId('session-interrupt'),
      restart: byId('session-restart'), problem: byId('session-problem'), problemText: byId('session-problem-text'),
      replace: byId('session-replace'), kernelName: byId('session-kernel')
    };

    function setState(state, text) {
      ui.state.setAttribute('data-state', state);
      ui.label.textContent = text;
      var live = kernel !== null;
      ui.start.hidden = live || state === 'looking';
      ui.start.disabled = state === 'starting' || state === 'looking';
      ui.stop.hidden = !live;
      ui.interrupt.hidden = !live;
      ui.restart.hidden = !live;
      // the language of the kernel the session runs (a Jupyter client may have started another than the kernel's)
      ui.kernelName.textContent = live ? (KERNEL_NAMES[kernel.name] || kernel.name || '') : '';
      ui.kernelName.hidden = !live;
      if (!live) { ui.facts.textContent = ''; }
    }
    function showProblem(text, offerReplace) {
      ui.problemText.textContent = text;
      ui.replace.hidden = !offerReplace;
      ui.problem.hidden = false;
    }
    function hideProblem() { ui.problem.hidden = true; }
    function showFacts(model) {
      var extra = model.kernelforge || {};
      var parts = [];
      if (extra.memory_bytes) {
        parts.push('Memory ' + megabytes(extra.memory_bytes) + (extra.memory_limit_bytes ? ' of ' + megabytes(extra.memory_limit_bytes) : ''));
      }
      if (extra.expires_at) { parts.push(timeLeft(extra.expires_at)); }
      ui.facts.textContent = parts.join(' · ');
    }

    // --- REST: find, start, stop, interrupt, restart
    function start() {
      if (kernel || looking) { return; } // a run asked for while looking starts once the answer is in
      hideProblem();
      if (!editor.saved) {
        afterStart = [];
        showProblem('This kernel is not saved yet: save a version first (Quick Save keeps it without a run), then start a session.', false);
        return;
      }
      setState('starting', 'Starting session…');
      editor.beforeStart().then(function () {
        return kernels.start(editor.ref, KERNELSPECS[editor.language] || KERNELSPECS.python);
      }).then(function (answer) {
        if (answer.status === 201 || answer.status === 200) {
          attach(answer.body);
          return;
        }
        afterStart = [];
        setState('off', 'No session');
        var detail = answer.body.detail || answer.body.message || ('The session could not start (HTTP ' + answer.status + ')');
        showProblem(detail, answer.status === 409);
      }, function () {
        afterStart = [];
        setState('off', 'No session');
        showProblem('The server could not be reached; try again', false);
      });
    }
    function stopOthersAndStart() {
      hideProblem();
      kernels.list().then(function (answer) {
        var others = (Array.isArray(answer.body) ? answer.body : []).filter(function (k) { return !k.kernelforge || k.kernelforge.kernel !== editor.ref; });
        return Promise.all(others.map(function (k) { return kernels.remove(k.id); }));
      }).then(start);
    }
    /** The session is shown as ended once the server has removed it (or cannot be reached). */
    function stop() {
      if (!kernel || stopping) { return; }
      stopping = true;
      setState('stopping', 'Stopping…');
      var done = function () { stopping = false; detach('off', 'No session'); };
      kernels.remove(kernel.id).then(done, done);
    }
    function interrupt() {
      if (kernel) { kernels.interrupt(kernel.id); }
    }
    function restart() {
      if (!kernel || restarting) { return; }
      restarting = true;
      setState('restarting', 'Restarting…');
      kernels.restart(kernel.id).then(function (answer) {
        restarting = false;
        if (!kernel) { return; }
        if (answer.ok) {
          // the kernel's state is gone: what was queued will never answer, and clients open a new WebSocket
          finishAll();
          closeSocket();
          connect();
          kernelState = 'idle';
        } else {
          showProblem(answer.body.detail || 'The kernel could not be restarted (HTTP ' + answer.status + ')', false);
          poll();
        }
        showStatus();
        var queued = afterRestart;
        afterRestart = [];
        queued.forEach(function (fn) { fn(); });
      }, function () {
        restarting = false;
        showStatus();
      });
    }

    // --- attach: the WebSocket and a poll of the model (memory, time left, and whether the session still exists)
    function attach(model) {
      kernel = model;
      showStatus(model.execution_state);
      showFacts(model);
      connect();
      clearInterval(pollTimer);
      pollTimer = setInterval(poll, POLL_MS);
      var queued = afterStart;
      afterStart = [];
      queued.forEach(function (fn) { fn(); });
    }
    function detach(state, text) {
      kernel = null;
      afterRestart = [];
      clearInterval(pollTimer);
      closeSocket();
      finishAll();
      setState(state, text);
    }
    function poll() {
      if (!kernel) { return; }
      var id = kernel.id;
      kernels.get(id).then(function (answer) {
        if (!kernel || kernel.id !== id) { return; }
        if (answer.status === 404) {
          detach('ended', 'Session ended');
          showProblem('The session has ended (stopped elsewhere, idle too long, out of time or out of memory). Start a new one to go on.', false);
        } else if (answer.ok) {
          kernel = answer.body;
          showFacts(answer.body);
        }
      }, function () { /* the next poll tries again */ });
    }
    function connect() {
      channels = new connection.Channels(kernel.id, clientSession, {
        // as JupyterLab does: the kernel's answer (busy, then idle) tells its state now
        onOpen: function (send) { send(message('shell', 'kernel_info_request', {})); },
        onMessage: receive,
        onLost: poll
      });
    }
    function closeSocket() {
      if (channels) {
        channels.close();
        channels = null;
      }
    }

    // --- messages
    function message(channel, type, content, parent) {
      return connection.message(clientSession, channel, type, content, parent);
    }
    function send(msg) { channels.send(msg); }
    function receive(msg) {
      var type = msg.header && msg.header.msg_type;
      var parentId = msg.parent_header && msg.parent_header.msg_id;
      var run = parentId && running[parentId];
      if (type === 'status' && !run) {
        showStatus(msg.content.execution_state);
        return;
      }
      if (!run) { return; }
      // shell and iopub are separate streams: a run is over once its reply has come and the kernel went idle after it
      if (type === 'status') {
        run.idle = msg.content.execution_state === 'idle';
        kernelState = msg.content.execution_state;
        if (run.idle && run.replied) { finish(parentId); } else { showStatus(); }
      } else if (type === 'execute_reply') {
        run.count = msg.content.status === 'aborted' ? '' : msg.content.execution_count;
        run.target.prompt.textContent = '[' + (run.count === '' || run.count === undefined ? ' ' : run.count) + ']';
        run.target.count = typeof run.count === 'number' ? run.count : null;
        run.replied = true;
        if (run.idle || msg.content.status === 'aborted') { finish(parentId); }
      } else if (msg.channel === 'stdin' && type === 'input_request') {
        run.outputs.ask(msg.content.prompt, msg.content.password, function (value) {
          send(message('stdin', 'input_reply', { value: value, status: 'ok' }, msg.header));
        });
      } else if (msg.channel === 'iopub' && type !== 'execute_input') {
        run.outputs.render(msg);
      }
    }
    var kernelState = 'idle';
    /** The kernel's last reported state; it counts as busy while a cell it was sent has not finished (Run all). */
    function showStatus(executionState) {
      if (executionState) { kernelState = executionState; }
      if (!kernel) { return; }
      if (stopping) { return; }
      if (restarting || kernelState === 'restarting') { setState('restarting', 'Restarting…'); }
      else if (kernelState === 'dead') { poll(); }
      else if (kernelState === 'starting') { setState('starting', 'Starting…'); }
      else if (kernelState === 'busy' || Object.keys(running).length) { setState('busy', 'Busy'); }
      else { setState('idle', 'Idle'); }
    }
    function finish(msgId) {
      var run = running[msgId];
      if (!run) { return; }
      delete running[msgId];
      if (!run.replied) {
        run.target.prompt.textContent = '[ ]';
        run.target.count = null;
      }
      run.target.box.classList.remove('running');
      run.outputs.onChange(); // the count is part of what a draft keeps
      showStatus();
    }
    /** Runs that will never be answered (stopped, restarted): their prompts go back to empty. */
    function finishAll() { Object.keys(running).forEach(finish); }

    /**
     * Runs {code} for a target {box, prompt, output, outputs (KfOutputs.Outputs of output, optional), count}; without a
     * session, starts one first.
     */
    function run(target, code) {
      if (!kernel) {
        afterStart.push(function () { run(target, code); });
        start();
        return;
      }
      if (restarting) {
        afterRestart.push(function () { run(target, code); });
        target.prompt.textContent = '[*]';
        return;
      }
      var msg = message('shell', 'execute_request', { code: code, silent: false, store_history: true, user_expressions: {},
        allow_stdin: true, stop_on_error: true });
      var outputs = target.outputs || new window.KfOutputs.Outputs(target.output);
      outputs.clear();
      target.prompt.textContent = '[*]';
      target.box.classList.add('running');
      running[msg.header.msg_id] = { target: target, outputs: outputs };
      send(msg);
      showStatus();
    }
    function runCells(cells) {
      cells.forEach(function (cell) { run(cell, cell.text()); });
    }

    ui.start.addEventListener('click', start);
    ui.stop.addEventListener('click', stop);
    ui.interrupt.addEventListener('click', interrupt);
    ui.restart.addEventListener('click', restart);
    ui.replace.addEventListener('click', stopOthersAndStart);
    var runAll = byId('run-all');
    if (runAll) { runAll.addEventListener('click', function () { editor.onRunAll ? editor.onRunAll() : runCells(editor.codeCells()); }); }
    var runAbove = byId('run-above');
    if (runAbove) { runAbove.addEventListener('click', function () { runCells(editor.codeCells().slice(0, editor.selectedIndex())); }); }

    // a session already running for this kernel (the page was reloaded, or opened in another tab) is attached; until
    // the server has answered, the bar says so and Start waits: a click then would ask for a second session
    setState('looking', 'Looking for a session…');
    function found(model) {
      looking = false;
      if (kernel) { return; }
      if (model) {
        attach(model);
        return;
      }
      setState('off', 'No session');
      if (afterStart.length) { start(); }
    }
    kernels.find(editor.ref).then(found, function () { found(null); });

    return {
      run: run,
      live: function () { return kernel !== null; }
    };
  }

  window.KfSession = { create: create };
})();
