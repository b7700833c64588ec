// The kernel editor: CodeMirror for code, a cell list for notebooks, the settings panel, and Save Version
// (the same push as the API: POST /api/kernels/{owner}/{slug}/versions with kernel-metadata.json's field names).
// Unsaved work is kept as a draft on the server (PUT .../draft, debounced) and restored when the editor opens again.
(function () {
  'use strict';
  var state = JSON.parse(document.getElementById('kernel-state').textContent);
  var api = '/api/kernels/' + state.owner + '/' + state.slug;
  var restored = state.draft || null;
  if (restored) {
    state.source = restored.source;
    state.settings = Object.assign({}, state.settings, restored.settings || {}, { kernel_type: state.settings.kernel_type });
  }
  var settings = state.settings;
  var caps = state.capabilities || { gpu: true, internet: true, reasons: {} };
  var root = document.getElementById('editor-root');
  var page = document.querySelector('main');
  var ready = false;

  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (text !== undefined) { e.textContent = text; }
    return e;
  }
  function codeEditor(host, text) {
    return CodeMirror(host, { value: text, mode: 'python', lineNumbers: true, indentUnit: 4, viewportMargin: Infinity,
      extraKeys: { Tab: function (cm) { cm.replaceSelection('    '); } } });
  }
  function joined(source) { return Array.isArray(source) ? source.join('') : (source || ''); }

  // --- source: a script, or notebook cells
  var script = null;
  var cells = [];
  var cellList = document.getElementById('cells');
  if (settings.kernel_type === 'script') {
    var area = document.getElementById('script-source');
    area.value = typeof state.source === 'string' ? state.source : '';
    script = CodeMirror.fromTextArea(area, { mode: 'python', lineNumbers: true, indentUnit: 4, viewportMargin: Infinity });
    script.on('change', changed);
    script.addKeyMap({ 'Shift-Enter': function (cm) {
      if (!session || !session.live()) { return CodeMirror.Pass; }
      runScriptPart();
    } });
  } else {
    fillCells(state.source);
    document.getElementById('add-code').addEventListener('click', function () { addCell('code', '', { focus: true }); });
    document.getElementById('add-markdown').addEventListener('click', function () { addCell('markdown', '', { focus: true }); });
  }

  function fillCells(doc) {
    cells.slice().forEach(function (c) { c.box.remove(); });
    cells = [];
    // a code cell's outputs and count come back too (a draft keeps them, as Jupyter's autosave does)
    ((doc && doc.cells) || []).forEach(function (c) {
      addCell(c.cell_type === 'markdown' ? 'markdown' : 'code', joined(c.source), { outputs: c.outputs, count: c.execution_count });
    });
    if (!cells.length) { addCell('code', ''); }
  }

  /**
   * Adds a cell at the end, or at {at}; {focus} puts the cursor in it, {select} selects it without editing; a code cell
   * shows {outputs} (.ipynb form) and {count}.
   */
  function addCell(type, text, options) {
    var opts = options || {};
    var box = el('div', { 'class': 'cell ' + type, tabindex: '-1' });
    var bar = el('div', { 'class': 'cell-bar' });
    var label = el('span', { 'class': 'kind' });
    var cell = { type: type, box: box, label: label };
    if (type === 'code') {
      // a live session runs the cell: its execution count [n] beside the run button, its outputs under the code
      var runButton = el('button', { type: 'button', 'class': 'small run-cell', title: 'Run (Shift+Enter)' }, '▶ ');
      runButton.appendChild(el('span', { 'class': 'run-word' }, 'Run'));
      runButton.addEventListener('click', function () { select(cell); session.run(cell, cell.text()); });
      cell.runButton = runButton;
      cell.count = typeof opts.count === 'number' ? opts.count : null;
      cell.prompt = el('span', { 'class': 'prompt', 'aria-label': 'Execution count' }, '[' + (cell.count === null ? ' ' : cell.count) + ']');
      bar.appendChild(runButton);
      bar.appendChild(cell.prompt);
    }
    bar.appendChild(label);
    [['move-up', '↑', 'Move cell up', -1], ['move-down', '↓', 'Move cell down', 1]].forEach(function (b) {
      var button = el('button', { type: 'button', 'class': 'secondary small ' + b[0], 'aria-label': b[2] }, b[1]);
      button.addEventListener('click', function () { move(cell, b[3]); });
      bar.appendChild(button);
    });
    var del = el('button', { type: 'button', 'class': 'danger small delete-cell', 'aria-label': 'Delete cell' }, 'Delete');
    del.addEventListener('click', function () { removeCell(cell); });
    bar.appendChild(del);
    box.appendChild(bar);
    box.addEventListener('focusin', function () { select(cell); });
    var at = opts.at === undefined ? cells.length : opts.at;
    cells.splice(at, 0, cell);
    cellList.insertBefore(box, cells[at + 1] ? cells[at + 1].box : null);
    if (type === 'code') {
      var host = el('div');
      box.appendChild(host);
      cell.cm = codeEditor(host, text);
      cell.output = el('div', { 'class': 'outputs', 'aria-live': 'polite' });
      box.appendChild(cell.output);
      cell.outputs = new window.KfOutputs.Outputs(cell.output, changed);
      cell.outputs.show(opts.outputs);
      // in a session Shift+Enter runs the cell and goes on, Ctrl+Enter runs it in place; without one both only move on
      cell.cm.addKeyMap({ 'Shift-Enter': function () { runIfLive(cell); next(cell); },
        'Ctrl-Enter': function () { if (!runIfLive(cell)) { next(cell); } },
        'Cmd-Enter': function () { if (!runIfLive(cell)) { next(cell); } }, Esc: function () { commandMode(cell); } });
      cell.cm.on('change', changed);
      cell.text = function () { return cell.cm.getValue(); };
    } else {
      var md = el('textarea', { 'class': 'md', rows: '4' });
      md.value = text;
      var preview = el('div', { 'class': 'md md-preview', title: 'Double-click (or Enter) to edit' });
      preview.hidden = true;
      box.appendChild(md);
      box.appendChild(preview);
      cell.md = md;
      cell.preview = preview;
      cell.text = function () { return md.value; };
      md.addEventListener('input', changed);
      md.addEventListener('keydown', function (e) {
        if (e.key === 'Enter' && (e.shiftKey || e.ctrlKey || e.metaKey)) { e.preventDefault(); next(cell); }
        if (e.key === 'Escape') { e.preventDefault(); commandMode(cell); }
      });
      md.addEventListener('blur', function () { renderMarkdown(cell); });
      preview.addEventListener('dblclick', function () { edit(cell); });
      if (!opts.focus) { renderMarkdown(cell); }
    }
    relabel();
    if (opts.focus) { edit(cell); }
    if (opts.select) { commandMode(cell); }
    changed();
    return cell;
  }

  // --- notebook keyboard: Jupyter's command mode (Esc leaves the text; A/B add, D D deletes, Enter edits)
  var selected = null;
  function select(cell) {
    if (selected && selected !== cell) { selected.box.classList.remove('selected'); }
    selected = cell;
    cell.box.classList.add('selected');
  }
  function edit(cell) {
    select(cell);
    if (cell.cm) { cell.cm.focus(); return; }
    cell.md.hidden = false;
    cell.preview.hidden = true;
    cell.md.focus();
  }
  function commandMode(cell) {
    if (cell.cm) { cell.cm.getInputField().blur(); }
    select(cell);
    cell.box.focus();
  }
  function next(cell) {
    var i = cells.indexOf(cell);
    if (i === cells.length - 1) { addCell('code', '', { focus: true }); } else { edit(cells[i + 1]); }
  }
  var lastD = 0;
  document.addEventListener('keydown', function (e) {
    if (!cellList || !e.target.classList || !e.target.classList.contains('cell') || e.ctrlKey || e.metaKey || e.altKey) { return; }
    var cell = cells.filter(function (c) { return c.box === e.target; })[0];
    if (!cell) { return; }
    var i = cells.indexOf(cell);
    var key = e.key.toLowerCase();
    if (key === 'a' || key === 'b') {
      addCell('code', '', { at: key === 'a' ? i : i + 1, select: true });
    } else if (key === 'd') {
      if (Date.now() - lastD < 800) { lastD = 0; removeCell(cell); } else { lastD = Date.now(); }
    } else if (key === 'z' && lastRemoved) {
      undoRemove();
    } else if (e.key === 'Enter') {
      edit(cell);
    } else if ((e.key === 'ArrowUp' || key === 'k') && i > 0) {
      commandMode(cells[i - 1]);
    } else if ((e.key === 'ArrowDown' || key === 'j') && i < cells.length - 1) {
      commandMode(cells[i + 1]);
    } else {
      return;
    }
    e.preventDefault();
  });

  // --- delete with undo
  var lastRemoved = null;
  var toast = document.getElementById('toast');
  var toastTimer = null;
  function removeCell(cell) {
    var i = cells.indexOf(cell);
    cells.splice(i, 1);
    cell.box.remove();
    lastRemoved = { cell: cell, at: i };
    relabel();
    changed();
    document.getElementById('toast-text').textContent = 'Cell ' + (i + 1) + ' deleted';
    toast.hidden = false;
    clearTimeout(toastTimer);
    toastTimer = setTimeout(function () { toast.hidden = true; lastRemoved = null; }, 10000);
    var neighbour = cells[Math.min(i, cells.length - 1)];
    if (neighbour) { commandMode(neighbour); }
  }
  function undoRemove() {
    if (!lastRemoved) { return; }
    var back = lastRemoved;
    lastRemoved = null;
    toast.hidden = true;
    var at = Math.min(back.at, cells.length);
    cells.splice(at, 0, back.cell);
    cellList.insertBefore(back.cell.box, cells[at + 1] ? cells[at + 1].box : null);
    if (back.cell.cm) { back.cell.cm.refresh(); }
    relabel();
    changed();
    commandMode(back.cell);
  }
  document.getElementById('toast-undo').addEventListener('click', undoRemove);

  // --- Markdown cells show their rendering (by the server, which escapes raw HTML) when not being edited
  function renderMarkdown(cell) {
    var text = cell.md.value;
    if (!text.trim()) { cell.md.hidden = false; cell.preview.hidden = true; return; }
    fetch('/api/markdown/preview', { method: 'POST', headers: { 'Content-Type': 'text/plain', Accept: 'text/html' }, body: text })
      .then(function (r) { return r.ok ? r.text() : null; })
      .then(function (html) {
        if (html === null || document.activeElement === cell.md || cell.md.value !== text) { return; }
        cell.preview.innerHTML = html;
        cell.preview.hidden = false;
        cell.md.hidden = true;
      }, function () { /* the text stays visible */ });
  }
  function move(cell, by) {
    var i = cells.indexOf(cell);
    var j = i + by;
    if (j < 0 || j >= cells.length) { return; }
    cells.splice(i, 1);
    cells.splice(j, 0, cell);
    cells.forEach(function (c) { cellList.appendChild(c.box); });
    if (cell.cm) { cell.cm.refresh(); cell.cm.focus(); }
    relabel();
    changed();
  }
  function runIfLive(cell) {
    if (!session || !session.live()) { return false; }
    session.run(cell, cell.text());
    return true;
  }
  function relabel() {
    cells.forEach(function (c, i) {
      c.label.textContent = 'Cell ' + (i + 1) + ' · ' + (c.type === 'code' ? 'Code' : 'Markdown');
      if (c.runButton) { c.runButton.setAttribute('aria-label', 'Run cell ' + (i + 1)); }
      if (c.md) { c.md.setAttribute('aria-label', 'Markdown of cell ' + (i + 1)); }
      if (c.cm) { c.cm.getInputField().setAttribute('aria-label', 'Code of cell ' + (i + 1)); }
    });
  }
  /** The notebook in the editor; {withOutputs}: with the session's outputs and counts (a draft, a download). */
  function notebook(withOutputs) {
    var doc = state.source && state.source.cells ? JSON.parse(JSON.stringify(state.source)) : {};
    doc.nbformat = 4;
    doc.nbformat_minor = doc.nbformat_minor || 5;
    doc.metadata = doc.metadata || {};
    doc.metadata.kernelspec = doc.metadata.kernelspec || (settings.language === 'r'
      ? { name: 'ir', display_name: 'R', language: 'R' } : { name: 'python3', display_name: 'Python 3', language: 'python' });
    doc.cells = cells.map(function (c) {
      return c.type === 'code'
        ? { cell_type: 'code', source: c.text(), metadata: {}, outputs: withOutputs ? c.outputs.saved : [],
          execution_count: withOutputs ? c.count : null }
        : { cell_type: 'markdown', source: c.text(), metadata: {} };
    });
    return doc;
  }

  // --- settings
  var title = document.getElementById('s-title');
  title.value = settings.title || '';
  document.getElementById('s-internet').checked = !!settings.enable_internet;
  document.getElementById('s-gpu').checked = !!settings.enable_gpu;
  // what the deployment cannot give is shown off, with the reason, and never pushed
  [['gpu', 's-gpu', 'gpu-reason'], ['internet', 's-internet', 'internet-reason']].forEach(function (c) {
    if (caps[c[0]]) { return; }
    var box = document.getElementById(c[1]);
    box.checked = false;
    box.disabled = true;
    box.closest('label').classList.add('disabled');
    var reason = document.getElementById(c[2]);
    reason.textContent = (caps.reasons && caps.reasons[c[0]]) || 'Not available on this deployment';
    reason.hidden = false;
  });
  document.getElementById('s-private').checked = settings.is_private !== false;
  var image = document.getElementById('s-image');
  state.images.forEach(function (name) {
    var o = el('option', { value: name }, name);
    if (name === settings.docker_image) { o.selected = true; }
    image.appendChild(o);
  });
  if (settings.docker_image && state.images.indexOf(settings.docker_image) < 0) {
    // a pinned version ("python/2") or an image named before environments: kept as the kernel has it
    image.appendChild(el('option', { value: settings.docker_image, selected: 'selected' }, settings.docker_image));
  }
  // the environment version the kernel's versions run in, and what it holds
  var env = settings.environment;
  var envNote = document.getElementById('s-environment');
  var envName = env ? env.name : image.value.split('/')[0];
  envNote.textContent = env ? 'Runs in ' + env.name + ' version ' + env.version
      + (settings.docker_image_pinning_type === 'latest' ? ' (moves to the latest on each commit) · ' : ' (pinned) · ')
      : 'Runs in the latest version of ' + envName + ' · ';
  envNote.appendChild(el('a', { href: '/environments/' + encodeURIComponent(envName)
      + (env ? '/versions/' + env.version : ''), id: 's-environment-packages' }, 'its packages'));

  // the data sources are the sidebar's (sidebar.js, loaded first): window.kfDataSources

  // --- drafts: what the editor holds, saved on the server about a second after the last change
  var aside = document.querySelector('aside');
  // the settings; the data sources live in the sidebar (outside this aside) and report through kfDataSources.onChange
  aside.addEventListener('input', function () { changed(); });
  aside.addEventListener('change', function () { changed(); });
  var draftStatus = document.getElementById('draft-status');
  var MAX_DRAFT_OUTPUT_CHARS = 8 * 1024 * 1024; // the server keeps drafts up to 10 MiB
  var draftTimer = null;
  var draftSaving = Promise.resolve();
  var unsynced = false;
  var savesUnderWay = 0; // a draft on its way to the server is not kept yet: leaving would cancel its request
  var committing = false;
  window.kfDataSources.onChange(changed); // adding or removing an input in the sidebar saves a draft too
  function changed() {
    // an administrator editing someone else's kernel keeps no draft (drafts are the owner's alone)
    if (!ready || committing || !state.drafts) { return; }
    unsynced = true;
    draftStatus.textContent = '· unsaved changes';
    clearTimeout(draftTimer);
    draftTimer = setTimeout(saveDraft, 1200);
  }
  /** What a draft keeps: the outputs too, unless they would make it too large (the source comes first). */
  function snapshot() {
    var draft = snapshotOf(true);
    return script || JSON.stringify(draft).length <= MAX_DRAFT_OUTPUT_CHARS ? draft : snapshotOf(false);
  }
  function snapshotOf(withOutputs) {
    return {
      source: script ? script.getValue() : notebook(withOutputs),
      settings: {
        title: title.value, dataset_sources: refs('dataset'), kernel_sources: refs('kernel'), competition_sources: refs('competition'),
        enable_internet: document.getElementById('s-internet').checked, enable_gpu: document.getElementById('s-gpu').checked,
        is_private: document.getElementById('s-private').checked, docker_image: image.value
      }
    };
  }
  function saveDraft() {
    clearTimeout(draftTimer);
    draftTimer = null;
    if (committing || !unsynced) { return draftSaving; }
    var body = JSON.stringify(snapshot());
    unsynced = false;
    savesUnderWay++;
    draftSaving = draftSaving.then(function () {
      return fetch(api + '/draft', { method: 'PUT', headers: { 'Content-Type': 'application/json', Accept: 'application/json' }, body: body })
        .then(function (r) { if (!r.ok) { throw new Error(String(r.status)); } return r.json(); })
        .then(function (draft) {
          if (!unsynced) { draftStatus.textContent = '· draft saved ' + clock(draft.saved_at); }
        }, function () {
          unsynced = true;
          draftStatus.textContent = '· the draft could not be saved; your work is still here';
        });
    }).then(function () { savesUnderWay--; });
    return draftSaving;
  }
  function clock(iso) { return iso ? iso.slice(0, 16).replace('T', ' ') + ' UTC' : ''; }
  window.addEventListener('beforeunload', function (e) {
    if ((unsynced || savesUnderWay > 0) && !committing) { e.preventDefault(); e.returnValue = ''; }
  });
  if (restored) {
    document.getElementById('draft-note-text').textContent = 'Restored unsaved draft from ' + clock(restored.saved_at)
      + '. Save a version to keep it, or discard it to go back to ' + (state.version ? 'version ' + state.version : 'the start') + '.';
    document.getElementById('draft-note').hidden = false;
    draftStatus.textContent = '· draft saved ' + clock(restored.saved_at);
  }
  document.getElementById('discard-draft').addEventListener('click', function () {
    committing = true;
    clearTimeout(draftTimer);
    draftSaving.then(function () { return fetch(api + '/draft', { method: 'DELETE' }); }).then(function () { location.reload(); });
  });

  // --- downloads and .ipynb upload
  document.getElementById('download-source').addEventListener('click', function () {
    var text = script ? script.getValue() : JSON.stringify(notebook(true), null, 1);
    var link = el('a', { href: URL.createObjectURL(new Blob([text], { type: script ? 'text/x-python' : 'application/x-ipynb+json' })),
      download: state.slug + (script ? (settings.language === 'r' ? '.R' : '.py') : '.ipynb') });
    document.body.appendChild(link);
    link.click();
    link.remove();
  });
  var upload = document.getElementById('open-ipynb');
  if (upload) {
    upload.addEventListener('change', function () {
      var file = upload.files[0];
      upload.value = '';
      if (!file) { return; }
      file.text().then(function (text) {
        var doc;
        try { doc = JSON.parse(text); } catch (e) { doc = null; }
        if (!doc || !Array.isArray(doc.cells)) {
          window.kfShowProblem(page, { detail: file.name + ' is not a notebook: an .ipynb file is a JSON document with a "cells" list' });
          return;
        }
        if (!window.confirm('Replace the ' + cells.length + ' cells in the editor with the ' + doc.cells.length + ' cells of '
            + file.name + '?')) { return; }
        state.source = doc;
        fillCells(doc);
        changed();
      });
    });
  }

  // --- Save Version
  var dialog = document.getElementById('save-dialog');
  document.getElementById('save-version').addEventListener('click', function () { dialog.showModal(); });
  // Ctrl+S / Cmd+S: the Save Version dialog with Quick Save chosen, so Enter saves without a run (Esc cancels)
  document.addEventListener('keydown', function (e) {
    if (!(e.ctrlKey || e.metaKey) || e.altKey || e.key.toLowerCase() !== 's') { return; }
    e.preventDefault();
    e.stopPropagation();
    if (dialog.open) { return; }
    saveDraft();
    document.getElementById('mode-quick').checked = true;
    dialog.showModal();
    document.getElementById('save-confirm').focus();
  }, true);
  dialog.addEventListener('close', function () {
    if (dialog.returnValue === 'save') { save(document.querySelector('#save-form [name=mode]:checked').value); }
  });
  function refs(kind) { return window.kfDataSources.refs(kind); }
  function save(mode) {
    // the draft is cleared by the commit: no draft save may land after it
    committing = true;
    clearTimeout(draftTimer);
    var push = {
      title: title.value, kernel_type: settings.kernel_type, language: settings.language || 'python',
      source: script ? script.getValue() : notebook(false), // a version runs its source afresh: no session output in it
      dataset_sources: refs('dataset'), kernel_sources: refs('kernel'), competition_sources: refs('competition'),
      enable_internet: document.getElementById('s-internet').checked,
      enable_gpu: document.getElementById('s-gpu').checked,
      is_private: document.getElementById('s-private').checked,
      docker_image: image.value, mode: mode
    };
    var button = document.getElementById('save-version');
    button.disabled = true;
    draftSaving.then(function () {
      return fetch(api + '/versions', {
        method: 'POST', headers: { 'Content-Type': 'application/json', Accept: 'application/json' }, body: JSON.stringify(push)
      });
    }).then(function (r) {
      return r.text().then(function (text) { return { ok: r.ok, status: r.status, body: problemOf(text) }; });
    }).then(function (answer) {
      button.disabled = false;
      if (answer.ok && answer.body.version) {
        unsynced = false;
        location.href = '/kernels/' + state.owner + '/' + state.slug + '/versions/' + answer.body.version;
      } else {
        failed(Object.assign({ status: answer.status }, answer.body, {
          detail: answer.body.detail || 'Saving failed (HTTP ' + answer.status + '); your work is still here, try again' }));
      }
    }, function () {
      button.disabled = false;
      failed({ detail: 'The server could not be reached; your work is still here, try again' });
    });
  }
  function failed(problem) {
    committing = false;
    if (unsynced) { saveDraft(); }
    window.kfShowProblem(page, problem);
  }
  /** The answer's JSON object; a text that is not one (an HTML error page, a proxy's message) is never shown raw. */
  function problemOf(text) {
    try {
      var body = JSON.parse(text);
      return body && typeof body === 'object' ? body : {};
    } catch (e) {
      return {};
    }
  }
  // --- the live session (session.js): cells run one by one, a script whole or in parts
  var scriptOutput = document.getElementById('script-output');
  var session = window.KfSession.create({
    ref: state.owner + '/' + state.slug,
    language: settings.language || 'python',
    saved: !!state.exists,
    beforeStart: function () { return saveDraft(); },
    codeCells: function () { return cells.filter(function (c) { return c.type === 'code'; }); },
    selectedIndex: function () {
      var above = selected ? cells.slice(0, cells.indexOf(selected)) : [];
      return above.filter(function (c) { return c.type === 'code'; }).length;
    },
    onRunAll: script ? function () { runScript(script.getValue(), 'Script'); } : null
  });
  /** The selection, or else the cursor's line (the cursor then moves to the next line, as in a notebook). */
  function runScriptPart() {
    if (script.somethingSelected()) {
      var from = script.getCursor('from').line + 1;
      var to = script.getCursor('to').line + 1;
      runScript(script.getSelection(), from === to ? 'Line ' + from : 'Lines ' + from + '–' + to);
      return;
    }
    var line = script.getCursor().line;
    runScript(script.getLine(line), 'Line ' + (line + 1));
    if (line === script.lastLine()) { script.replaceRange('\n', { line: line }); }
    script.setCursor({ line: line + 1, ch: 0 });
  }
  /** Each run of a script part gets its own block of outputs, newest last. */
  function runScript(code, what) {
    var box = el('div', { 'class': 'script-run' });
    var head = el('div', { 'class': 'script-run-head' });
    var prompt = el('span', { 'class': 'prompt' }, '[ ]');
    head.appendChild(prompt);
    var first = code.trim().split('\n')[0];
    head.appendChild(el('span', { 'class': 'muted script-run-code' }, what + ': ' + (first.length > 80 ? first.slice(0, 79) + '…' : first)));
    var output = el('div', { 'class': 'outputs', 'aria-live': 'polite' });
    box.appendChild(head);
    box.appendChild(output);
    scriptOutput.appendChild(box);
    scriptOutput.hidden = false;
    session.run({ box: box, prompt: prompt, output: output }, code);
  }
  var runSelection = document.getElementById('run-selection');
  if (runSelection) { runSelection.addEventListener('click', function () { script.focus(); runScriptPart(); }); }
  ready = true;
})();
