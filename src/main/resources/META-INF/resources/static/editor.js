// The kernel editor: CodeMirror for code, a cell list for notebooks, the settings panel, and Save Version
// (the same push as the API: POST /api/kernels/{owner}/{slug}/versions with kernel-metadata.json's field names).
(function () {
  'use strict';
  var state = JSON.parse(document.getElementById('kernel-state').textContent);
  var settings = state.settings;
  var root = document.getElementById('editor-root');
  var page = document.querySelector('main');

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
    script = CodeMirror.fromTextArea(area, { mode: 'python', lineNumbers: true, indentUnit: 4 });
  } else {
    (state.source.cells || []).forEach(function (c) { addCell(c.cell_type === 'markdown' ? 'markdown' : 'code', joined(c.source)); });
    if (!cells.length) { addCell('code', ''); }
    document.getElementById('add-code').addEventListener('click', function () { addCell('code', '', true); });
    document.getElementById('add-markdown').addEventListener('click', function () { addCell('markdown', '', true); });
  }

  function addCell(type, text, focus) {
    var box = el('div', { 'class': 'cell ' + type });
    var bar = el('div', { 'class': 'cell-bar' });
    var label = el('span', { 'class': 'kind' });
    bar.appendChild(label);
    var cell = { type: type, box: box, label: label };
    [['move-up', '↑', 'Move cell up', -1], ['move-down', '↓', 'Move cell down', 1]].forEach(function (b) {
      var button = el('button', { type: 'button', 'class': 'secondary small ' + b[0], 'aria-label': b[2] }, b[1]);
      button.addEventListener('click', function () { move(cell, b[3]); });
      bar.appendChild(button);
    });
    var del = el('button', { type: 'button', 'class': 'danger small delete-cell', 'aria-label': 'Delete cell' }, 'Delete');
    del.addEventListener('click', function () { cells.splice(cells.indexOf(cell), 1); box.remove(); relabel(); });
    bar.appendChild(del);
    box.appendChild(bar);
    if (type === 'code') {
      var host = el('div');
      box.appendChild(host);
      cellList.appendChild(box);
      cell.cm = codeEditor(host, text);
      cell.text = function () { return cell.cm.getValue(); };
      if (focus) { cell.cm.focus(); }
    } else {
      var md = el('textarea', { 'class': 'md', rows: '4' });
      md.value = text;
      box.appendChild(md);
      cellList.appendChild(box);
      cell.md = md;
      cell.text = function () { return md.value; };
      if (focus) { md.focus(); }
    }
    cells.push(cell);
    relabel();
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
  }
  function relabel() {
    cells.forEach(function (c, i) {
      c.label.textContent = 'Cell ' + (i + 1) + ' · ' + (c.type === 'code' ? 'Code' : 'Markdown');
      if (c.md) { c.md.setAttribute('aria-label', 'Markdown of cell ' + (i + 1)); }
      if (c.cm) { c.cm.getInputField().setAttribute('aria-label', 'Code of cell ' + (i + 1)); }
    });
  }
  function notebook() {
    var doc = state.source && state.source.cells ? JSON.parse(JSON.stringify(state.source)) : {};
    doc.nbformat = 4;
    doc.nbformat_minor = doc.nbformat_minor || 5;
    doc.metadata = doc.metadata || {};
    doc.metadata.kernelspec = doc.metadata.kernelspec || { name: 'python3', display_name: 'Python 3', language: 'python' };
    doc.cells = cells.map(function (c) {
      return c.type === 'code'
        ? { cell_type: 'code', source: c.text(), metadata: {}, outputs: [], execution_count: null }
        : { cell_type: 'markdown', source: c.text(), metadata: {} };
    });
    return doc;
  }

  // --- settings
  var title = document.getElementById('s-title');
  title.value = settings.title || '';
  document.getElementById('s-internet').checked = !!settings.enable_internet;
  document.getElementById('s-gpu').checked = !!settings.enable_gpu;
  document.getElementById('s-private').checked = settings.is_private !== false;
  var image = document.getElementById('s-image');
  state.images.forEach(function (name) {
    var o = el('option', { value: name }, name);
    if (name === settings.docker_image) { o.selected = true; }
    image.appendChild(o);
  });

  // the data sources are the sidebar's (sidebar.js, loaded first): window.kfDataSources

  // --- Save Version
  var dialog = document.getElementById('save-dialog');
  document.getElementById('save-version').addEventListener('click', function () { dialog.showModal(); });
  dialog.addEventListener('close', function () {
    if (dialog.returnValue === 'save') { save(document.querySelector('#save-form [name=mode]:checked').value); }
  });
  function refs(kind) { return window.kfDataSources.refs(kind); }
  function save(mode) {
    var push = {
      title: title.value, kernel_type: settings.kernel_type, language: 'python',
      source: script ? script.getValue() : notebook(),
      dataset_sources: refs('dataset'), kernel_sources: refs('kernel'), competition_sources: refs('competition'),
      enable_internet: document.getElementById('s-internet').checked,
      enable_gpu: document.getElementById('s-gpu').checked,
      is_private: document.getElementById('s-private').checked,
      docker_image: image.value, mode: mode
    };
    var button = document.getElementById('save-version');
    button.disabled = true;
    fetch('/api/kernels/' + state.owner + '/' + state.slug + '/versions', {
      method: 'POST', headers: { 'Content-Type': 'application/json', Accept: 'application/json' }, body: JSON.stringify(push)
    }).then(function (r) {
      return r.json().then(function (body) { return { ok: r.ok, status: r.status, body: body }; });
    }).then(function (answer) {
      button.disabled = false;
      if (answer.ok) {
        location.href = '/kernels/' + state.owner + '/' + state.slug + '/versions/' + answer.body.version;
      } else {
        window.kfShowProblem(page, Object.assign({ status: answer.status }, answer.body));
      }
    }, function () {
      button.disabled = false;
      window.kfShowProblem(page, { detail: 'The server could not be reached; your work is still here, try again' });
    });
  }
})();
