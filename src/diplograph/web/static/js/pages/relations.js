// Relations of two actors: periods (a chart by quad class, the score) and the events behind them.
import { h, route, table, scoreEl, fmtNumber, quadChip, extLink } from "../dom.js";
import { get } from "../api.js";
import { stackedBars, QUADS } from "../charts.js";
import { actorList } from "./events.js";

export async function relationsPage({ args, params, signal, go }) {
  const [a, b] = args;
  const period = ["day", "month", "quarter", "year"].includes(params.get("period")) ? params.get("period") : "year";
  const r = await get("relations", { a, b, period }, signal);
  document.title = `${r.a_label} – ${r.b_label} · diplograph`;
  const labels = { [r.a]: r.a_label, [r.b]: r.b_label };
  const periods = r.periods.filter((p) => p.period !== "undated");
  const rows = r.periods.map((p) => h("tr", null, h("td", null, p.period),
    QUADS.map((q) => h("td", { class: "num" }, fmtNumber(p[q] || 0))), h("td", { class: "num" }, fmtNumber(p.events)),
    h("td", { class: "num" }, scoreEl(p.score))));
  const events = r.timeline.map((ev) => h("tr", null,
    h("td", { class: "nowrap" }, ev.date || "undated"), h("td", null, ev.event_type, " ", quadChip(ev.quad)),
    h("td", null, ev.direction), h("td", null, actorList(ev.actor, labels)), h("td", null, actorList(ev.recipient, labels)),
    h("td", { class: "quote" }, h("a", { href: route("document/" + ev.doc_id, { event: ev.id }) }, ev.quote || ev.id),
      ev.url ? [" ", extLink(ev.url, "↗")] : null)));
  const select = h("select", { id: "period", on: { change: (e) => go(`relations/${r.a}/${r.b}`, { period: e.target.value }) } },
    ["year", "quarter", "month", "day"].map((p) => h("option", { value: p, selected: p === period }, p)));
  return h("div", null,
    h("h1", { tabindex: "-1", "data-autofocus": "" }, h("a", { href: route("actor/" + r.a) }, r.a_label), " – ",
      h("a", { href: route("actor/" + r.b) }, r.b_label)),
    h("p", { class: "sub" }, `${fmtNumber(r.total.events)} events, ${fmtNumber(r.total.stories)} stories, score `, scoreEl(r.total.score),
      " · ", h("label", { for: "period" }, "per "), select),
    periods.length ? h("section", { class: "card" }, stackedBars(periods, { label: `Stories per ${period} by quad class` })) : null,
    h("section", null, h("h2", null, "Periods"), table(["Period", ...QUADS.map((q) => ({ label: q.replace("-", " "), class: "num" })),
      { label: "Events", class: "num" }, { label: "Score", class: "num" }], rows, { caption: "Periods", scroll: true })),
    h("section", null, h("h2", null, "Events"), table(["Date", "Category", "Direction", "Actor", "Recipient", "Quote"], events,
      { caption: "Events between them", scroll: true })));
}
