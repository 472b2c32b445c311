// The map's state lives in the page URL (?focus=&depth=&topic=&area=&document=&types=&sel=),
// so a view can be shared by copying the address; the same parameters go to /api/graph.
// ``view=table`` shows the view as tables instead of the drawing.

const KEYS = ["focus", "depth", "topic", "area", "document", "types", "sel", "from", "to", "view"];
// The parameters that change which nodes the server sends (the rest are page-only).
const API_KEYS = ["focus", "depth", "topic", "area", "document", "types"];

export function readState(search = window.location.search) {
  const params = new URLSearchParams(search);
  const state = {};
  for (const k of KEYS) {
    const v = params.get(k);
    if (v) state[k] = v;
  }
  return state;
}

export function stateQuery(state, keys = KEYS) {
  const params = new URLSearchParams();
  for (const k of keys) {
    if (state[k] !== undefined && state[k] !== null && state[k] !== "") params.set(k, state[k]);
  }
  return params.toString();
}

/** Record the state in the address bar; push a history entry when the view itself changed. */
export function writeState(state, push) {
  const q = stateQuery(state);
  const url = window.location.pathname + (q ? "?" + q : "");
  if (url === window.location.pathname + window.location.search) return;
  if (push) window.history.pushState(state, "", url);
  else window.history.replaceState(state, "", url);
}

export function sameView(a, b) {
  return stateQuery(a, API_KEYS) === stateQuery(b, API_KEYS);
}

async function getJSON(url) {
  const resp = await fetch(url, { headers: { Accept: "application/json" } });
  let body = null;
  try {
    body = await resp.json();
  } catch (e) {
    body = null;
  }
  if (!resp.ok) {
    const err = new Error((body && body.error) || `request failed (${resp.status})`);
    err.status = resp.status;
    throw err;
  }
  return body;
}

/** The view for ``state``; ``limit`` asks for fewer nodes (small screens). */
export function fetchView(state, withFacets, limit) {
  const params = new URLSearchParams(stateQuery(state, API_KEYS));
  if (withFacets) params.set("facets", "1");
  if (limit) params.set("limit", String(limit));
  return getJSON("/api/graph?" + params.toString());
}

export function fetchNeighbours(iri) {
  return getJSON("/api/graph?" + new URLSearchParams({ focus: iri, depth: "1" }).toString());
}

export function fetchNode(iri) {
  return getJSON("/api/node?" + new URLSearchParams({ iri }).toString());
}

export function fetchPath(from, to) {
  return getJSON("/api/path?" + new URLSearchParams({ from, to }).toString());
}

export function findNodes(q) {
  return getJSON("/api/graph/find?" + new URLSearchParams({ q, limit: "8" }).toString());
}
