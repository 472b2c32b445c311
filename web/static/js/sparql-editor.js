/* The SPARQL editor: YASGUI (served by ckg from /vendor) pointed at this server's /sparql.
 *
 * Configuration comes from the page's <script type="application/json" id="sparql-config">
 * block (data, not code, so the CSP's script-src 'self' holds). Nothing leaves this server:
 *  - autocompletion uses local lists only: YASQE's "property" and "class" completers ask
 *    lov.linkeddata.es, and its prefix completer can ask prefix.cc; ours offers ckg's prefixes;
 *  - the endpoint is fixed to /sparql (also for tabs restored from storage and for shared
 *    links that name another endpoint), the endpoint catalogue lists only it, no CORS proxy;
 *  - no URL shortener (createShortLink stays unset); YASGUI's icons are inline SVG.
 * The page's connect-src 'self' would block any stray request anyway; the browser test
 * checks that none is even attempted.
 */
(function () {
  "use strict";

  var configEl = document.getElementById("sparql-config");
  var mount = document.getElementById("yasgui");
  var status = document.getElementById("sparql-status");
  var truncatedNote = document.getElementById("sparql-truncated");
  if (!configEl || !mount) return;
  if (typeof window.Yasgui === "undefined") {
    status.textContent = "The editor could not load (is /vendor/yasgui.min.js installed? run `make setup`).";
    return;
  }
  var config = JSON.parse(configEl.textContent);
  var Yasgui = window.Yasgui;
  var endpoint = new URL(config.endpoint, window.location.href).href;
  var examples = {};
  config.examples.forEach(function (q) { examples[q.name] = q; });

  // --- the editor knows ckg's prefixes, as the endpoint does: YASQE's SPARQL mode starts
  // every query with no prefixes and marks "ckg:" as undeclared; this mode starts with ckg's
  Yasgui.Yasqe.defineMode("ckg-sparql11", function (cmConfig) {
    var base = Yasgui.Yasqe.getMode(cmConfig, "sparql11");
    return Object.assign({}, base, {
      startState: function () {
        var state = base.startState();
        state.prefixes = Object.assign({}, config.prefixes);
        return state;
      },
    });
  });

  // --- autocompletion from local lists only
  var prefixLines = Object.keys(config.prefixes).sort().map(function (p) {
    return p + ": <" + config.prefixes[p] + ">";
  });
  Yasgui.Yasqe.forkAutocompleter("prefixes", {
    name: "ckgPrefixes",
    persistenceId: null,
    get: function () { return Promise.resolve(prefixLines); },
  }, false);
  // Replaced in place rather than passed in the config: YASGUI merges arrays index by index,
  // so a shorter list there would keep the tail of the defaults ("class", the LOV completer).
  Yasgui.defaults.yasqe.autocompleters = ["ckgPrefixes", "variables"];

  // --- the results table's sort and search keys: YASR builds them by handing each value's raw
  // text to DOMPurify, which parses it as HTML. Nothing runs (the parse is inert), but a value
  // quoting markup such as <svg onload=...> (document text can) makes Chromium compile that
  // handler, block it under the CSP and log a violation. The keys only need the text: give
  // DataTables the value HTML-escaped (it decodes entities back for searching); the cells
  // themselves are still drawn by YASR, which escapes them.
  var Table = Yasgui.Yasr && Yasgui.Yasr.plugins && Yasgui.Yasr.plugins.table;
  if (Table && typeof Table.prototype.getColumns === "function") {
    var getColumns = Table.prototype.getColumns;
    Table.prototype.getColumns = function () {
      return getColumns.call(this).map(function (column, i) {
        if (i === 0 || typeof column.render !== "function") return column; // the row number
        var render = column.render;
        return Object.assign({}, column, {
          render: function (cell, type, row, meta) {
            if (cell && typeof cell === "object" && (type === "filter" || type === "sort" || !type)) {
              return escapeHtml(cell.value);
            }
            return render.call(this, cell, type, row, meta);
          },
        });
      });
    };
  }

  function escapeHtml(text) {
    return String(text).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }

  var yasgui = new Yasgui(mount, {
    autofocus: false,
    persistenceId: "ckg_sparql",
    tabName: "Query",
    copyEndpointOnNewTab: false,
    corsProxy: undefined,
    requestConfig: { endpoint: endpoint, method: "POST" },
    endpointCatalogueOptions: {
      getData: function () { return [{ endpoint: endpoint }]; },
      keys: [],
    },
    // a link carrying ?query= (the search page's "show the SPARQL", a shared link) opens in a
    // tab and runs; whatever endpoint the link names, the query goes to this server
    populateFromUrl: function (tabConfig) {
      tabConfig.requestConfig.endpoint = endpoint;
      return tabConfig;
    },
    yasqe: {
      mode: "ckg-sparql11",
      value: config.starter,
      editorHeight: "300px",
      createShortLink: undefined,
      prefixCcApi: null,
    },
    yasr: {
      prefixes: config.prefixes,
      defaultPlugin: "table",
    },
  });

  // --- the editor's text field (CodeMirror's own textarea) gets a name and the keys to use,
  // in every tab: screen readers otherwise announce an unlabelled text area
  function labelEditor() {
    var tab = yasgui.getTab();
    var yasqe = tab && tab.getYasqe && tab.getYasqe();
    var field = yasqe && yasqe.getInputField && yasqe.getInputField();
    if (!field) return;
    field.setAttribute("aria-label", "SPARQL query");
    field.setAttribute("aria-describedby", "sparql-keys");
  }
  labelEditor();
  ["tabSelect", "tabAdd", "tabChange"].forEach(function (event) {
    yasgui.on(event, function () { window.setTimeout(labelEditor, 0); });
  });

  // tabs restored from this browser's storage keep their endpoint: point them here too
  Object.keys(yasgui._tabs || {}).forEach(function (id) {
    var tab = yasgui.getTab(id);
    if (tab && tab.getEndpoint() !== endpoint) tab.setEndpoint(endpoint);
  });

  // --- examples: load the named query into the current tab
  document.querySelectorAll("a[data-example]").forEach(function (link) {
    link.addEventListener("click", function (event) {
      var example = examples[link.getAttribute("data-example")];
      if (!example || event.ctrlKey || event.metaKey || event.shiftKey) return; // new tab: follow the link
      event.preventDefault();
      var tab = yasgui.getTab();
      tab.setQuery(example.text);
      tab.setName(example.title);
      document.querySelectorAll("a[data-example][aria-current]").forEach(function (a) {
        a.removeAttribute("aria-current");
      });
      link.setAttribute("aria-current", "true");
      status.textContent = "Loaded “" + example.title + "”. Run it with the ▶ button or Ctrl+Enter.";
      tab.getYasqe().focus();
    });
  });

  // --- IRIs in the results open ckg's own page for them (passages, bodies, documents, terms),
  // not the w3id.org address: the href is rewritten as the click happens, so it works on every
  // page of the results table however often YASR redraws it
  function localPage(href) {
    if (href.indexOf(config.entityBase) === 0) {
      return "/entity/" + href.slice(config.entityBase.length).split("/").map(encodeURIComponent).join("/");
    }
    if (href.indexOf(config.ontologyBase) === 0) return "/entity?iri=" + encodeURIComponent(href);
    return null;
  }
  function toLocal(event) {
    var link = event.target.closest ? event.target.closest(".yasr a[href]") : null;
    var local = link && localPage(link.getAttribute("href"));
    if (local) link.setAttribute("href", local);
  }
  mount.addEventListener("click", toLocal, true);
  mount.addEventListener("auxclick", toLocal, true);

  // --- the row cap: say so above the results when the server cut them
  yasgui.on("queryResponse", function (_yasgui, tab) {
    window.setTimeout(function () { showTruncation(tab); }, 0); // YASR takes the response after this event
  });
  yasgui.on("query", function () { hideTruncation(); status.textContent = "Running…"; });
  yasgui.on("tabSelect", hideTruncation);

  function showTruncation(tab) {
    var yasr = tab.getYasr();
    var results = yasr && yasr.results;
    status.textContent = "";
    if (!results || !isTruncated(results)) return;
    truncatedNote.textContent = "Only the first " + config.maxRows.toLocaleString("en-GB") +
      " rows are shown: the result was longer and the server cut it at its row limit. " +
      "Add LIMIT and OFFSET to page through it, or narrow the query.";
    truncatedNote.hidden = false;
    if (yasr.rootEl && yasr.rootEl.parentNode) yasr.rootEl.parentNode.insertBefore(truncatedNote, yasr.rootEl);
  }

  function hideTruncation() { truncatedNote.hidden = true; }

  function isTruncated(results) {
    var response = results.res; // the fetch response YASR keeps: headers for every format
    if (response && response.headers && typeof response.headers.get === "function") {
      return response.headers.get("X-CKG-Truncated") === "true";
    }
    try {
      var json = results.getAsJson(); // a response restored from storage has no headers
      return Boolean(json && json.truncated);
    } catch (e) {
      return false;
    }
  }
})();
