// The commissioning map page: draws /api/graph (map-canvas.js), keeps the view in the URL
// (map-state.js), and wires filters, search, the side panel (map-panel.js), paths and export.

import { createCanvas, pathSteps } from "./map-canvas.js";
import { fetchNeighbours, fetchPath, fetchView, findNodes, readState, sameView, writeState } from "./map-state.js";
import { el, hidePanel, kindLabel, showPanel } from "./map-panel.js";
import { renderTable } from "./map-table.js";

const root = document.getElementById("map-root");
const legend = JSON.parse(root.dataset.legend);
const DEFAULT_KINDS = JSON.parse(root.dataset.defaultKinds);
const ALL_KINDS = legend.nodes.map((k) => k.name).filter((k) => k !== "other");
const $ = (id) => document.getElementById(id);
const panel = $("map-panel");
const NARROW = window.matchMedia("(max-width: 56rem)");
// A phone shows fewer nodes in the overview, so the map stays legible at its size.
const PHONE_LIMIT = 60;
const status = $("map-status");

let state = readState();
let shown = null; // the state the drawn view was loaded for
let facetsLoaded = false;

const canvas = createCanvas($("cy"), legend);
const cy = canvas.cy;
window.ckgMap = { cy }; // for the browser tests and the console

// ------------------------------------------------------------------ drawing
async function draw(data) {
  await canvas.draw(data, NARROW.matches);
  updateNodeList();
  describe(data);
}

function describe(data) {
  const n = cy.nodes().length;
  const e = cy.edges().length;
  if (!n) {
    status.textContent = "Nothing in the map matches these filters. Clear a filter to see more.";
    return;
  }
  let text = `Showing ${n} nodes and ${e} links.`;
  if (data && data.truncated) text += ` These are the ${n} most central of ${data.total_nodes}: filter, or centre on a node, to see others.`;
  status.textContent = text;
}

function updateNodeList() {
  const list = $("map-node-list");
  const order = (k) => ALL_KINDS.indexOf(k);
  const nodes = cy.nodes().sort((a, b) => order(a.data("kind")) - order(b.data("kind")) || a.data("label").localeCompare(b.data("label")));
  list.replaceChildren(
    ...nodes.map((n) =>
      el(
        "li",
        {},
        el("button", { type: "button", class: "linklike", "data-id": n.id(), onclick: (e) => selectNode(n.id(), true, e.currentTarget) }, n.data("label")),
        el("span", { class: "muted small", text: " · " + kindLabel(legend, n.data("kind")) }),
      ),
    ),
  );
  $("map-nodes-summary").textContent = `Nodes in view (${nodes.length}), for keyboard use`;
  renderTable(cy, legend, order);
}

// ------------------------------------------------------------------ map or table
/** Show the view as the drawing or as tables (``view`` is "table" or undefined). */
function showView(view) {
  const table = view === "table";
  $("map-as-map").setAttribute("aria-pressed", String(!table));
  $("map-as-table").setAttribute("aria-pressed", String(table));
  $("map-table").hidden = !table;
  $("map-fit").hidden = table;
  // the drawing stays laid out (hidden, at its size) so the map comes back as it was
  document.querySelector(".map-stage").classList.toggle("as-table", table);
  if (table && !panel.hidden) {
    hidePanel(panel);
    cy.$(":selected").unselect();
    state = { ...state, sel: undefined };
  }
  if (!table) {
    cy.resize();
    if (cy.nodes().length) cy.fit(undefined, 24);
  }
}

function switchView(view) {
  if ((state.view || undefined) === view) return;
  state = { ...state, view };
  writeState(state, false);
  showView(view);
}

// ------------------------------------------------------------------ loading a view
async function load(next, push) {
  const viewChanged = !shown || !sameView(next, shown);
  state = next;
  writeState(state, push && viewChanged);
  syncControls();
  if (viewChanged) {
    status.textContent = "Loading the map…";
    let data;
    try {
      data = await fetchView(state, !facetsLoaded, NARROW.matches && !state.focus ? PHONE_LIMIT : null);
    } catch (e) {
      status.textContent = `The map could not be loaded: ${e.message}`;
      return;
    }
    if (data.facets) fillFacets(data.facets);
    shown = { ...state };
    syncControls();
    await draw(data);
    syncControls(); // the focus bar names the focus once it is drawn
  }
  if (state.sel && state.view !== "table" && cy.getElementById(state.sel).nonempty()) selectNode(state.sel, false);
  else hidePanel(panel);
  if (state.from && state.to) findConnection();
}

function fillFacets(facets) {
  facetsLoaded = true;
  for (const [name, items] of [["area", facets.areas], ["topic", facets.topics], ["document", facets.documents]]) {
    const select = $(`map-${name}`);
    select.replaceChildren(select.options[0]);
    select.append(...items.map((i) => el("option", { value: i.id, text: `${i.label} (${i.count})` })));
  }
}

function syncControls() {
  for (const name of ["area", "topic", "document"]) {
    const select = $(`map-${name}`);
    let value = state[name] || "";
    const options = [...select.options];
    if (value && !value.includes("://")) {
      // a short name from a hand-written URL (?area=reading): the option whose IRI ends with it
      const match = options.find((o) => o.value.endsWith("/" + value));
      if (match) value = match.value;
    }
    if (facetsLoaded && value && !options.some((o) => o.value === value)) select.append(el("option", { value, text: value }));
    select.value = value;
  }
  const kinds = state.types ? state.types.split(",") : state.focus ? ALL_KINDS : DEFAULT_KINDS;
  for (const box of document.querySelectorAll("#map-filters input[name=types]")) box.checked = kinds.includes(box.value);
  const bar = $("map-focusbar");
  bar.hidden = !state.focus;
  if (state.focus) {
    const n = cy.getElementById(state.focus);
    const link = $("map-focus-link");
    link.textContent = n.nonempty() ? n.data("label") : state.focus;
    link.href = n.nonempty() ? n.data("url") : "#";
    $("map-depth").value = state.depth || "1";
  }
}

function filtersFromForm() {
  const next = { ...state };
  for (const name of ["area", "topic", "document"]) next[name] = $(`map-${name}`).value || undefined;
  const checked = [...document.querySelectorAll("#map-filters input[name=types]:checked")].map((b) => b.value);
  const baseline = state.focus ? ALL_KINDS : DEFAULT_KINDS;
  const same = checked.length === baseline.length && checked.every((k) => baseline.includes(k));
  next.types = same ? undefined : checked.join(",") || undefined;
  delete next.sel;
  return next;
}

// ------------------------------------------------------------------ selection and panel
let opener = null; // the list button a panel was opened from, to return to on close

/** Select a node and open its panel; from a button (``from``), focus moves into the panel. */
function selectNode(id, centre, from = null) {
  const n = cy.getElementById(id);
  if (n.empty()) return;
  if (state.view === "table") switchView(undefined);
  cy.elements().removeClass("near");
  cy.$(":selected").unselect();
  n.select();
  n.closedNeighborhood().addClass("near");
  if (state.sel !== id) {
    state = { ...state, sel: id };
    writeState(state, false);
  }
  showPanel(panel, id, { label: n.data("label") }, legend, actions); // shows the panel at once
  if (centre) centreOn(n);
  opener = from;
  if (from) {
    if (NARROW.matches) $("cy").scrollIntoView({ block: "start" });
    panel.focus({ preventScroll: !NARROW.matches });
  }
}

/** Centre a node in the part of the map the panel does not cover. */
function centreOn(n) {
  canvas.centreOn(n, cy.width() - (panel.hidden || NARROW.matches ? 0 : panel.offsetWidth));
}

const actions = {
  async expand(iri) {
    status.textContent = "Adding its neighbours…";
    try {
      const data = await fetchNeighbours(iri);
      const added = await canvas.merge(data, iri);
      updateNodeList();
      status.textContent = added ? `Added ${added} nodes next to it. ${cy.nodes().length} nodes in view.` : "All its neighbours are already in view.";
      cy.getElementById(iri).closedNeighborhood().addClass("near");
    } catch (e) {
      status.textContent = `Could not add its neighbours: ${e.message}`;
    }
  },
  focus(iri) {
    load({ topic: state.topic, area: state.area, document: state.document, focus: iri, depth: "1", view: state.view }, true);
  },
  connectFrom(iri, label) {
    state = { ...state, from: iri };
    $("map-path-from").textContent = label;
    pathReady();
  },
  connectTo(iri, label) {
    state = { ...state, to: iri };
    $("map-path-to").textContent = label;
    pathReady();
  },
  pick(iri) {
    if (cy.getElementById(iri).nonempty()) selectNode(iri, true);
    else actions.focus(iri);
  },
};

// ------------------------------------------------------------------ paths
function pathReady() {
  writeState(state, false);
  $("map-path-go").disabled = !(state.from && state.to);
}

function clearPath() {
  canvas.clearHighlight();
  $("map-path-result").replaceChildren();
}

async function findConnection() {
  clearPath();
  const result = $("map-path-result");
  for (const end of ["from", "to"]) {
    const n = cy.getElementById(state[end]);
    if (n.nonempty()) $(`map-path-${end}`).textContent = n.data("label");
  }
  $("map-path-go").disabled = !(state.from && state.to);
  let data;
  try {
    data = await fetchPath(state.from, state.to);
  } catch (e) {
    result.replaceChildren(el("li", { text: e.status === 404 ? "No connection between these two in the map." : e.message }));
    return;
  }
  await canvas.merge(data, state.from);
  updateNodeList();
  if (!NARROW.matches) closePanel(); // the whole path in view; the steps are listed beside it
  canvas.highlight(data);
  result.replaceChildren(...pathSteps(data, el));
  status.textContent = `Connected in ${data.length} steps` + (data.paths.length > 1 ? ` (${data.paths.length} shortest ways; the first is listed).` : ".");
}

// ------------------------------------------------------------------ search and export
async function search(q) {
  const box = $("map-search-results");
  let data;
  try {
    data = await findNodes(q);
  } catch (e) {
    status.textContent = e.message;
    return;
  }
  if (!data.results.length) {
    box.hidden = false;
    box.replaceChildren(el("li", { class: "muted", text: `Nothing called “${q}” in the map.` }));
    return;
  }
  const best = data.results[0];
  if (best.match === "exact" || data.results.length === 1) {
    box.hidden = true;
    actions.pick(best.id);
    return;
  }
  // several candidates: let the user choose (each is a button, reachable by Tab)
  box.hidden = false;
  box.replaceChildren(
    ...data.results.map((r) =>
      el(
        "li",
        {},
        el("button", { type: "button", class: "linklike", onclick: () => { box.hidden = true; actions.pick(r.id); } }, r.label),
        el("span", { class: "muted small", text: " · " + kindLabel(legend, r.kind) }),
      ),
    ),
  );
  box.querySelector("button").focus();
}

// ------------------------------------------------------------------ wiring
cy.on("tap", "node", (e) => selectNode(e.target.id(), false));
// hovering shows a node's links and its neighbours' names; the selection keeps its own
cy.on("mouseover", "node", (e) => e.target.closedNeighborhood().addClass("near"));
cy.on("mouseout", "node", () => {
  cy.elements().removeClass("near");
  cy.$("node:selected").closedNeighborhood().addClass("near");
});
$("map-filters").addEventListener("submit", (e) => {
  e.preventDefault();
  load(filtersFromForm(), true);
});
$("map-filters").addEventListener("change", () => load(filtersFromForm(), true));
$("map-reset").addEventListener("click", () =>
  load(state.focus ? { focus: state.focus, depth: state.depth, view: state.view } : { view: state.view }, true),
);
$("map-depth").addEventListener("change", (e) => load({ ...state, depth: e.target.value, sel: undefined }, true));
$("map-overview").addEventListener("click", () =>
  load({ topic: state.topic, area: state.area, document: state.document, view: state.view }, true),
);
$("map-search").addEventListener("submit", (e) => {
  e.preventDefault();
  const q = $("map-search-input").value.trim();
  if (q) search(q);
});
$("map-as-map").addEventListener("click", () => switchView(undefined));
$("map-as-table").addEventListener("click", () => switchView("table"));
$("map-fit").addEventListener("click", () => cy.animate({ fit: { padding: 24 } }, { duration: 300 }));
$("map-export").addEventListener("click", () => canvas.exportPng("ckg-map.png"));
$("map-path-go").addEventListener("click", findConnection);
$("map-path-clear").addEventListener("click", () => {
  clearPath();
  state = { ...state, from: undefined, to: undefined };
  $("map-path-from").textContent = "not chosen";
  $("map-path-to").textContent = "not chosen";
  pathReady();
});
function closePanel() {
  hidePanel(panel);
  cy.$(":selected").unselect();
  state = { ...state, sel: undefined };
  writeState(state, false);
  if (opener && opener.isConnected) opener.focus();
  opener = null;
}
$("map-panel-close").addEventListener("click", closePanel);
document.addEventListener("keydown", (e) => {
  if (e.key !== "Escape") return;
  if (!$("map-search-results").hidden) $("map-search-results").hidden = true;
  else if (!panel.hidden) $("map-panel-close").click();
});
document.addEventListener("click", (e) => {
  if (!$("map-search").contains(e.target)) $("map-search-results").hidden = true;
});
window.addEventListener("popstate", () => {
  const next = readState();
  showView(next.view);
  load(next, false);
});

// On a phone the map comes first: fold the filters and the legend away.
if (NARROW.matches) {
  for (const box of document.querySelectorAll(".map-side details")) box.open = false;
}
showView(state.view);
load(state, false);
