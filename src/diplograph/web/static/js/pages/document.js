// A document: the cleaned text with the event's quote highlighted, its metadata, events,
// mentions and claim findings. The text is cut at the stored offsets and written as text nodes.
import { h, route, extLink, table, quadChip } from "../dom.js";
import { get, labelOf } from "../api.js";
import { actorList } from "./events.js";

/** Offsets count code points (Python); JavaScript strings count UTF-16 units: cut on code points. */
export function cut(text, start, end) {
  const cps = Array.from(text);
  return [cps.slice(0, start).join(""), cps.slice(start, end).join(""), cps.slice(end).join("")];
}

function highlighted(text, ev) {
  if (!ev || typeof ev.start !== "number" || typeof ev.end !== "number") return [text, null];
  let [before, middle, after] = cut(text, ev.start, ev.end);
  if (ev.quote && middle !== ev.quote) {  // offsets that do not fit: find the quote instead
    const at = text.indexOf(ev.quote);
    if (at < 0) return [text, null];
    before = text.slice(0, at);
    middle = ev.quote;
    after = text.slice(at + ev.quote.length);
  }
  const mark = h("mark", { id: "quote", tabindex: "-1", "data-event": ev.id, title: `${ev.event_type} (the quote of this event)` }, middle);
  return [[before, mark, after], mark];
}

export async function documentPage({ args, params, signal }) {
  const [id] = args;
  const doc = await get("documents/" + encodeURIComponent(id), {}, signal);
  const chosenId = params.get("event");
  const chosen = doc.events.find((e) => e.id === chosenId) || null;
  document.title = (doc.title || doc.id) + " · diplograph";
  const [textNodes, mark] = highlighted(doc.text || "", chosen);
  const original = doc.url ? extLink(doc.url, "Original article") : null;
  const meta = h("dl", { class: "meta" },
    h("dt", null, "Date"), h("dd", null, doc.date || "unknown"),
    h("dt", null, "Language"), h("dd", null, doc.lang || "unknown"),
    h("dt", null, "Source"), h("dd", null, original || h("span", { class: "muted" }, "no address known")),
    doc.url ? [h("dt", null, "Address"), h("dd", { class: "muted" }, doc.url)] : null,
    h("dt", null, "Read from"), h("dd", null, doc.path || ""),
    h("dt", null, "Id"), h("dd", null, doc.id),
    doc.ingested_at ? [h("dt", null, "Stored"), h("dd", null, doc.ingested_at)] : null);
  const events = h("ol", { class: "evlist", "aria-label": "Events of this document" }, doc.events.map((ev) => h("li", null,
    h("a", { href: route("document/" + doc.id, { event: ev.id }), "aria-current": ev.id === chosenId ? "true" : null },
      ev.event_type, ev.mode ? ` (${ev.mode})` : ""), " ", quadChip(ev.quad), " ",
    ev.aux && ev.aux.length ? ev.aux.map((a) => h("span", { class: "chip" }, a)) : null,
    h("div", null, actorList(ev.actor, doc.labels), ev.recipient.length ? [" → ", actorList(ev.recipient, doc.labels)] : null),
    ev.agreement ? h("div", { class: "muted" }, "agreement: ", h("a", { href: route("agreement/" + ev.agreement) }, labelOf(doc.labels, ev.agreement))) : null,
    ev.date ? h("div", { class: "muted" }, ev.date) : null)));
  const findings = (doc.findings || []).map((f) => h("li", null, findingText(f)));
  const mentions = doc.mentions.map((m) => h("tr", null,
    h("td", null, h("a", { href: route("actor/" + m.id) }, labelOf(doc.labels, m.id))), h("td", null, m.text),
    h("td", null, m.kind || ""), h("td", null, m.via || ""), h("td", { class: "num" }, `${m.start}–${m.end}`)));
  const view = h("div", null,
    h("h1", { tabindex: "-1", "data-autofocus": chosen ? null : "" }, doc.title || "Document " + doc.id),
    h("p", { class: "sub" }, h("a", { href: route("events", { doc_id: doc.id }) }, "← events"), " · ",
      chosen ? `Highlighted: the sentence of the ${chosen.event_type} event.` : "Choose an event to highlight its sentence."),
    (doc.warnings || []).map((w) => h("p", { class: "notice" }, w)),
    h("div", { class: "grid2" },
      h("article", { class: "card" }, h("h2", { class: "sr-only" }, "Cleaned text"),
        h("div", { class: "doctext", lang: doc.lang || null }, textNodes)),
      h("aside", { class: "card doc-side" },
        h("h3", null, "About"), meta,
        findings.length ? [h("h3", null, "Claim findings"), h("ul", { class: "sources" }, findings)] : null,
        h("h3", null, `Events (${doc.events.length})`), events)),
    h("details", null, h("summary", null, `Mentions (${doc.mentions.length})`),
      table(["Actor", "As written", "Kind", "Via", { label: "Offsets", class: "num" }], mentions, { caption: "Mentions" })));
  if (mark) {
    mark.setAttribute("data-autofocus", "");
    requestAnimationFrame(() => mark.scrollIntoView({ block: "center" }));
  }
  return view;
}

function findingText(f) {
  if (f === null || typeof f !== "object") return String(f);
  const parts = [];
  for (const key of ["kind", "type", "severity", "claim", "message", "text", "quote", "detail", "expected", "found"]) {
    if (f[key] !== undefined && f[key] !== null && f[key] !== "") parts.push(`${key}: ${typeof f[key] === "object" ? JSON.stringify(f[key]) : f[key]}`);
  }
  return parts.length ? parts.join(" · ") : JSON.stringify(f);
}
