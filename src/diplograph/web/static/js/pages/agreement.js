// Agreements: the list, and one agreement's members on a timeline with their join dates and
// sources; candidates (wanting, promising, refusing) apart.
import { h, s, route, table, extLink, fmtNumber } from "../dom.js";
import { get } from "../api.js";

export async function agreementsPage({ signal }) {
  const res = await get("agreements", {}, signal);
  document.title = "Agreements · diplograph";
  const rows = res.agreements.map((a) => h("tr", null,
    h("td", null, h("a", { href: route("agreement/" + a.id) }, a.label)), h("td", null, a.kind),
    h("td", { class: "num" }, fmtNumber(a.members)), h("td", { class: "nowrap" }, a.signed || "")));
  return h("div", null, h("h1", { tabindex: "-1", "data-autofocus": "" }, "Agreements and organisations"),
    h("p", { class: "sub" }, "Those with members in the knowledge base. Stored documents add evidence and candidates."),
    table(["Name", "Kind", { label: "Members", class: "num" }, "Signed"], rows, { caption: "Agreements" }));
}

function year(date) {
  if (!date) return null;
  const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?/.exec(date);
  if (!m) return null;
  return parseInt(m[1], 10) + ((m[2] ? parseInt(m[2], 10) : 1) - 1) / 12 + ((m[3] ? parseInt(m[3], 10) : 1) - 1) / 365;
}

/** Members as dots on a time axis at their join date; labels packed in lanes so none overlap. */
function timeline(members) {
  const dated = members.map((m) => ({ m, t: year(m.since || m.announced) })).filter((d) => d.t !== null)
    .sort((a, b) => a.t - b.t || (a.m.member < b.m.member ? -1 : 1));
  if (!dated.length) return null;
  const W = 900, left = 20, right = 20, laneH = 22, top = 12;
  const t0 = Math.floor(dated[0].t), t1 = Math.max(Math.ceil(dated[dated.length - 1].t + 0.01), t0 + 1);
  const x = (t) => left + ((W - left - right) * (t - t0)) / (t1 - t0);
  const lanes = [];
  const placed = dated.map((d) => {
    const px = x(d.t), width = 12 + 7 * (d.m.label || d.m.member).length;
    const flip = px + width > W - 4;  // near the right edge: the label goes left of its dot
    const from = flip ? px - width : px, to = flip ? px + 8 : px + width;
    let lane = lanes.findIndex((end) => end < from - 4);
    if (lane < 0) { lane = lanes.length; lanes.push(0); }
    lanes[lane] = to;
    return { ...d, px, lane, flip };
  });
  const H = top + lanes.length * laneH + 34;
  const axisY = H - 26;
  const svg = s("svg", { viewBox: `0 0 ${W} ${H}`, role: "img", "aria-label": "Members by the date they joined" });
  svg.appendChild(s("title", null, "Members by the date they joined"));
  const axis = s("g", { class: "axis" }, s("line", { x1: left, x2: W - right, y1: axisY, y2: axisY }));
  const span = t1 - t0, every = span > 60 ? 10 : span > 24 ? 5 : span > 10 ? 2 : 1;
  for (let yv = t0; yv <= t1; yv++) {
    if (yv % every) continue;
    axis.appendChild(s("line", { x1: x(yv), x2: x(yv), y1: axisY, y2: axisY + 5 }));
    axis.appendChild(s("text", { x: x(yv), y: axisY + 18, "text-anchor": "middle" }, String(yv)));
  }
  svg.appendChild(axis);
  for (const p of placed) {
    const cy = top + p.lane * laneH + 8;
    const color = p.m.status === "reported" ? "#e0a030" : p.m.role === "supporter" ? "#8e6cc0" : "#4a86d9";
    const a = s("a", { href: route("actor/" + p.m.member), class: "member", "aria-label": `${p.m.label}, since ${p.m.since || p.m.announced}` },
      s("line", { x1: p.px, x2: p.px, y1: cy, y2: axisY, stroke: "#d0d5df", "stroke-dasharray": "2 2" }),
      s("circle", { cx: p.px, cy, r: 6, fill: color }),
      s("text", { x: p.flip ? p.px - 9 : p.px + 9, y: cy + 4, "text-anchor": p.flip ? "end" : "start" }, p.m.label || p.m.member),
      s("title", null, `${p.m.label} (${p.m.member}): ${p.m.role}, since ${p.m.since || "?"}` +
        (p.m.announced && p.m.announced !== p.m.since ? `, announced ${p.m.announced}` : "")));
    svg.appendChild(a);
  }
  return h("figure", { class: "timeline card" }, svg,
    h("ul", { class: "legend" }, h("li", null, h("i", { class: "k-country" }), "party"),
      h("li", null, h("i", { class: "k-organization" }), "supporter"), h("li", null, h("i", { class: "k-person" }), "reported by the news only")));
}

function sourceList(row) {
  const items = [];
  for (const k of row.kb || []) {
    const urls = (k.sources && k.sources.length ? k.sources : [k.source]).filter(Boolean);
    items.push(h("li", null, "knowledge base", k.note ? ` (${k.note})` : "", urls.length ? ": " : "",
      urls.map((u, i) => [i ? ", " : null, extLink(u, hostOf(u))])));
  }
  const seen = new Set();
  for (const e of row.evidence || []) {
    if (seen.has(e.doc_id + "|" + e.event_id)) continue;
    seen.add(e.doc_id + "|" + e.event_id);
    items.push(h("li", null, h("a", { href: route("document/" + e.doc_id, { event: e.event_id }) }, e.title || e.doc_id),
      e.date ? ` (${e.date})` : "", e.quote ? h("blockquote", null, e.quote) : null));
  }
  for (const d of row.documents || []) {
    if ([...seen].some((k) => k.startsWith(d + "|"))) continue;
    items.push(h("li", null, h("a", { href: route("document/" + d) }, d)));
  }
  return items.length ? h("ul", { class: "sources" }, items) : h("span", { class: "muted" }, "–");
}

function hostOf(url) {
  try { return new URL(url).hostname; } catch (e) { return "source"; }
}

export async function agreementPage({ args, signal }) {
  const [id] = args;
  const res = await get("members/" + encodeURIComponent(id), {}, signal);
  document.title = res.label + " · diplograph";
  const members = res.members.map((m) => h("tr", null,
    h("td", null, h("a", { href: route("actor/" + m.member) }, m.label || m.member)),
    h("td", { class: "nowrap" }, m.since || ""), h("td", { class: "nowrap" }, m.announced || ""),
    h("td", null, m.role || ""), h("td", null, m.status === "reported" ? "reported by the news" : "knowledge base"),
    h("td", null, sourceList(m))));
  const candidates = res.candidates.map((c) => h("tr", null,
    h("td", null, h("a", { href: route("actor/" + c.member) }, c.label || c.member)),
    h("td", null, c.stance || ""), h("td", null, (c.modality || []).join(", ")),
    h("td", { class: "nowrap" }, c.first ? `${c.first} … ${c.last}` : ""),
    h("td", null, h("ul", { class: "sources" }, (c.sources || []).map((src) => h("li", null,
      h("a", { href: route("document/" + src.doc_id, src.event_id ? { event: src.event_id } : {}) }, src.title || src.doc_id),
      src.date ? ` (${src.date})` : "", src.quote ? h("blockquote", null, src.quote) : null))))));
  return h("div", null,
    h("h1", { tabindex: "-1", "data-autofocus": "" }, res.label),
    h("p", { class: "sub" }, `${res.agreement} · ${res.members.length} members · `, h("a", { href: route("actor/" + res.agreement) }, "as an actor"), " · ",
      h("a", { href: route("events", { agreement: res.agreement }) }, "events about it")),
    h("section", { "aria-labelledby": "h-members" }, h("h2", { id: "h-members" }, "Members over time"),
      timeline(res.members) || h("p", { class: "muted" }, "No member has a date."),
      table(["Member", "Since", "Announced", "Role", "From", "Sources"], members, { caption: "Members", scroll: true })),
    h("section", { "aria-labelledby": "h-cand" }, h("h2", { id: "h-cand" }, "Candidates (not members)"),
      h("p", { class: "sub" }, "Reported as wanting, promising, conditioning or refusing to join."),
      candidates.length ? table(["Country", "Stance", "Modality", "Reported", "Evidence"], candidates, { caption: "Candidates", scroll: true })
        : h("p", { class: "muted" }, "None in the stored documents.")));
}
