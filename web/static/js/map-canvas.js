// The drawing: one Cytoscape instance, with the fcose layout, merging of new nodes next to
// the node they came from, path highlighting and PNG export.
/* global cytoscape */

import { bodyFont, cyStyle, layoutOptions, nodeDiameter, shortLabel, shortMoney } from "./map-style.js";

const PHONE_MIN_ZOOM = 0.5;
const MAX_FIT_ZOOM = 1.2;
// Below this zoom, bodies' labels grow (up to MAX_LABEL_SCALE times) to stay legible.
const LABEL_ZOOM = 0.65;
const MAX_LABEL_SCALE = 1.9;

const FOCUS_MIN_DIAMETER = 40;

function nodeElement(n, focus) {
  let short = shortLabel(n.label, n.kind === "body" ? 56 : 34);
  if (n.amount !== null && n.amount !== undefined) short = `${shortMoney(n.amount)} · ${shortLabel(n.label, 28)}`;
  const d = nodeDiameter(n.size, n.kind);
  return {
    group: "nodes",
    data: {
      id: n.id,
      label: n.label,
      short,
      kind: n.kind,
      size: n.size,
      d: n.id === focus ? Math.max(d, FOCUS_MIN_DIAMETER) : d,
      url: n.url,
      amount: n.amount,
      areaNames: n.area_names || [],
      documentNames: n.document_names || [],
      ...bodyFont(n.size),
    },
  };
}

function edgeElement(e) {
  return { group: "edges", data: { id: e.id, source: e.source, target: e.target, kind: e.kind, label: e.label, evidence: e.evidence || null } };
}

export function createCanvas(container, legend) {
  const cy = cytoscape({
    container,
    style: cyStyle(legend),
    minZoom: 0.08,
    maxZoom: 3,
    boxSelectionEnabled: false,
    selectionType: "single",
  });

  let labelScale = 1;
  function scaleLabels() {
    const k = Math.min(MAX_LABEL_SCALE, Math.max(1, LABEL_ZOOM / cy.zoom()));
    if (Math.abs(k - labelScale) < 0.08) return;
    labelScale = k;
    cy.batch(() => cy.nodes("[kind = 'body']").forEach((n) => n.data(bodyFont(n.data("size"), k))));
  }
  let pending = false;
  cy.on("zoom", () => {
    if (pending) return;
    pending = true;
    requestAnimationFrame(() => {
      pending = false;
      scaleLabels();
    });
  });

  function runLayout(randomize = true) {
    return new Promise((resolve) => {
      if (!cy.nodes().length) return resolve();
      const layout = cy.layout(layoutOptions(randomize, !randomize));
      layout.one("layoutstop", () => resolve());
      layout.run();
    });
  }

  /** Replace the drawing with a view; ``small`` (a phone) starts zoomed on the most central node. */
  async function draw(data, small) {
    cy.elements().remove();
    cy.add(data.nodes.map((n) => nodeElement(n, data.focus)));
    cy.add(data.edges.map(edgeElement));
    if (data.focus) cy.getElementById(data.focus).addClass("focus");
    labelScale = 1; // the layout spaces nodes for the plain labels
    await runLayout(true);
    if (small && cy.nodes().length && cy.zoom() < PHONE_MIN_ZOOM) {
      cy.zoom(PHONE_MIN_ZOOM);
      cy.center(cy.nodes().max((n) => n.data("size")).ele);
    } else if (cy.zoom() > MAX_FIT_ZOOM) {
      cy.zoom(MAX_FIT_ZOOM); // a handful of nodes should not fill the screen with giant circles
      cy.center();
    }
  }

  /** Add nodes and edges not yet drawn, new nodes starting beside ``near``; returns how many nodes. */
  async function merge(data, near) {
    const origin = near && cy.getElementById(near).nonempty() ? cy.getElementById(near).position() : null;
    const added = [];
    for (const n of data.nodes) {
      if (cy.getElementById(n.id).nonempty()) continue;
      const elem = nodeElement(n);
      if (n.kind === "body") Object.assign(elem.data, bodyFont(n.size, labelScale));
      if (origin) elem.position = { x: origin.x + (Math.random() - 0.5) * 160, y: origin.y + (Math.random() - 0.5) * 160 };
      added.push(elem);
    }
    cy.add(added);
    cy.add(data.edges.filter((e) => cy.getElementById(e.id).empty()).map(edgeElement));
    if (added.length) await runLayout(false);
    return added.length;
  }

  /** Fade everything but the given nodes and edges, and bring them into view. */
  function highlight(data) {
    clearHighlight();
    const on = cy.collection();
    for (const n of data.nodes) on.merge(cy.getElementById(n.id));
    for (const e of data.edges) on.merge(cy.getElementById(e.id));
    cy.elements().addClass("faded");
    on.removeClass("faded").addClass("path");
    cy.animate({ fit: { eles: on, padding: 60 } }, { duration: 400 });
  }

  function clearHighlight() {
    cy.elements().removeClass("path faded");
  }

  /** Centre a node within the ``width`` pixels from the left (the rest is under the panel). */
  function centreOn(n, width) {
    const zoom = Math.max(cy.zoom(), 0.9);
    const pos = n.position();
    cy.animate({ zoom, pan: { x: width / 2 - pos.x * zoom, y: cy.height() / 2 - pos.y * zoom } }, { duration: 300 });
  }

  /** Download the whole drawing as a PNG (twice the screen resolution, white background). */
  function exportPng(filename) {
    const blob = cy.png({ output: "blob", bg: "#ffffff", full: true, scale: 2, maxWidth: 6000, maxHeight: 6000 });
    const url = URL.createObjectURL(blob);
    const a = document.createElement("a");
    a.href = url;
    a.download = filename;
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 5000);
  }

  return { cy, draw, merge, highlight, clearHighlight, centreOn, exportPng };
}

/** The first path as list items: "A", "commissions → B", "← provides C", ... */
export function pathSteps(data, el) {
  const labels = Object.fromEntries(data.nodes.map((n) => [n.id, n.label]));
  return data.paths[0].map((id, i, p) => {
    if (i === 0) return el("li", { text: labels[id] });
    const e = data.edges.find((x) => (x.source === p[i - 1] && x.target === id) || (x.target === p[i - 1] && x.source === id));
    const verb = e ? (e.source === p[i - 1] ? `${e.label} →` : `← ${e.label}`) : "—";
    return el("li", {}, el("span", { class: "muted small", text: verb + " " }), labels[id]);
  });
}
