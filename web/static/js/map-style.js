// Cytoscape styles for the commissioning map, built from the kinds table the server sends
// (web/map_kinds.py), so the legend, the JSON and the drawing agree on colour and shape.

const HIGHLIGHT = "#f2a900";
const INK = "#1d2330";

/** A label short enough to sit under a node; the full text is in the panel. */
export function shortLabel(text, max = 34) {
  const t = (text || "").replace(/\s+/g, " ").trim();
  return t.length > max ? t.slice(0, max - 1).trimEnd() + "…" : t;
}

/**
 * A body's label size: 13 to 21 by centrality, times ``scale`` (above 1 when zoomed out, so
 * the names of the bodies stay readable over the whole map).
 */
export function bodyFont(size, scale = 1) {
  const s = size || 0;
  const k = 1 + (scale - 1) * Math.min(1, Math.max(0.3, s * 2.5)); // minor bodies grow less
  return { fs: Math.round((13 + 8 * s) * k), tw: Math.round(170 * k) };
}

/** "£3.2m", "£450k", "£900": a funding line's amount, short enough for its label. */
export function shortMoney(amount) {
  const a = Math.abs(amount);
  const sign = amount < 0 ? "−" : "";
  if (a >= 1e6) return `${sign}£${(a / 1e6).toFixed(a >= 1e7 ? 0 : 1)}m`;
  if (a >= 1e3) return `${sign}£${Math.round(a / 1e3)}k`;
  return `${sign}£${Math.round(a)}`;
}

/** Node diameter in pixels from the server's centrality (0..1). */
export function nodeDiameter(size, kind) {
  if (kind === "body") return Math.round(24 + (size || 0) * 56);
  return Math.round(12 + (size || 0) * 34);
}

export function cyStyle(legend) {
  const rules = [
    {
      selector: "node",
      style: {
        "background-color": "#9aa3b2",
        "border-width": 1.5,
        "border-color": "#ffffff",
        label: "data(short)",
        width: "data(d)",
        height: "data(d)",
        "font-family": "system-ui, -apple-system, Roboto, Arial, sans-serif",
        "font-size": 10,
        color: INK,
        "text-valign": "bottom",
        "text-halign": "center",
        "text-margin-y": 3,
        "text-wrap": "wrap",
        "text-max-width": 130,
        "text-background-color": "#ffffff",
        "text-background-opacity": 0.8,
        "text-background-padding": 1.5,
        "text-background-shape": "round-rectangle",
        "min-zoomed-font-size": 7,
        "overlay-opacity": 0,
      },
    },
    {
      selector: "node[kind = 'body']",
      style: {
        "font-size": "data(fs)",
        "font-weight": 600,
        "min-zoomed-font-size": 4,
        "text-max-width": "data(tw)",
        "z-index": "mapData(size, 0, 1, 10, 19)", // the bigger body's name on top
      },
    },
    // items' labels (long sentences) appear once zoomed in, or on hover and selection
    { selector: "node[kind = 'intention'], node[kind = 'priority'], node[kind = 'indicator']", style: { "min-zoomed-font-size": 13 } },
    { selector: "node[kind = 'funding'], node[kind = 'service'], node[kind = 'person'], node[kind = 'post']", style: { "min-zoomed-font-size": 9 } },
    {
      selector: "edge",
      style: {
        width: 2,
        "curve-style": "bezier",
        "line-color": "#a0a7b4",
        "target-arrow-color": "#a0a7b4",
        "target-arrow-shape": "triangle",
        "arrow-scale": 0.8,
        label: "data(label)",
        "font-size": 8,
        color: "#4a5263",
        "text-rotation": "autorotate",
        "text-background-color": "#ffffff",
        "text-background-opacity": 0.85,
        "text-background-padding": 1,
        "min-zoomed-font-size": 11,
        opacity: 0.85,
      },
    },
  ];
  for (const k of legend.nodes) {
    rules.push({ selector: `node[kind = '${k.name}']`, style: { "background-color": k.colour, shape: k.shape } });
  }
  for (const e of legend.edges) {
    rules.push({
      selector: `edge[kind = '${e.name}']`,
      style: { "line-color": e.colour, "target-arrow-color": e.colour, "line-style": e.line },
    });
  }
  rules.push(
    { selector: "edge[kind = 'commissions'], edge[kind = 'funds'], edge[kind = 'provides']", style: { width: 3 } },
    // links to documents and topics recede: they are context, not commissioning
    { selector: "edge[kind = 'states'], edge[kind = 'about']", style: { width: 1.2, opacity: 0.45, "arrow-scale": 0.6 } },
    { selector: ".near", style: { "min-zoomed-font-size": 0, opacity: 1, "z-index": 20 } },
    { selector: "edge.near", style: { "font-size": 10, width: 3 } },
    { selector: "node.focus", style: { "border-width": 4, "border-color": INK, "border-style": "double" } },
    { selector: "node:selected", style: { "border-width": 4, "border-color": HIGHLIGHT, "z-index": 30, "min-zoomed-font-size": 0 } },
    { selector: ".faded", style: { opacity: 0.12, "text-opacity": 0 } },
    { selector: "node.path", style: { "border-width": 5, "border-color": HIGHLIGHT, "min-zoomed-font-size": 0, "z-index": 40 } },
    {
      selector: "edge.path",
      style: { width: 5, "line-color": HIGHLIGHT, "target-arrow-color": HIGHLIGHT, "min-zoomed-font-size": 0, opacity: 1, "z-index": 40 },
    },
    { selector: "node.match", style: { "border-width": 4, "border-color": "#1f5fa8" } },
  );
  return rules;
}

/** fcose settings: spread enough that labels rarely collide, components packed together. */
export function layoutOptions(randomize = true, animate = false) {
  return {
    name: "fcose",
    quality: "default",
    randomize,
    animate,
    animationDuration: 400,
    fit: true,
    padding: 24,
    nodeDimensionsIncludeLabels: true,
    packComponents: true,
    // leaves sit close to their body; bodies keep apart so their labels stay readable
    nodeRepulsion: (n) => (n.degree() > 1 ? 7000 : 2500),
    idealEdgeLength: (e) => (e.source().degree() > 1 && e.target().degree() > 1 ? 70 : 35),
    edgeElasticity: (e) => (e.source().degree() > 1 && e.target().degree() > 1 ? 0.45 : 0.8),
    nestingFactor: 0.1,
    gravity: 0.3,
    gravityRange: 3.8,
    numIter: 2500,
    tile: true,
    tilingPaddingVertical: 14,
    tilingPaddingHorizontal: 14,
  };
}
