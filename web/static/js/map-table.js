// The map as a table: the nodes and links the drawing holds, as two tables (for keyboard and
// screen-reader users, and for copying). Built from the Cytoscape instance itself, never from
// a second reading of the filters: whatever the map shows (a filtered view, neighbours added,
// a path), the table shows, row for row.

import { el, kindLabel } from "./map-panel.js";

const MONEY = new Intl.NumberFormat("en-GB", { style: "currency", currency: "GBP", maximumFractionDigits: 0 });

function entityLink(node) {
  return el("a", { href: node.data("url") }, node.data("label"));
}

function joined(items) {
  return items && items.length ? items.join("; ") : "—";
}

function nodeRow(n, legend) {
  const amount = n.data("amount");
  return el(
    "tr",
    { "data-id": n.id() },
    el("th", { scope: "row" }, entityLink(n), amount !== null && amount !== undefined ? el("span", { class: "money", text: " " + MONEY.format(amount) }) : null),
    el("td", { text: kindLabel(legend, n.data("kind")) }),
    el("td", { text: joined(n.data("areaNames")) }),
    el("td", { text: joined(n.data("documentNames")) }),
  );
}

function edgeRow(e) {
  const ev = e.data("evidence");
  const evidence = ev
    ? el("a", { href: ev.link }, el("span", { class: "visually-hidden", text: "Evidence in " }), ev.document || "the source passage")
    : el("span", { class: "muted", text: "none quoted" });
  return el(
    "tr",
    { "data-id": e.id() },
    el("td", {}, entityLink(e.source())),
    el("td", { text: e.data("label") }),
    el("td", {}, entityLink(e.target())),
    el("td", {}, evidence),
  );
}

/** Fill the two tables from ``cy``; ``order`` sorts kinds as the legend does. */
export function renderTable(cy, legend, order) {
  const byLabel = (a, b) => a.data("label").localeCompare(b.data("label"));
  const nodes = cy.nodes().sort((a, b) => order(a.data("kind")) - order(b.data("kind")) || byLabel(a, b));
  const edges = cy.edges().sort(
    (a, b) => byLabel(a.source(), b.source()) || a.data("label").localeCompare(b.data("label")) || byLabel(a.target(), b.target()),
  );
  document.getElementById("map-table-nodes-body").replaceChildren(...nodes.map((n) => nodeRow(n, legend)));
  document.getElementById("map-table-edges-body").replaceChildren(...edges.map(edgeRow));
  document.getElementById("map-table-nodes-count").textContent = String(nodes.length);
  document.getElementById("map-table-edges-count").textContent = String(edges.length);
}
