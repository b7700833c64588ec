// A connection to the server's Jupyter kernel API for the editor's live session (session.js): the REST calls on
// /jupyter/api/kernels and a kernel's channels WebSocket carrying Jupyter protocol 5.x messages, authenticated by the
// page's session cookie. It knows nothing of cells or of the session bar.
(function () {
  'use strict';
  var API = '/jupyter/api/kernels';
  var RECONNECTS = 5;

  function uuid() {
    if (window.crypto.randomUUID) { return window.crypto.randomUUID(); }
    var b = new Uint8Array(16);
    window.crypto.getRandomValues(b);
    return Array.prototype.map.call(b, function (x) { return (x + 256).toString(16).slice(1); }).join('');
  }
  function json(response) {
    return response.text().then(function (text) {
      var body = {};
      try { body = text ? JSON.parse(text) : {}; } catch (e) { body = {}; }
      return { status: response.status, ok: response.ok, body: body && typeof body === 'object' ? body : {} };
    });
  }
  /** A REST call under the kernels API: {status, ok, body} (body {} when the answer is not a JSON object or list). */
  function call(method, path, body) {
    var init = { method: method, headers: { Accept: 'application/json' } };
    if (body !== undefined) {
      init.headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    return fetch(API + path, init).then(json);
  }
  function kernelPath(id, action) { return '/' + encodeURIComponent(id) + (action ? '/' + action : ''); }

  var kernels = {
    list: function () { return call('GET', ''); },
    /** The caller's kernel whose session mounts the Kernelforge kernel {ref} ("owner/slug"), or null. */
    find: function (ref) {
      return call('GET', '').then(function (answer) {
        if (!answer.ok || !Array.isArray(answer.body)) { return null; }
        return answer.body.filter(function (k) { return k.kernelforge && k.kernelforge.kernel === ref; })[0] || null;
      });
    },
    /** Starts a session of the kernel {ref} on the kernelspec {name}: 'python3' or 'ir' (R). */
    start: function (ref, name) { return call('POST', '', { name: name || 'python3', path: ref }); },
    get: function (id) { return call('GET', kernelPath(id)); },
    remove: function (id) { return call('DELETE', kernelPath(id)); },
    interrupt: function (id) { return call('POST', kernelPath(id, 'interrupt')); },
    restart: function (id) { return call('POST', kernelPath(id, 'restart')); }
  };

  /**
   * A kernel's channels WebSocket for one client session: messages sent before it opens wait in an outbox; when it
   * closes on its own it is opened again (up to 5 times, waiting longer each time), then {onLost} is called.
   * {onOpen(send)} runs on each open before the outbox goes out; {onMessage(msg)} gets each parsed message.
   */
  function Channels(kernelId, clientSession, handlers) {
    this.url = (location.protocol === 'https:' ? 'wss:' : 'ws:') + '//' + location.host + API + kernelPath(kernelId, 'channels')
      + '?session_id=' + encodeURIComponent(clientSession);
    this.handlers = handlers;
    this.socket = null;
    this.outbox = [];
    this.reconnects = 0;
    this.closed = false;
    this.open();
  }
  Channels.prototype.open = function () {
    var self = this;
    var ws = new WebSocket(this.url);
    this.socket = ws;
    ws.onopen = function () {
      self.reconnects = 0;
      var pending = self.outbox;
      self.outbox = [];
      self.handlers.onOpen(function (msg) { ws.send(JSON.stringify(msg)); });
      pending.forEach(function (text) { ws.send(text); });
    };
    ws.onmessage = function (e) {
      var msg;
      try { msg = JSON.parse(e.data); } catch (ignored) { return; }
      self.handlers.onMessage(msg);
    };
    ws.onclose = function () {
      if (self.socket !== ws || self.closed) { return; }
      self.socket = null;
      // the server went away for a moment, or the session ended: the caller's poll tells which
      if (self.reconnects++ < RECONNECTS) {
        setTimeout(function () { if (!self.closed && !self.socket) { self.open(); } }, 1000 * self.reconnects);
      } else {
        self.handlers.onLost();
      }
    };
  };
  Channels.prototype.send = function (msg) {
    var text = JSON.stringify(msg);
    if (this.socket && this.socket.readyState === WebSocket.OPEN) { this.socket.send(text); } else { this.outbox.push(text); }
  };
  /** Closes for good: nothing queued is sent, no reconnect follows. */
  Channels.prototype.close = function () {
    this.closed = true;
    this.outbox = [];
    if (this.socket) {
      var ws = this.socket;
      this.socket = null;
      ws.close();
    }
  };

  /** A Jupyter message from this page's client session, in Jupyter Server's WebSocket JSON form. */
  function message(clientSession, channel, type, content, parent) {
    return {
      channel: channel,
      header: { msg_id: uuid(), msg_type: type, username: 'editor', session: clientSession, date: new Date().toISOString(), version: '5.3' },
      parent_header: parent || {}, metadata: {}, content: content, buffers: []
    };
  }

  window.KfKernelConnection = { kernels: kernels, Channels: Channels, message: message, uuid: uuid };
})();
