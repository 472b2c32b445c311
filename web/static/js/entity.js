// Entity page: draws the small neighbourhood map from /api/graph?focus=<iri>&depth=1 with
// Cytoscape. The page is complete without it (the Relations lists hold every neighbour), so any
// failure (no /api/graph yet, no Cytoscape, an empty neighbourhood) leaves the map hidden.
(function () {
  "use strict";
  var el = document.getElementById("entity-map");
  if (!el || typeof window.cytoscape !== "function" || !window.fetch) {
    return;
  }
  var COLOURS = {
    body: "#1f5fa8", person: "#6b3fa0", post: "#8d6cc0", service: "#1e7a46", priority: "#b5651d",
    intention: "#9a5b00", funding: "#2e8b57", document: "#7a6a3a", topic: "#a33a6b",
    area: "#4a6b82", indicator: "#5a6272", other: "#8a93a3"
  };
  var focus = el.getAttribute("data-focus");

  function draw(data) {
    var nodes = (data && data.nodes) || [];
    if (nodes.length < 2) {
      return;
    }
    var ids = {};
    nodes.forEach(function (n) { ids[n.id] = true; });
    var elements = nodes.map(function (n) {
      return { data: { id: n.id, label: n.label || "", kind: n.kind || "other", url: n.url || "" } };
    });
    (data.edges || []).forEach(function (e, i) {
      if (ids[e.source] && ids[e.target]) {
        elements.push({ data: { id: "e" + i + ":" + (e.id || ""), source: e.source, target: e.target,
                                label: e.label || e.kind || "" } });
      }
    });
    // Past a couple of dozen neighbours the labels overlap into a grey ring: then only the
    // focus is labelled, and a neighbour's label shows while the pointer is on it.
    var crowded = nodes.length > 25;
    el.hidden = false;
    var cy = window.cytoscape({
      container: el,
      elements: elements,
      wheelSensitivity: 0.3,
      minZoom: 0.2,
      maxZoom: 1.4, // a three-node neighbourhood should not fill the box with giant circles
      style: [
        { selector: "node", style: {
          "background-color": function (n) { return COLOURS[n.data("kind")] || COLOURS.other; },
          "label": function (n) {
            if (crowded && !n.hasClass("focus") && !n.hasClass("hover")) {
              return "";
            }
            var l = n.data("label");
            return l.length > 38 ? l.slice(0, 36) + "…" : l;
          },
          "font-size": 10, "color": "#1d2330", "text-valign": "bottom", "text-margin-y": 4,
          "text-wrap": "wrap", "text-max-width": 120, "width": 16, "height": 16
        } },
        { selector: "node.hover", style: { "font-weight": "bold", "z-index": 10, "text-background-color": "#ffffff",
          "text-background-opacity": 0.85 } },
        { selector: "node.focus", style: {
          "width": 28, "height": 28, "border-width": 3, "border-color": "#f2a900", "font-weight": "bold"
        } },
        { selector: "edge", style: {
          "width": 1.2, "line-color": "#b9c2d3", "target-arrow-color": "#b9c2d3",
          "target-arrow-shape": "triangle", "curve-style": "bezier", "arrow-scale": 0.7
        } }
      ],
      layout: { name: "preset" }
    });
    window.ckgEntityMap = { cy: cy }; // for the browser tests and the console
    cy.getElementById(focus).addClass("focus");
    // A ring round the focus reads best for a few neighbours; a force layout for many, where
    // shared neighbours (a document stating 60 intentions) pull their own cluster together.
    cy.layout(crowded ? {
      name: "cose", animate: false, randomize: false, nodeRepulsion: function () { return 9000; },
      idealEdgeLength: function () { return 60; }, numIter: 600
    } : {
      name: "concentric", animate: false, minNodeSpacing: 30,
      concentric: function (n) { return n.id() === focus ? 2 : 1; },
      levelWidth: function () { return 1; }
    }).run();
    cy.on("mouseover", "node", function (evt) { evt.target.addClass("hover"); });
    cy.on("mouseout", "node", function (evt) { evt.target.removeClass("hover"); });
    cy.on("tap", "node", function (evt) {
      var url = evt.target.data("url");
      if (url && evt.target.id() !== focus) {
        window.location.href = url;
      }
    });
    var note = document.getElementById("entity-map-note");
    if (note && data.truncated) {
      note.insertAdjacentText("afterbegin", "The map shows part of the neighbourhood. ");
    }
  }

  fetch(el.getAttribute("data-graph-url"), { headers: { Accept: "application/json" } })
    .then(function (resp) { return resp.ok ? resp.json() : null; })
    .then(function (data) {
      try {
        draw(data);
      } catch (err) {
        el.hidden = true;
      }
    })
    .catch(function () { el.hidden = true; });
})();
