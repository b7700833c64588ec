// The editor's data sidebar: the kernel's data sources with their mount paths (/kaggle/input/<name>) and file trees,
// a copy-path button per file, and search to add datasets, competitions and kernel outputs. The sources live here;
// editor.js reads them for the push through window.kfDataSources.
(function () {
  'use strict';
  var state = JSON.parse(document.getElementById('kernel-state').textContent);
  // a draft restored on opening (state.draft, when drafts exist) brings its own sources
  var settings = state.draft && state.draft.settings && state.draft.settings.dataset_sources ? state.draft.settings : state.settings;
  var list = document.getElementById('sources');
  var copyStatus = document.getElementById('copy-status');
  var sources = [];
  var listeners = [];
  var previews = {};
  var generation = 0;

  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (text !== undefined) { e.textContent = text; }
    return e;
  }
  // the same units as the server's pages (web.Formats.bytes)
  function bytes(n) {
    if (n < 1024) { return n + ' B'; }
    var units = ['KB', 'MB', 'GB', 'TB'];
    var v = n;
    var u = -1;
    while (v >= 1024 && u < units.length - 1) { v /= 1024; u++; }
    return (v >= 10 ? v.toFixed(0) : v.toFixed(1)) + ' ' + units[u];
  }
  function sourceText(s) { return s.kind === 'competition' ? s.ref : s.ref + (s.version ? '/' + s.version : ''); }
  function key(s) { return s.kind + ':' + sourceText(s); }
  function parseRef(kind, text) {
    var parts = text.split('/');
    return { kind: kind, ref: parts[0] + '/' + parts[1], version: parts[2] || '' };
  }
  function load(from) {
    sources = [];
    (from.dataset_sources || []).forEach(function (r) { sources.push(parseRef('dataset', r)); });
    (from.competition_sources || []).forEach(function (r) { sources.push({ kind: 'competition', ref: r, version: '' }); });
    (from.kernel_sources || []).forEach(function (r) { sources.push(parseRef('kernel', r)); });
  }

  window.kfDataSources = {
    /** The push's dataset_sources, competition_sources or kernel_sources ("owner/slug" or "owner/slug/N"). */
    refs: function (kind) {
      return sources.filter(function (s) { return s.kind === kind; }).map(sourceText);
    },
    /** Replaces the sources with those of a settings-like object (e.g. a restored draft). */
    set: function (from) { load(from); changed(); },
    /** Calls fn() after every add or remove. */
    onChange: function (fn) { listeners.push(fn); }
  };

  function changed() {
    draw();
    refresh();
    listeners.forEach(function (fn) { fn(); });
  }

  // --- the inputs
  function draw() {
    list.innerHTML = '';
    if (!sources.length) { list.appendChild(el('li', { 'class': 'muted' }, 'No data sources: search below to add some')); }
    sources.forEach(function (s, i) {
      var li = el('li', { 'class': 'input', 'data-kind': s.kind, 'data-ref': s.ref });
      var head = el('div', { 'class': 'input-head' });
      var what = el('div', { 'class': 'what' });
      var p = previews[key(s)];
      what.appendChild(el('span', { 'class': 'input-kind' },
        s.kind === 'competition' ? 'Competition' : (s.kind === 'dataset' ? 'Dataset' : 'Output of')));
      what.appendChild(document.createTextNode(' '));
      what.appendChild(el('span', { 'class': 'input-ref' }, s.ref));
      if (s.kind === 'competition') {
        what.appendChild(el('span', { 'class': 'input-version' }, ' · its data' + (p && p.version ? ' (version ' + p.version + ')' : '')));
      } else {
        what.appendChild(el('span', { 'class': 'input-version' }, ' · ' + (s.version ? 'version ' + s.version
          : 'latest' + (p && p.version ? ' (version ' + p.version + ')' : ''))));
      }
      head.appendChild(what);
      var remove = el('button', { type: 'button', 'class': 'danger small remove-source', 'aria-label': 'Remove ' + s.ref }, 'Remove');
      remove.addEventListener('click', function () { sources.splice(i, 1); changed(); });
      head.appendChild(remove);
      li.appendChild(head);
      if (!p) {
        li.appendChild(el('p', { 'class': 'muted small' }, 'Reading its files…'));
      } else if (p.error) {
        li.appendChild(el('p', { 'class': 'input-error', role: 'alert' }, p.error));
      } else {
        var mount = el('div', { 'class': 'mount' });
        mount.appendChild(el('code', { 'class': 'mount-path' }, p.mount));
        mount.appendChild(copyButton(p.mount));
        li.appendChild(mount);
        li.appendChild(tree(p));
      }
      list.appendChild(li);
    });
  }

  /** The files as nested folders (collapsible, open) under one collapsible "N files" summary. */
  function tree(p) {
    var box = el('details', { 'class': 'files', open: '' });
    box.appendChild(el('summary', {}, p.files.length === 1 ? '1 file' : p.files.length + ' files'));
    var top = el('ul');
    box.appendChild(top);
    var folders = { '': top };
    p.files.forEach(function (f) {
      var parts = f.path.split('/');
      var parent = '';
      for (var d = 0; d < parts.length - 1; d++) {
        var path = parent ? parent + '/' + parts[d] : parts[d];
        if (!folders[path]) {
          var li = el('li', { 'class': 'folder-row' });
          var folder = el('details', { 'class': 'folder', open: '' });
          folder.appendChild(el('summary', {}, parts[d] + '/'));
          var ul = el('ul');
          folder.appendChild(ul);
          li.appendChild(folder);
          folders[parent].appendChild(li);
          folders[path] = ul;
        }
        parent = path;
      }
      var row = el('li', { 'class': 'file', 'data-path': f.path });
      row.appendChild(el('span', { 'class': 'name' }, parts[parts.length - 1]));
      row.appendChild(el('span', { 'class': 'size' }, bytes(f.size)));
      row.appendChild(copyButton(p.mount + '/' + f.path));
      folders[parent].appendChild(row);
    });
    return box;
  }

  function refresh() {
    var mine = ++generation;
    if (!sources.length) { return; }
    var query = sources.map(function (s) {
      return encodeURIComponent(s.kind + '_sources') + '=' + encodeURIComponent(sourceText(s));
    }).join('&');
    fetch('/api/kernels/' + state.owner + '/' + state.slug + '/inputs?' + query, { headers: { Accept: 'application/json' } })
      .then(function (r) { return r.ok ? r.json() : Promise.reject(r.status); })
      .then(function (found) {
        if (mine !== generation) { return; }
        previews = {};
        found.forEach(function (p) { previews[p.kind + ':' + p.source] = p; });
        draw();
      }, function () {
        if (mine !== generation) { return; }
        sources.forEach(function (s) { previews[key(s)] = { error: 'Its files could not be read; reload the page to try again' }; });
        draw();
      });
  }

  // --- copy a path: the clipboard API where the page is a secure context, else the selection and execCommand,
  // and if even that is refused, the path is shown selected for the user to copy
  function copyButton(path) {
    var b = el('button', { type: 'button', 'class': 'secondary copy-path', 'data-path': path, 'aria-label': 'Copy path ' + path,
      title: 'Copy ' + path }, 'Copy');
    b.addEventListener('click', function () { copy(path, b); });
    return b;
  }
  function copy(path, button) {
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(path).then(function () { copied(path, button, true); },
        function () { copied(path, button, selectAndCopy(path)); });
    } else {
      copied(path, button, selectAndCopy(path));
    }
  }
  function selectAndCopy(text) {
    var area = el('textarea', { readonly: '', 'aria-hidden': 'true', style: 'position:fixed;top:0;left:0;opacity:0' });
    area.value = text;
    document.body.appendChild(area);
    area.select();
    var ok = false;
    try { ok = document.execCommand('copy'); } catch (refused) { ok = false; }
    area.remove();
    return ok;
  }
  function copied(path, button, ok) {
    copyStatus.innerHTML = '';
    if (ok) {
      button.textContent = 'Copied';
      button.classList.add('copied');
      copyStatus.textContent = 'Copied ' + path;
      setTimeout(function () { button.textContent = 'Copy'; button.classList.remove('copied'); }, 2000);
    } else {
      copyStatus.appendChild(el('span', {}, 'Copy it with Ctrl+C: '));
      var shown = el('input', { type: 'text', readonly: '', 'aria-label': 'Path to copy', value: path });
      copyStatus.appendChild(shown);
      shown.select();
    }
  }

  // --- search to add
  var search = document.getElementById('source-search');
  var results = document.getElementById('source-results');
  var timer = null;
  var competitions = null;
  search.addEventListener('input', function () {
    clearTimeout(timer);
    timer = setTimeout(find, 250);
  });
  function json(url) {
    return fetch(url, { headers: { Accept: 'application/json' } }).then(function (r) { return r.ok ? r.json() : Promise.reject(r.status); });
  }
  function find() {
    var text = search.value.trim();
    var q = encodeURIComponent(text);
    var asked = text;
    if (!text) { results.innerHTML = ''; return; }
    if (!competitions) { competitions = json('/api/competitions').catch(function () { competitions = null; return []; }); }
    Promise.all([json('/api/datasets?pageSize=6&search=' + q), competitions, json('/api/kernels?pageSize=6&search=' + q)])
      .then(function (found) {
        if (asked !== search.value.trim()) { return; }
        results.innerHTML = '';
        var lower = text.toLowerCase();
        found[0].items.forEach(function (d) { result('dataset', d.ref, d.title, d.currentVersion); });
        found[1].filter(function (c) { return (c.slug + ' ' + c.title).toLowerCase().indexOf(lower) >= 0; }).slice(0, 6)
          .forEach(function (c) { result('competition', c.slug, c.title, 0); });
        found[2].items.filter(function (k) { return k.ref !== state.owner + '/' + state.slug; })
          .forEach(function (k) { result('kernel', k.ref, k.title, k.currentVersion); });
        if (!results.children.length) { results.appendChild(el('li', { 'class': 'muted' }, 'Nothing found')); }
      }, function () {
        results.innerHTML = '';
        results.appendChild(el('li', { 'class': 'field-error' }, 'The search failed; try again'));
      });
  }
  function result(kind, ref, name, versions) {
    var li = el('li', { 'class': 'result', 'data-kind': kind, 'data-ref': ref });
    li.appendChild(el('div', {}, name + ' (' + (kind === 'dataset' ? 'dataset ' : kind === 'competition' ? 'competition '
      : 'kernel output ') + ref + ')'));
    var row = el('div', { 'class': 'row' });
    var pick = null;
    if (kind !== 'competition') {
      pick = el('select', { 'aria-label': 'Version of ' + ref });
      pick.appendChild(el('option', { value: '' }, 'latest'));
      for (var v = versions; v >= 1; v--) { pick.appendChild(el('option', { value: String(v) }, 'version ' + v)); }
      row.appendChild(pick);
    }
    var add = el('button', { type: 'button', 'class': 'small add-source', 'aria-label': 'Add ' + ref }, 'Add');
    add.addEventListener('click', function () {
      sources = sources.filter(function (s) { return s.ref !== ref || s.kind !== kind; });
      sources.push({ kind: kind, ref: ref, version: pick ? pick.value : '' });
      search.value = '';
      results.innerHTML = '';
      changed();
    });
    row.appendChild(add);
    li.appendChild(row);
    results.appendChild(li);
  }

  load(settings);
  draw();
  refresh();
})();
