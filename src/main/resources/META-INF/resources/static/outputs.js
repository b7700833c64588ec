// A live session's outputs under a cell, from Jupyter's iopub messages. Kernel output is untrusted: text is only
// ever set as text, HTML is shown in a sandboxed frame (opaque origin; a Content-Security-Policy lets only the
// page's own height script run, never the output's scripts), SVG is shown as an <img> from a data: URL (an image
// runs no scripts), and ANSI colours become spans with classes.
(function () {
  'use strict';
  var MAX_FRAME_HEIGHT = 3000;
  var FRAME_STYLE = 'html{overflow-y:hidden}body{margin:0;padding:0 0 4px;font:14px/1.45 system-ui,-apple-system,"DejaVu Sans",sans-serif;'
    + 'color:#1d2330}table{border-collapse:collapse;font-size:13px;margin:2px 0}th,td{padding:.25rem .6rem;text-align:right;'
    + 'border-bottom:1px solid #d9dde4;white-space:nowrap}thead th{border-bottom:2px solid #9aa3b2;vertical-align:bottom}'
    + 'tbody tr:nth-child(odd){background:#f6f7f9}tbody th{font-weight:600}pre{white-space:pre-wrap}';
  // tells the editor how tall the output is (the frame cannot be measured from outside, its origin is opaque)
  var HEIGHT_SCRIPT = 'function tell(){parent.postMessage({kfOutputHeight:document.documentElement.scrollHeight},"*")}'
    + 'addEventListener("load",tell);if(window.ResizeObserver){new ResizeObserver(tell).observe(document.documentElement)}';
  var MIME_ORDER = ['text/html', 'image/svg+xml', 'image/png', 'image/jpeg', 'text/plain'];

  window.addEventListener('message', function (e) {
    if (!e.data || typeof e.data !== 'object' || !e.source) { return; }
    var height = Number(e.data.kfOutputHeight);
    if (!isFinite(height) || height <= 0) { return; }
    var frames = document.querySelectorAll('iframe.output-html');
    for (var i = 0; i < frames.length; i++) {
      if (frames[i].contentWindow === e.source) {
        frames[i].style.height = Math.min(Math.ceil(height) + 2, MAX_FRAME_HEIGHT) + 'px';
        frames[i].setAttribute('data-sized', 'true');
      }
    }
  });

  function el(tag, className, text) {
    var e = document.createElement(tag);
    if (className) { e.className = className; }
    if (text !== undefined) { e.textContent = text; }
    return e;
  }
  function joined(value) { return Array.isArray(value) ? value.join('') : (value || ''); }
  function nonce() {
    var bytes = new Uint8Array(18);
    window.crypto.getRandomValues(bytes);
    return btoa(String.fromCharCode.apply(null, bytes));
  }

  function htmlFrame(html) {
    var n = nonce();
    var frame = el('iframe', 'output-html');
    frame.setAttribute('sandbox', 'allow-scripts');
    frame.setAttribute('title', 'HTML output');
    frame.setAttribute('loading', 'lazy');
    frame.srcdoc = '<!DOCTYPE html><html><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="'
      + "default-src 'none'; img-src data:; style-src 'unsafe-inline'; script-src 'nonce-" + n + "'\">"
      + '<style>' + FRAME_STYLE + '</style><script nonce="' + n + '">' + HEIGHT_SCRIPT + '</script></head><body>'
      + html + '</body></html>';
    return frame;
  }

  /** One rich output (display_data or execute_result): the richest form this page can show safely. */
  function mimeBundle(data) {
    var mime = MIME_ORDER.filter(function (m) { return data && data[m] !== undefined; })[0];
    if (!mime) { return el('pre', 'output-text', '[output of type ' + Object.keys(data || {}).join(', ') + ']'); }
    var value = joined(data[mime]);
    if (mime === 'text/html') { return htmlFrame(value); }
    if (mime === 'text/plain') { return ansiBlock('pre', 'output-text', value); }
    var img = el('img', 'output-image');
    img.alt = 'Image output';
    img.src = mime === 'image/svg+xml' ? 'data:image/svg+xml;charset=utf-8,' + encodeURIComponent(value)
      : 'data:' + mime + ';base64,' + value.replace(/\s+/g, '');
    return img;
  }

  // --- ANSI SGR colours (IPython's tracebacks): bold, italic, underline, the 16 colours, 256-colour codes below 16
  var ESCAPE = /\x1b\[([0-9;]*)([A-Za-z])/g;
  function ansiBlock(tag, className, text) {
    var block = el(tag, className);
    var style = {};
    var last = 0;
    var match;
    function add(chunk) {
      if (!chunk) { return; }
      var classes = Object.keys(style).filter(function (k) { return style[k] !== undefined; })
        .map(function (k) { return k === 'fg' || k === 'bg' ? 'ansi-' + k + '-' + style[k] : 'ansi-' + k; });
      if (!classes.length) { block.appendChild(document.createTextNode(chunk)); return; }
      block.appendChild(el('span', classes.join(' '), chunk));
    }
    ESCAPE.lastIndex = 0;
    while ((match = ESCAPE.exec(text)) !== null) {
      add(text.slice(last, match.index));
      last = ESCAPE.lastIndex;
      if (match[2] !== 'm') { continue; }
      var codes = match[1] === '' ? [0] : match[1].split(';').map(Number);
      for (var i = 0; i < codes.length; i++) {
        var c = codes[i];
        if (c === 0) { style = {}; }
        else if (c === 1) { style.bold = true; } else if (c === 3) { style.italic = true; } else if (c === 4) { style.underline = true; }
        else if (c === 22) { style.bold = undefined; } else if (c === 23) { style.italic = undefined; } else if (c === 24) { style.underline = undefined; }
        else if (c >= 30 && c <= 37) { style.fg = c - 30; } else if (c >= 90 && c <= 97) { style.fg = c - 82; } else if (c === 39) { style.fg = undefined; }
        else if (c >= 40 && c <= 47) { style.bg = c - 40; } else if (c === 49) { style.bg = undefined; }
        else if ((c === 38 || c === 48) && codes[i + 1] === 5) {
          var n = codes[i + 2];
          style[c === 38 ? 'fg' : 'bg'] = n < 16 ? n : undefined;
          i += 2;
        } else if ((c === 38 || c === 48) && codes[i + 1] === 2) { i += 4; }
      }
    }
    add(text.slice(last));
    return block;
  }

  /** Carriage returns overwrite their line, as in a terminal (progress bars). */
  function terminalText(text) {
    return text.split('\n').map(function (line) {
      var parts = line.split('\r').filter(function (part) { return part !== ''; });
      return parts.length ? parts[parts.length - 1] : '';
    }).join('\n');
  }

  /**
   * The outputs of a cell in {area}: render(msg) takes each iopub message of an execution, in order. Consecutive stream
   * text of one name goes into one block; clear_output (with wait: at the next output) empties the area. What is shown
   * is also kept in .ipynb form ({saved}, nbformat 4 outputs) for the draft, and show(saved) puts it back; {onChange}
   * hears each change.
   */
  function Outputs(area, onChange) {
    this.area = area;
    this.onChange = onChange || function () {};
    this.saved = [];
    this.clearPending = false;
    this.lastStream = null;
    this.displays = {};
  }
  Outputs.prototype.clear = function () {
    this.area.textContent = '';
    this.saved = [];
    this.lastStream = null;
    this.displays = {};
    this.clearPending = false;
  };
  /** Shows outputs kept in .ipynb form (a draft's), as they were shown when they came from the kernel. */
  Outputs.prototype.show = function (saved) {
    var outputs = this;
    outputs.clear();
    (Array.isArray(saved) ? saved : []).forEach(function (o) {
      if (!o || typeof o !== 'object') { return; }
      if (o.output_type === 'stream') {
        outputs.render({ header: { msg_type: 'stream' }, content: { name: o.name, text: joined(o.text) } }, true);
      } else if (o.output_type === 'display_data' || o.output_type === 'execute_result' || o.output_type === 'error') {
        outputs.render({ header: { msg_type: o.output_type }, content: o }, true);
      }
    });
  };
  /** The {saved} form of one output message (nbformat 4), or null for one that is not kept. */
  function savedForm(type, content) {
    if (type === 'display_data') { return { output_type: type, data: content.data || {}, metadata: content.metadata || {} }; }
    if (type === 'execute_result') {
      return { output_type: type, data: content.data || {}, metadata: content.metadata || {},
        execution_count: content.execution_count === undefined ? null : content.execution_count };
    }
    if (type === 'error') {
      return { output_type: type, ename: content.ename || '', evalue: content.evalue || '', traceback: content.traceback || [] };
    }
    return null;
  }
  Outputs.prototype.append = function (node) {
    if (this.clearPending) { this.clear(); }
    var wrap = el('div', 'output');
    wrap.appendChild(node);
    this.area.appendChild(wrap);
    return wrap;
  };
  /** Shows one iopub message; {restoring}: from show(), so no change to tell. */
  Outputs.prototype.render = function (msg, restoring) {
    this.apply(msg);
    if (!restoring) { this.onChange(); }
  };
  Outputs.prototype.apply = function (msg) {
    var type = msg.header.msg_type;
    var content = msg.content || {};
    if (type === 'clear_output') {
      if (content.wait) { this.clearPending = true; } else { this.clear(); }
      return;
    }
    if (this.clearPending && type !== 'update_display_data') { this.clear(); }
    if (type === 'stream') {
      var name = content.name === 'stderr' ? 'stderr' : 'stdout';
      if (!this.lastStream || this.lastStream.name !== name || this.lastStream.node.parentNode !== this.area) {
        var node = el('div', 'output');
        this.area.appendChild(node);
        this.lastStream = { name: name, node: node, text: '', saved: { output_type: 'stream', name: name, text: '' } };
        this.saved.push(this.lastStream.saved);
      }
      this.lastStream.text += content.text || '';
      this.lastStream.saved.text = this.lastStream.text;
      var block = ansiBlock('pre', 'output-stream ' + name, terminalText(this.lastStream.text));
      this.lastStream.node.textContent = '';
      this.lastStream.node.appendChild(block);
      return;
    }
    this.lastStream = null;
    var saved = savedForm(type, content);
    if (saved) { this.saved.push(saved); }
    if (type === 'display_data' || type === 'execute_result') {
      var wrap = this.append(mimeBundle(content.data));
      if (type === 'execute_result') { wrap.classList.add('result'); }
      var id = content.transient && content.transient.display_id;
      if (id) { this.displays[id] = { node: wrap, saved: saved }; }
    } else if (type === 'update_display_data') {
      var target = content.transient && this.displays[content.transient.display_id];
      if (target) {
        target.node.textContent = '';
        target.node.appendChild(mimeBundle(content.data));
        target.saved.data = content.data || {};
      }
    } else if (type === 'error') {
      var trace = (content.traceback && content.traceback.length ? content.traceback : [content.ename + ': ' + content.evalue]).join('\n');
      var error = this.append(ansiBlock('pre', 'output-error', trace));
      error.setAttribute('role', 'alert');
    }
  };

  /** A text box for the kernel's input() (password: hidden), in the outputs; {answer(value)} sends the reply. */
  Outputs.prototype.ask = function (prompt, password, answer) {
    var form = el('form', 'output-input');
    var label = el('label', null, prompt || 'Input');
    var box = el('input');
    box.type = password ? 'password' : 'text';
    box.setAttribute('aria-label', prompt || 'Input for the running cell');
    box.autocomplete = 'off';
    label.appendChild(box);
    form.appendChild(label);
    form.addEventListener('submit', function (e) {
      e.preventDefault();
      var value = box.value;
      form.replaceWith(el('pre', 'output-stream stdout', (prompt || '') + (password ? '········' : value)));
      answer(value);
    });
    this.append(form);
    box.focus();
  };

  window.KfOutputs = { Outputs: Outputs, ansiBlock: ansiBlock };
})();
