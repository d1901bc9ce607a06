// Overview: counts, events over time by quad class, categories, most active dyads.
import { h, table, route, fmtNumber } from "../dom.js";
import { get, labelOf } from "../api.js";
import { stackedBars, barList, fillPeriods, QUADS } from "../charts.js";

export async function overviewPage({ signal }) {
  const o = await get("overview", {}, signal);
  document.title = "Overview · diplograph";
  const rows = fillPeriods(o.timeline, o.period);
  const notes = [];
  if (o.year_only) notes.push(`${fmtNumber(o.year_only)} events dated only to the year`);
  if (o.undated) notes.push(`${fmtNumber(o.undated)} undated events`);
  const cats = Object.entries(o.per_category).map(([k, v]) => ({ label: k, value: v, href: route("events", { category: k }) }));
  const dyads = o.dyads.map((d) => h("tr", null,
    h("td", null, h("a", { href: route("actor/" + d.a) }, labelOf(o.labels, d.a))),
    h("td", null, h("a", { href: route("actor/" + d.b) }, labelOf(o.labels, d.b))),
    h("td", { class: "num" }, fmtNumber(d.events)),
    h("td", null, h("a", { href: route(`relations/${d.a}/${d.b}`), "aria-label": `Relations of ${labelOf(o.labels, d.a)} and ${labelOf(o.labels, d.b)}` }, "relations"))));
  return h("div", null,
    h("h1", { tabindex: "-1", "data-autofocus": "" }, "Overview"),
    h("div", { class: "cards" },
      h("div", { class: "stat" }, h("b", null, fmtNumber(o.documents)), h("span", null, "documents")),
      h("div", { class: "stat" }, h("b", null, fmtNumber(o.events)), h("span", null, "events")),
      QUADS.map((q) => h("div", { class: "stat" }, h("b", null, fmtNumber(o.per_quad[q] || 0)),
        h("span", null, h("a", { href: route("events", { quad: q }) }, q.replace("-", " ")))))),
    h("div", { class: "grid2" },
      h("section", { class: "card", "aria-labelledby": "h-time" },
        h("h2", { id: "h-time" }, `Events over time by quad class (per ${o.period})`),
        rows.length ? stackedBars(rows, { label: `Events per ${o.period} by PLOVER quad class` })
          : h("p", { class: "muted" }, "No dated events yet."),
        notes.length ? h("p", { class: "muted" }, "Not in the chart: " + notes.join("; ") + ".") : null),
      h("section", { class: "card", "aria-labelledby": "h-cat" },
        h("h2", { id: "h-cat" }, "Events per category"),
        cats.length ? barList(cats, { label: "Events per PLOVER category" }) : h("p", { class: "muted" }, "No events yet."))),
    h("section", { "aria-labelledby": "h-dyads" },
      h("h2", { id: "h-dyads" }, "Most active dyads"),
      dyads.length ? table(["Country", "Country", { label: "Events", class: "num" }, ""], dyads,
        { caption: "Most active pairs of countries" }) : h("p", { class: "muted" }, "No pairs yet.")));
}
