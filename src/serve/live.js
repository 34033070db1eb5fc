// opsbook serve: live reload and the error overlay. Served at /__opsbook/live.js by
// `opsbook serve` only; a built site never includes it.
//
// Listens to /__opsbook/events (Server-Sent Events) through live-worker.js, a SharedWorker
// holding one stream for every tab (a stream a tab took one of the browser's six connections
// to the server); where there is no SharedWorker, through its own EventSource. Each
// event is {generation, changed: [output paths], errors: [diagnostics]}. The page reloads
// only when its own file, or a local file it uses, is in `changed` (or `changed` is ["*"]),
// and comes back at the same scroll position. Errors show in an overlay until an event
// without errors arrives, saying whether the page shows the latest edit or an older build. All text goes in through textContent, never as HTML.
(function () {
  "use strict";
  if (window.__opsbookLive || !window.EventSource) return;
  window.__opsbookLive = true;

  var SCROLL_KEY = "opsbook-serve-scroll:" + location.pathname;
  var latest = 0; // the newest generation this page has heard of
  var served = servedGeneration(); // the generation this page was served from, if known
  if (served !== null) latest = served;
  var instance = null; // which run of the server that was
  var overlay = null;

  // The server names the build it answered from in a Server-Timing metric.
  function servedGeneration() {
    try {
      var entry = performance.getEntriesByType("navigation")[0];
      var timings = (entry && entry.serverTiming) || [];
      for (var i = 0; i < timings.length; i++) {
        if (timings[i].name === "opsbook-generation") {
          var n = parseInt(timings[i].description, 10);
          return isFinite(n) ? n : null;
        }
      }
    } catch (e) {}
    return null;
  }

  function restoreScroll() {
    var saved = null;
    try {
      saved = sessionStorage.getItem(SCROLL_KEY);
      sessionStorage.removeItem(SCROLL_KEY);
    } catch (e) {}
    if (saved === null) return;
    var y = parseFloat(saved);
    if (!isFinite(y)) return;
    var apply = function () { window.scrollTo(0, y); };
    if (document.readyState === "complete") apply();
    else window.addEventListener("load", apply);
  }

  function reload() {
    try {
      sessionStorage.setItem(SCROLL_KEY, String(window.scrollY || window.pageYOffset || 0));
    } catch (e) {}
    location.reload();
  }

  // The output file a URL path is served from: "/a/b/" -> "a/b/index.html".
  function outputPath(pathname) {
    var p = pathname;
    try { p = decodeURIComponent(pathname); } catch (e) {}
    p = p.replace(/^\/+/, "");
    if (p === "" || p.charAt(p.length - 1) === "/") p += "index.html";
    return p;
  }

  // This page's own file and the local files it uses.
  function dependencies() {
    var deps = [outputPath(location.pathname)];
    var nodes = document.querySelectorAll(
      "link[rel~=stylesheet][href], link[rel~=icon][href], script[src], img[src]");
    for (var i = 0; i < nodes.length; i++) {
      var href = nodes[i].href || nodes[i].src;
      try {
        var url = new URL(href, location.href);
        if (url.origin === location.origin) deps.push(outputPath(url.pathname));
      } catch (e) {}
    }
    return deps;
  }

  function affected(changed) {
    if (!changed || !changed.length) return false;
    if (changed.indexOf("*") !== -1) return true;
    var deps = dependencies();
    for (var i = 0; i < deps.length; i++) {
      if (changed.indexOf(deps[i]) !== -1) return true;
    }
    return false;
  }

  var CSS =
    ":host{all:initial}" +
    ".panel{position:fixed;z-index:2147483647;left:1rem;right:1rem;bottom:1rem;max-height:60vh;" +
    "overflow:auto;box-sizing:border-box;padding:.75rem 1rem;border-radius:8px;" +
    "font:14px/1.5 system-ui,-apple-system,'Segoe UI',sans-serif;" +
    "background:#fff;color:#1f2328;border:1px solid #d0d7de;border-left:6px solid #cf222e;" +
    "box-shadow:0 8px 30px rgba(0,0,0,.25)}" +
    ".panel.dark{background:#161b22;color:#e6edf3;border-color:#30363d;border-left-color:#f85149}" +
    "@media (prefers-color-scheme:dark){.panel:not(.light){background:#161b22;color:#e6edf3;" +
    "border-color:#30363d;border-left-color:#f85149}}" +
    ".head{display:flex;align-items:center;gap:1rem;margin:0 0 .5rem}" +
    "h2{font-size:15px;margin:0;flex:1}" +
    "button{font:inherit;cursor:pointer;background:transparent;color:inherit;" +
    "border:1px solid currentColor;border-radius:6px;padding:.1rem .6rem}" +
    "ul{list-style:none;margin:0;padding:0}" +
    "li{padding:.5rem 0;border-top:1px solid rgba(127,127,127,.3)}" +
    ".loc{font:13px/1.4 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;opacity:.85}" +
    ".code{font-weight:600;color:#cf222e}" +
    ".dark .code{color:#ff7b72}" +
    "@media (prefers-color-scheme:dark){.panel:not(.light) .code{color:#ff7b72}}" +
    ".msg{margin:.15rem 0 0}" +
    ".help{margin:.15rem 0 0;opacity:.85}";

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function hideErrors() {
    if (overlay && overlay.parentNode) overlay.parentNode.removeChild(overlay);
    overlay = null;
  }

  // What the page shows, as the server says (`showing`): the latest edit with its errors, an
  // older build (the latest made nothing), or nothing yet.
  var SHOWING = {
    "latest": "the page shows the latest edit; opsbook build refuses the site until fixed",
    "last-good": "showing the last good build",
    "none": "nothing is built yet"
  };

  function showErrors(errors, showing) {
    hideErrors();
    if (!errors || !errors.length) return;
    var host = el("div");
    host.id = "opsbook-serve-errors";
    var root = host.attachShadow ? host.attachShadow({ mode: "open" }) : host;
    var style = el("style");
    style.textContent = CSS;
    root.appendChild(style);
    var panel = el("section", "panel");
    var theme = document.documentElement.getAttribute("data-theme");
    if (theme === "dark" || theme === "light") panel.className += " " + theme;
    panel.setAttribute("role", "alert");
    panel.setAttribute("aria-label", "Build errors");
    var head = el("div", "head");
    var what = SHOWING[showing] || SHOWING["last-good"];
    head.appendChild(el("h2", "", (errors.length === 1 ? "1 error: " : errors.length + " errors: ") + what));
    var close = el("button", "", "Hide");
    close.type = "button";
    close.addEventListener("click", hideErrors);
    head.appendChild(close);
    panel.appendChild(head);
    var list = el("ul");
    for (var i = 0; i < errors.length; i++) {
      var d = errors[i] || {};
      var item = el("li");
      var loc = el("div", "loc");
      loc.appendChild(el("span", "code", "error[" + (d.code || "error") + "]"));
      if (d.path) {
        var where = String(d.path);
        if (d.line) where += ":" + d.line + (d.column ? ":" + d.column : "");
        loc.appendChild(document.createTextNode(" " + where));
      }
      item.appendChild(loc);
      item.appendChild(el("p", "msg", String(d.message || "")));
      if (d.help) item.appendChild(el("p", "help", "help: " + d.help));
      list.appendChild(item);
    }
    panel.appendChild(list);
    root.appendChild(panel);
    (document.body || document.documentElement).appendChild(host);
    overlay = host;
  }

  function onEvent(message) {
    var event;
    try { event = JSON.parse(message.data); } catch (e) { return; }
    if (typeof event.generation === "number") latest = Math.max(latest, event.generation);
    showErrors(event.errors, event.showing);
    if (affected(event.changed)) reload();
  }

  // On every (re)connection: show the current errors, and catch up on the events missed
  // while disconnected, or since the page was served: the server lists what the later builds
  // changed (a rebuild of the search index alone changes nothing this page shows). A
  // restarted server, or a page that does not know its generation, reloads.
  function onOpen() {
    if (!window.fetch) return;
    var since = latest;
    var known = instance !== null || served !== null;
    fetch("/__opsbook/state?since=" + since, { cache: "no-store" })
      .then(function (r) { return r.json(); })
      .then(function (state) {
        var restarted = instance !== null && state.instance !== instance;
        instance = state.instance;
        var missed = known && state.generation > since && affected(state.changed);
        if (restarted || missed) { reload(); return; }
        if (state.generation >= latest) {
          latest = state.generation;
          showErrors(state.errors, state.showing);
        }
      })
      .catch(function () {});
  }

  // The tab's own stream, where the browser has no shared worker: opened again after a
  // refusal (503, every connection taken), which EventSource would take as final.
  function ownStream() {
    var source = new EventSource("/__opsbook/events");
    source.onmessage = onEvent;
    source.onopen = onOpen;
    source.onerror = function () {
      if (source.readyState === EventSource.CLOSED) setTimeout(ownStream, 3000);
    };
  }

  restoreScroll();
  var shared = null;
  if (window.SharedWorker) {
    try {
      shared = new SharedWorker("/__opsbook/live-worker.js", { name: "opsbook-live" });
    } catch (e) {
      shared = null;
    }
  }
  if (shared) {
    shared.port.onmessage = function (message) {
      var m = message.data || {};
      if (m.type === "open") onOpen();
      else if (m.type === "event") onEvent({ data: m.data });
    };
    shared.port.start();
    window.addEventListener("pagehide", function () { shared.port.postMessage({ type: "bye" }); });
  } else {
    ownStream();
  }
})();
