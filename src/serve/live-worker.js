// opsbook serve: the event stream shared by every tab of the preview. Served at
// /__opsbook/live-worker.js and started by live.js as a SharedWorker: one stream for all the
// tabs of a browser, where one a tab took one of the six connections a browser opens to a
// server, and a seventh tab could not load at all.
//
// Tells each connected tab {type: "open"} when the stream (re)opens and {type: "event",
// data} for each event. A stream the server refused (503 with every connection taken) is
// opened again after a pause, where EventSource itself would give up for good.
"use strict";

var ports = [];
var source = null;
var retry = 1000;

function tell(message) {
  ports.forEach(function (port) { port.postMessage(message); });
}

function connect() {
  source = new EventSource("/__opsbook/events");
  source.onopen = function () {
    retry = 1000;
    tell({ type: "open" });
  };
  source.onmessage = function (message) { tell({ type: "event", data: message.data }); };
  source.onerror = function () {
    if (source.readyState !== EventSource.CLOSED) return; // it reconnects by itself
    setTimeout(connect, retry);
    retry = Math.min(retry * 2, 10000);
  };
}

self.onconnect = function (e) {
  var port = e.ports[0];
  ports.push(port);
  port.onmessage = function (message) {
    // A tab going away says so: its port is dropped.
    if (message.data && message.data.type === "bye") {
      ports = ports.filter(function (p) { return p !== port; });
    }
  };
  port.start();
  if (!source) connect();
  else if (source.readyState === EventSource.OPEN) port.postMessage({ type: "open" });
};
