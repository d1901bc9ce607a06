// SVG charts drawn by hand: a stacked bar chart over time, with a data table for screen readers.
import { h, s, table, fmtNumber } from "./dom.js";

export const QUADS = ["verbal-cooperation", "material-cooperation", "verbal-conflict", "material-conflict"];
export const QUAD_COLORS = {
  "verbal-cooperation": "#7cc47f", "material-cooperation": "#2e8b57",
  "verbal-conflict": "#f0a04b", "material-conflict": "#d0453a",
};

/** Every period between the first and the last of `rows` ("2025-03" months or "2025" years), zeros filled. */
export function fillPeriods(rows, period) {
  if (!rows.length) return [];
  const byKey = new Map(rows.map((r) => [r.period, r]));
  const first = rows[0].period, last = rows[rows.length - 1].period;
  const out = [];
  if (period === "year") {
    const a = parseInt(first, 10), b = parseInt(last, 10);
    if (!(b >= a) || b - a > 400) return rows;
    for (let y = a; y <= b; y++) out.push(byKey.get(String(y)) || emptyRow(String(y)));
  } else {
    let y = parseInt(first.slice(0, 4), 10), m = parseInt(first.slice(5, 7), 10);
    const ly = parseInt(last.slice(0, 4), 10), lm = parseInt(last.slice(5, 7), 10);
    if (!(y > 0 && m > 0 && ly > 0 && lm > 0) || (ly - y) * 12 + lm - m > 600) return rows;
    while (y < ly || (y === ly && m <= lm)) {
      const key = `${y}-${String(m).padStart(2, "0")}`;
      out.push(byKey.get(key) || emptyRow(key));
      m += 1;
      if (m > 12) { m = 1; y += 1; }
    }
  }
  return out;
}

function emptyRow(period) {
  const r = { period };
  for (const q of QUADS) r[q] = 0;
  return r;
}

function niceMax(v) {
  if (v <= 5) return 5;
  const p = Math.pow(10, Math.floor(Math.log10(v)));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * p >= v) return m * p;
  return 10 * p;
}

/** Stacked bars per period, one colour per quad class; each bar has a <title> with its numbers. */
export function stackedBars(rows, opts = {}) {
  const W = 760, H = opts.height || 260, left = 42, right = 10, top = 10, bottom = 34;
  const keys = opts.keys || QUADS;
  const colors = opts.colors || QUAD_COLORS;
  const totals = rows.map((r) => keys.reduce((a, k) => a + (r[k] || 0), 0));
  const max = niceMax(Math.max(1, ...totals));
  const n = Math.max(1, rows.length);
  const step = (W - left - right) / n;
  const barW = Math.max(1, Math.min(40, step * 0.8));
  const y = (v) => top + (H - top - bottom) * (1 - v / max);
  const svg = s("svg", { viewBox: `0 0 ${W} ${H}`, role: "img", "aria-label": opts.label || "Events over time" });
  svg.appendChild(s("title", null, opts.label || "Events over time"));
  const axis = s("g", { class: "axis" });
  for (let i = 0; i <= 4; i++) {
    const v = (max / 4) * i;
    axis.appendChild(s("line", { x1: left, x2: W - right, y1: y(v), y2: y(v), "stroke-dasharray": i ? "2 3" : null }));
    axis.appendChild(s("text", { x: left - 6, y: y(v) + 4, "text-anchor": "end" }, fmtNumber(Math.round(v))));
  }
  svg.appendChild(axis);
  const labelEvery = Math.max(1, Math.ceil(n / Math.floor((W - left - right) / 58)));
  rows.forEach((r, i) => {
    const x = left + i * step + (step - barW) / 2;
    const g = s("g", { class: "bar" });
    let acc = 0;
    for (const k of keys) {
      const v = r[k] || 0;
      if (!v) continue;
      g.appendChild(s("rect", { x, y: y(acc + v), width: barW, height: Math.max(0.5, y(acc) - y(acc + v)), fill: colors[k] }));
      acc += v;
    }
    const parts = keys.filter((k) => r[k]).map((k) => `${k.replace("-", " ")} ${r[k]}`);
    g.appendChild(s("title", null, `${r.period}: ${totals[i]} events${parts.length ? " (" + parts.join(", ") + ")" : ""}`));
    svg.appendChild(g);
    if (i % labelEvery === 0) {
      svg.appendChild(s("text", { class: "tick", x: left + i * step + step / 2, y: H - bottom + 16, "text-anchor": "middle" }, r.period));
    }
  });
  const legend = h("ul", { class: "legend" }, keys.map((k) =>
    h("li", null, h("i", { class: "q-" + k }), k.replace("-", " "))));
  const data = h("details", null, h("summary", null, "Data"),
    table(["Period", ...keys.map((k) => ({ label: k.replace("-", " "), class: "num" })), { label: "Total", class: "num" }],
      rows.filter((r, i) => totals[i]).map((r) => h("tr", null, h("td", null, r.period),
        keys.map((k) => h("td", { class: "num" }, fmtNumber(r[k] || 0))),
        h("td", { class: "num" }, fmtNumber(keys.reduce((a, k) => a + (r[k] || 0), 0))))),
      { caption: opts.label || "Events over time" }));
  return h("figure", { class: "chart", style: null }, svg, legend, data);
}

/** Horizontal bars for a few labelled counts. */
export function barList(entries, opts = {}) {
  const max = Math.max(1, ...entries.map((e) => e.value));
  return h("ul", { class: "bars", "aria-label": opts.label || null }, entries.map((e) => {
    const bar = h("span", { class: "bar" + (e.class ? " " + e.class : "") });
    bar.style.width = `${(100 * e.value) / max}%`;
    return h("li", null, e.href ? h("a", { href: e.href }, e.label) : h("span", null, e.label),
      h("span", { "aria-hidden": "true" }, bar), h("span", { class: "num" }, fmtNumber(e.value)));
  }));
}
