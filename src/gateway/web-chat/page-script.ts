/**
 * Browser script of the web chat page, as a string (no build step). It speaks the Pico protocol
 * over /pico/ws with the `token.<t>` subprotocol and renders with textContent only (no HTML from
 * the agent ever reaches innerHTML). Plain ES2017, no template literals, so it sits in a TS string.
 */

/** The page's JavaScript. */
export const PAGE_SCRIPT = `
(function () {
  "use strict";
  var $ = function (id) { return document.getElementById(id); };
  var store = window.localStorage;
  var TOKEN_KEY = "picoclaw.token";
  var SESSION_KEY = "picoclaw.session";
  var HISTORY_LIMIT = 200;
  var log = $("log"), input = $("input"), banner = $("banner"), login = $("login");

  function randomId() {
    var bytes = new Uint8Array(12);
    crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return (b + 256).toString(16).slice(1); }).join("");
  }

  // A token in the URL fragment (never sent to the server) is stored, then removed from the address bar.
  var fragment = new URLSearchParams(location.hash.slice(1));
  if (fragment.get("token")) {
    store.setItem(TOKEN_KEY, fragment.get("token"));
    history.replaceState(null, "", location.pathname + location.search);
  }
  var session = new URLSearchParams(location.search).get("session") || store.getItem(SESSION_KEY) || randomId();
  store.setItem(SESSION_KEY, session);
  var historyKey = "picoclaw.history." + session;

  var messages = [];
  try { messages = JSON.parse(store.getItem(historyKey) || "[]"); } catch (e) { messages = []; }
  var nodes = {};

  function save() {
    if (messages.length > HISTORY_LIMIT) messages = messages.slice(-HISTORY_LIMIT);
    try { store.setItem(historyKey, JSON.stringify(messages)); } catch (e) { /* storage full: keep in memory */ }
  }
  function render(m) {
    var node = nodes[m.id];
    if (!node) {
      node = document.createElement("div");
      node.dataset.id = m.id;
      nodes[m.id] = node;
      log.appendChild(node);
    }
    node.className = "msg " + m.role + (m.placeholder ? " placeholder" : "") + (m.kind ? " " + m.kind : "");
    node.textContent = m.text;
    log.scrollTop = log.scrollHeight;
  }
  function upsert(id, role, text, extra) {
    var m = null;
    for (var i = 0; i < messages.length; i++) if (messages[i].id === id) m = messages[i];
    if (!m) { m = { id: id }; messages.push(m); }
    m.role = role; m.text = text;
    m.placeholder = !!(extra && extra.placeholder);
    m.kind = (extra && extra.kind) || "";
    render(m); save();
  }
  function remove(id) {
    messages = messages.filter(function (m) { return m.id !== id; });
    if (nodes[id]) { nodes[id].remove(); delete nodes[id]; }
    save();
  }
  messages.forEach(render);

  function setState(text) { $("state").textContent = text; }
  function showBanner(text, isError) {
    banner.textContent = text;
    banner.className = "show" + (isError ? " error" : "");
  }
  function hideBanner() { banner.className = ""; banner.textContent = ""; }
  function setTyping(on) { $("typing").className = on ? "show" : ""; }
  function showLogin(show) { login.className = show ? "show" : ""; if (show) $("token").focus(); }

  function describe(p) {
    if (p.kind === "tool_calls" && p.tool_calls) {
      return p.tool_calls.map(function (c) { return "🔧 " + ((c.function && c.function.name) || "tool"); }).join("\\n");
    }
    var text = p.content || "";
    (p.attachments || []).forEach(function (a) { text += (text ? "\\n" : "") + "📎 " + (a.filename || a.type || "file"); });
    return text;
  }
  function onFrame(data) {
    var frame;
    try { frame = JSON.parse(data); } catch (e) { return; }
    var p = frame.payload || {};
    switch (frame.type) {
      case "message.create":
      case "message.update":
        upsert(p.message_id || randomId(), "assistant", describe(p), {
          placeholder: p.placeholder, kind: p.kind === "tool_calls" ? "tool" : (p.kind || (p.thought ? "thought" : "")) });
        break;
      case "message.delete": remove(p.message_id); break;
      case "typing.start": setTyping(true); break;
      case "typing.stop": setTyping(false); break;
      case "error": upsert(randomId(), "error", "⚠ " + (p.message || p.code || "error")); break;
    }
  }

  var socket = null, attempt = 0, retryTimer = 0, generation = 0;
  function scheduleRetry() {
    var ceiling = Math.min(30000, 1000 * Math.pow(2, attempt++));
    retryTimer = setTimeout(connect, ceiling / 2 + Math.random() * ceiling / 2);
  }
  function refused(text) {
    setState("not connected");
    showBanner(text, true);
    showLogin(true);
  }
  // A failed upgrade looks the same in the browser whatever the cause; ask the endpoint over HTTP.
  function diagnose(token, mine) {
    fetch("/pico/ws?session_id=" + encodeURIComponent(session), {
      headers: { Authorization: "Bearer " + token }, cache: "no-store" })
      .then(function (r) {
        if (mine !== generation) return;
        if (r.status === 401) refused("The token was refused. Enter the gateway's Pico token.");
        else if (r.status === 403) refused("The gateway refused this page's origin (pico allow_origins).");
        else { showBanner("Connection lost, retrying…"); scheduleRetry(); }
      })
      .catch(function () {
        if (mine !== generation) return;
        setState("offline");
        showBanner("gateway unreachable, retrying…");
        scheduleRetry();
      });
  }
  function connect() {
    clearTimeout(retryTimer);
    var token = store.getItem(TOKEN_KEY);
    if (!token) { refused("Enter the gateway token to start."); return; }
    var mine = ++generation;
    setState("connecting…");
    var url = (location.protocol === "https:" ? "wss://" : "ws://") + location.host +
      "/pico/ws?session_id=" + encodeURIComponent(session);
    try { socket = new WebSocket(url, ["token." + token]); }
    catch (e) { refused("The token was refused: it has characters a WebSocket cannot carry."); return; }
    var ws = socket;
    ws.onopen = function () { attempt = 0; hideBanner(); showLogin(false); setState("connected"); };
    ws.onmessage = function (event) { onFrame(event.data); };
    ws.onclose = function () {
      if (mine !== generation) return;
      socket = null;
      setTyping(false);
      setState("disconnected");
      diagnose(token, mine);
    };
  }

  $("composer").addEventListener("submit", function (event) {
    event.preventDefault();
    var text = input.value.trim();
    if (!text) return;
    if (!socket || socket.readyState !== 1) { showBanner("Not connected yet; your message was not sent."); return; }
    var id = "msg-" + randomId();
    socket.send(JSON.stringify({ type: "message.send", id: id, session_id: session, payload: { content: text } }));
    upsert(id, "user", text);
    input.value = "";
  });
  input.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && !event.shiftKey) { event.preventDefault(); $("composer").requestSubmit(); }
  });
  login.addEventListener("submit", function (event) {
    event.preventDefault();
    var token = $("token").value.trim();
    if (!token) return;
    store.setItem(TOKEN_KEY, token);
    $("token").value = "";
    if (socket) { generation++; socket.close(); socket = null; }
    attempt = 0;
    connect();
  });
  $("change-token").addEventListener("click", function () { showLogin(login.className !== "show"); });
  $("clear").addEventListener("click", function () {
    messages = []; nodes = {}; log.textContent = ""; store.removeItem(historyKey);
  });
  connect();
})();
`;
