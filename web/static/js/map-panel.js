// The side panel: what a node is, where it is stated (evidence quotes), and what to do next
// (expand its neighbours, centre the map on it, connect it to another node).
// Built with DOM calls, never innerHTML: labels and quotes are text from documents.

import { fetchNode } from "./map-state.js";

export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || v === undefined || v === false) continue;
    if (k === "class") node.className = v;
    else if (k === "text") node.textContent = v;
    else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v === true ? "" : v);
  }
  for (const c of children) {
    if (c === null || c === undefined) continue;
    node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return node;
}

const MONEY = new Intl.NumberFormat("en-GB", { style: "currency", currency: "GBP", maximumFractionDigits: 0 });

export function kindLabel(legend, kind) {
  const k = legend.nodes.find((n) => n.name === kind);
  if (!k) return kind;
  // legend labels are plural ("Funding lines"): the panel names one
  const singular = { Bodies: "Body", People: "Person", Priorities: "Priority", Areas: "Area" };
  return singular[k.label] || k.label.replace(/s$/, "");
}

function chips(title, items) {
  if (!items || !items.length) return null;
  return el(
    "div",
    { class: "panel-chips" },
    el("span", { class: "muted small", text: title + ": " }),
    ...items.slice(0, 8).map((i) => el("span", { class: "badge", text: i.label })),
    items.length > 8 ? el("span", { class: "muted small", text: ` and ${items.length - 8} more` }) : null,
  );
}

function evidenceList(evidence) {
  if (!evidence.length) return el("p", { class: "muted small", text: "No quoted passage for this node." });
  return el(
    "ul",
    { class: "evidence" },
    ...evidence.slice(0, 5).map((ev) =>
      el(
        "li",
        {},
        el("blockquote", { class: "evidence-quote", text: ev.quote }),
        el(
          "p",
          { class: "evidence-source small" },
          ev.passage_link ? el("a", { href: ev.passage_link, text: ev.document || "source" }) : ev.document || "",
          ev.section ? el("span", { class: "muted", text: " · " + ev.section }) : null,
        ),
      ),
    ),
  );
}

function linkList(info, onPick) {
  if (!info.links.length) return null;
  const items = info.links.slice(0, 12).map((l) => {
    const arrow = l.direction === "out" ? `${l.label} →` : `← ${l.label}`;
    return el(
      "li",
      {},
      el("span", { class: "muted small link-verb", text: arrow + " " }),
      el("button", { type: "button", class: "linklike", text: l.node.label, onclick: () => onPick(l.node.id) }),
    );
  });
  const more = info.link_count > 12 ? el("p", { class: "muted small", text: `${info.link_count - 12} more links` }) : null;
  return el("div", {}, el("h3", { text: "Links" }), el("ul", { class: "panel-links" }, ...items), more);
}

/**
 * Show the panel for ``iri``. ``actions`` has expand(iri), focus(iri), connectFrom(iri),
 * connectTo(iri), pick(iri) callbacks; ``legend`` names the kinds.
 */
export async function showPanel(panel, iri, fallback, legend, actions) {
  const body = panel.querySelector("#map-panel-body");
  body.replaceChildren(
    el("h2", { id: "map-panel-title", text: fallback.label || iri }),
    el("p", { class: "muted", text: "Loading…" }),
  );
  panel.hidden = false;
  panel.dataset.iri = iri;
  let info;
  try {
    info = await fetchNode(iri);
  } catch (e) {
    body.lastChild.textContent = "Could not load this node: " + e.message;
    return;
  }
  if (panel.dataset.iri !== iri) return; // another node was picked meanwhile
  const amount = info.amount !== null && info.amount !== undefined ? MONEY.format(info.amount) : null;
  body.replaceChildren(
    el("p", { class: "panel-kind" }, el("span", { class: `kind-badge kind-${info.kind}`, text: kindLabel(legend, info.kind) }), amount ? el("span", { class: "money", text: " " + amount }) : null),
    el("h2", { id: "map-panel-title", text: info.label }),
    el("p", {}, el("a", { href: info.url, class: "panel-entity-link", text: "Open its page →" })),
    el(
      "div",
      { class: "panel-actions" },
      el("button", { type: "button", id: "panel-expand", text: "Show its neighbours", onclick: () => actions.expand(iri) }),
      el("button", { type: "button", class: "secondary", text: "Centre the map here", onclick: () => actions.focus(iri) }),
      el("button", { type: "button", class: "secondary", id: "panel-from", text: "Connect from", onclick: () => actions.connectFrom(iri, info.label) }),
      el("button", { type: "button", class: "secondary", id: "panel-to", text: "Connect to", onclick: () => actions.connectTo(iri, info.label) }),
    ),
    chips("Areas", info.areas),
    chips("Topics", info.topics),
    el("h3", { text: "Evidence" }),
    evidenceList(info.evidence),
    linkList(info, actions.pick),
  );
}

export function hidePanel(panel) {
  panel.hidden = true;
  delete panel.dataset.iri;
}
