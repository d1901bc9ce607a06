// The relations network: a hand-written force layout (repulsion between nodes, springs along
// edges, a pull to the centre, cooling) and an SVG drawing with focusable nodes.
import { s, scoreColor } from "./dom.js";

export const KINDS = ["country", "person", "organization", "group", "agreement"];

/**
 * Deterministic layout: the same graph always lands the same way. Mutates and returns nodes with
 * x, y. Fruchterman–Reingold forces (repulsion within a cut-off, springs along edges weighted by
 * their events, gravity so separate components stay near), then overlaps are pushed apart.
 */
export function layout(nodes, edges, width, height, iterations = 300, radii = null) {
  const n = nodes.length;
  const cx = width / 2, cy = height / 2;
  const index = new Map(nodes.map((d, i) => [d.id, i]));
  const order = nodes.map((d, i) => i).sort((a, b) => (nodes[b].events - nodes[a].events) || (nodes[a].id < nodes[b].id ? -1 : 1));
  order.forEach((i, k) => {  // start on a golden-angle spiral, the most active in the middle
    const angle = k * 2.399963;
    const r = 14 * Math.sqrt(k + 1);
    nodes[i].x = cx + r * Math.cos(angle);
    nodes[i].y = cy + r * Math.sin(angle);
  });
  if (n < 2) return nodes;
  const rad = radii || nodes.map(() => 6);
  const links = edges.map((e) => [index.get(e.source), index.get(e.target), e.events || 1])
    .filter(([a, b]) => a !== undefined && b !== undefined && a !== b);
  const k = Math.sqrt((width * height) / n) * 0.55;
  const cutoff2 = (3 * k) * (3 * k);
  let temp = Math.min(width, height) / 6;
  const cool = temp / (iterations + 1);
  const dx = new Float64Array(n), dy = new Float64Array(n);
  for (let it = 0; it < iterations; it++) {
    dx.fill(0); dy.fill(0);
    for (let i = 0; i < n; i++) {
      for (let j = i + 1; j < n; j++) {
        let ex = nodes[i].x - nodes[j].x, ey = nodes[i].y - nodes[j].y;
        let d2 = ex * ex + ey * ey;
        if (d2 > cutoff2) continue;
        if (d2 < 0.01) { ex = 0.1 * (((i * 7 + j) % 5) - 2 || 1); ey = 0.1 * (((i + j * 3) % 7) - 3 || 1); d2 = ex * ex + ey * ey; }
        const f = (k * k) / d2;
        dx[i] += ex * f; dy[i] += ey * f; dx[j] -= ex * f; dy[j] -= ey * f;
      }
    }
    for (const [a, b, w] of links) {
      const ex = nodes[a].x - nodes[b].x, ey = nodes[a].y - nodes[b].y;
      const d = Math.sqrt(ex * ex + ey * ey) || 0.01;
      const f = (d / k) * (1 + 0.25 * Math.log(w));
      dx[a] -= ex * f; dy[a] -= ey * f; dx[b] += ex * f; dy[b] += ey * f;
    }
    for (let i = 0; i < n; i++) {
      const gx = cx - nodes[i].x, gy = cy - nodes[i].y;
      const gd = Math.sqrt(gx * gx + gy * gy) || 1;
      dx[i] += (gx / gd) * gd * gd / (4 * k);
      dy[i] += (gy / gd) * gd * gd / (4 * k);
      const len = Math.sqrt(dx[i] * dx[i] + dy[i] * dy[i]) || 1;
      const step = Math.min(len, temp);
      nodes[i].x += (dx[i] / len) * step;
      nodes[i].y += (dy[i] / len) * step;
    }
    temp = Math.max(temp - cool, 0.5);
  }
  fit(nodes, width, height, rad);
  for (let pass = 0; pass < 40; pass++) {  // no two circles overlap
    let moved = false;
    for (let i = 0; i < n; i++) {
      for (let j = i + 1; j < n; j++) {
        const ex = nodes[j].x - nodes[i].x, ey = nodes[j].y - nodes[i].y;
        const d = Math.sqrt(ex * ex + ey * ey) || 0.01;
        const need = rad[i] + rad[j] + 3;
        if (d >= need) continue;
        const push = (need - d) / 2;
        nodes[i].x -= (ex / d) * push; nodes[i].y -= (ey / d) * push;
        nodes[j].x += (ex / d) * push; nodes[j].y += (ey / d) * push;
        moved = true;
      }
    }
    if (!moved) break;
  }
  fit(nodes, width, height, rad);
  return nodes;
}

/** Scale and centre the positions into the box, keeping circles and a label margin inside. */
function fit(nodes, width, height, rad) {
  const m = 30 + Math.max(...rad);
  const xs = nodes.map((d) => d.x), ys = nodes.map((d) => d.y);
  const minX = Math.min(...xs), maxX = Math.max(...xs), minY = Math.min(...ys), maxY = Math.max(...ys);
  const sc = Math.min((width - 2 * m - 60) / Math.max(1, maxX - minX), (height - 2 * m) / Math.max(1, maxY - minY), 3);
  const ox = (width - (maxX - minX) * sc) / 2 - 30, oy = (height - (maxY - minY) * sc) / 2;
  for (const d of nodes) { d.x = ox + (d.x - minX) * sc; d.y = oy + (d.y - minY) * sc; }
}

export function radius(events, maxEvents) {
  return 5 + 19 * Math.sqrt((events || 0) / Math.max(1, maxEvents));
}

/**
 * Draw the graph. `open(node)` is called on click or Enter/Space on a node.
 * Returns the <svg>; nodes are <g class="node" tabindex="0" role="link" data-id=…>.
 */
export function drawNetwork(graph, open, opts = {}) {
  const W = opts.width || 960, H = opts.height || 620;
  const nodes = graph.nodes.map((d) => ({ ...d }));
  const edges = graph.edges;
  const maxEvents = Math.max(1, ...nodes.map((d) => d.events || 0));
  layout(nodes, edges, W, H, opts.iterations || 300, nodes.map((d) => radius(d.events, maxEvents)));
  const byId = new Map(nodes.map((d) => [d.id, d]));
  const maxEdge = Math.max(1, ...edges.map((e) => e.events || 0));
  const svg = s("svg", { viewBox: `0 0 ${W} ${H}`, role: "group", "aria-label": opts.label || "Relations network" });
  const edgeLayer = s("g", { class: "edges" });
  const nodeLayer = s("g", { class: "nodes" });
  const edgeEls = [];
  for (const e of edges) {
    const a = byId.get(e.source), b = byId.get(e.target);
    if (!a || !b) continue;
    const line = s("line", {
      class: "edge", x1: a.x.toFixed(1), y1: a.y.toFixed(1), x2: b.x.toFixed(1), y2: b.y.toFixed(1),
      stroke: scoreColor(e.score), "stroke-width": (1 + 5 * Math.sqrt((e.events || 1) / maxEdge)).toFixed(2),
      "data-source": e.source, "data-target": e.target,
    });
    const score = typeof e.score === "number" ? e.score.toFixed(2) : "–";
    line.appendChild(s("title", null, `${a.label} – ${b.label}: ${e.events} events, score ${score}` +
      (e.first ? `, ${e.first} … ${e.last}` : "")));
    edgeEls.push(line);
    edgeLayer.appendChild(line);
  }
  // most active first: drawn underneath (small nodes stay clickable on top) and first in tab order
  const sorted = [...nodes].sort((a, b) => (b.events || 0) - (a.events || 0) || (a.id < b.id ? -1 : 1));
  const labelled = new Set([...nodes].sort((a, b) => (b.events || 0) - (a.events || 0)).slice(0, 40).map((d) => d.id));
  for (const d of sorted) {
    const r = radius(d.events, maxEvents);
    const kind = KINDS.includes(d.kind) ? d.kind : "unknown";
    const g = s("g", {
      class: "node", tabindex: "0", role: "link", "data-id": d.id, "data-kind": kind,
      transform: `translate(${d.x.toFixed(1)} ${d.y.toFixed(1)})`,
      "aria-label": `${d.label} (${d.kind}), ${d.events} events: open`,
    });
    g.appendChild(s("circle", { r: r.toFixed(1), class: "k-" + kind }));
    g.appendChild(s("title", null, `${d.label} (${d.kind}): ${d.events} events`));
    if (labelled.has(d.id)) g.appendChild(s("text", { x: (r + 3).toFixed(1), y: "4" }, d.label));
    const go = () => open(d);
    g.addEventListener("click", go);
    g.addEventListener("keydown", (ev) => {
      if (ev.key === "Enter" || ev.key === " ") { ev.preventDefault(); go(); }
    });
    const highlight = (on) => {
      svg.parentNode && svg.parentNode.classList.toggle("dim", on);
      for (const el of edgeEls) {
        const hit = el.dataset.source === d.id || el.dataset.target === d.id;
        el.classList.toggle("on", on && hit);
        if (on && hit) {
          const other = el.dataset.source === d.id ? el.dataset.target : el.dataset.source;
          const o = nodeLayer.querySelector(`[data-id="${CSS.escape(other)}"]`);
          if (o) o.classList.add("on");
        }
      }
      g.classList.toggle("on", on);
      if (!on) for (const o of nodeLayer.querySelectorAll(".node.on")) o.classList.remove("on");
    };
    g.addEventListener("mouseenter", () => highlight(true));
    g.addEventListener("mouseleave", () => highlight(false));
    g.addEventListener("focus", () => highlight(true));
    g.addEventListener("blur", () => highlight(false));
    nodeLayer.appendChild(g);
  }
  svg.appendChild(edgeLayer);
  svg.appendChild(nodeLayer);
  return svg;
}
