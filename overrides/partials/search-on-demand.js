// Material fetches the whole search index and starts its search worker on every
// page load (~95 KB gzipped together), although most visits never search. This
// holds both back until the reader reaches for search: focus or click on the
// search field or its button, or a search shortcut key. Loaded before Material's
// bundle; every other request and worker goes through untouched.
(function () {
  var start;
  var wanted = new Promise(function (resolve) { start = resolve; });
  function isSearch(el) {
    return el && el.closest && el.closest("[data-md-component=search], label[for=__search], #__search");
  }
  document.addEventListener("focusin", function (e) { if (isSearch(e.target)) start(); }, true);
  document.addEventListener("pointerdown", function (e) { if (isSearch(e.target)) start(); }, true);
  document.addEventListener("change", function (e) { if (e.target && e.target.id === "__search") start(); }, true);
  document.addEventListener("keydown", function (e) {
    if (/^[/sSfF]$/.test(e.key) || e.key === "k" && (e.ctrlKey || e.metaKey)) start();
  }, true);

  // Material (search/search_index.json) and Zensical (search.json) request the index
  // with XMLHttpRequest: hold back its send().
  var INDEX = /\/search(\/search_index)?\.json(\?|$)/;
  var open = XMLHttpRequest.prototype.open, send = XMLHttpRequest.prototype.send;
  XMLHttpRequest.prototype.open = function (method, url) {
    this.searchIndex = INDEX.test(String(url));
    return open.apply(this, arguments);
  };
  XMLHttpRequest.prototype.send = function () {
    var xhr = this, args = arguments;
    if (!xhr.searchIndex) return send.apply(xhr, args);
    wanted.then(function () { send.apply(xhr, args); });
  };

  // The worker is created at once but only spoken to after the index arrives:
  // a stand-in keeps the listeners and creates the real worker on the first message.
  var RealWorker = window.Worker, HANDLERS = ["onmessage", "onerror", "onmessageerror"];
  window.Worker = function (url, options) {
    if (!/\/workers\/search\.[^/]*\.js/.test(String(url))) return new RealWorker(url, options);
    var real = null, listeners = [];
    function worker() {
      if (!real) {
        real = new RealWorker(url, options);
        listeners.forEach(function (l) { real.addEventListener(l[0], l[1], l[2]); });
        HANDLERS.forEach(function (name) { if (handlers[name]) real[name] = handlers[name]; });
      }
      return real;
    }
    var standIn = {
      postMessage: function (message, transfer) { worker().postMessage(message, transfer); },
      addEventListener: function (type, fn, opts) {
        listeners.push([type, fn, opts]);
        if (real) real.addEventListener(type, fn, opts);
      },
      removeEventListener: function (type, fn, opts) {
        listeners = listeners.filter(function (l) { return l[0] !== type || l[1] !== fn; });
        if (real) real.removeEventListener(type, fn, opts);
      },
      terminate: function () { if (real) real.terminate(); }
    };
    // Zensical's bundle sets worker.onmessage (and onerror) instead of adding listeners
    var handlers = {};
    HANDLERS.forEach(function (name) {
      Object.defineProperty(standIn, name, {
        get: function () { return real ? real[name] : handlers[name] || null; },
        set: function (fn) { handlers[name] = fn; if (real) real[name] = fn; }
      });
    });
    return standIn;
  };
})();
