// Event explorer: the CLI's filters as a form, a table of events, pages through the cursor.
import { h, route, table, quadChip } from "../dom.js";
import { get, info, labelOf } from "../api.js";
import { resolveActor } from "./network.js";

const FIELDS = ["actor", "recipient", "category", "quad", "lang", "agreement", "since", "until", "text", "order"];

export function actorList(ids, labels) {
  if (!ids || !ids.length) return h("span", { class: "muted" }, "–");
  return ids.map((id, i) => [i ? ", " : null, h("a", { href: route("actor/" + id), title: id }, labelOf(labels, id))]);
}

export function eventRow(ev, labels, opts = {}) {
  const href = route("document/" + ev.doc_id, { event: ev.id });
  const quote = ev.quote || "";
  const short = quote.length > 220 ? quote.slice(0, 217) + "…" : quote;
  const tr = h("tr", { class: "clickable", "data-event": ev.id, "data-category": ev.event_type },
    h("td", { class: "nowrap" }, ev.date || h("span", { class: "muted" }, "undated")),
    h("td", null, h("span", { class: "nowrap" }, ev.event_type), ev.mode ? h("div", { class: "muted" }, ev.mode) : null,
      ev.aux && ev.aux.length ? h("div", null, ev.aux.map((a) => h("span", { class: "chip" }, a))) : null),
    opts.quad === false ? null : h("td", null, quadChip(ev.quad)),
    h("td", null, actorList(ev.actor, labels)),
    h("td", null, actorList(ev.recipient, labels)),
    h("td", null, ev.agreement ? h("a", { href: route("agreement/" + ev.agreement) }, labelOf(labels, ev.agreement)) : ""),
    h("td", { class: "quote" }, h("a", { href, "aria-label": `Open the document: ${short}` }, short)));
  tr.addEventListener("click", (e) => {
    if (e.target.closest("a")) return;  // a link inside the row was used
    window.location.hash = href.slice(1);
  });
  return tr;
}

export const EVENT_HEADERS = ["Date", "Category", "Quad", "Actor", "Recipient", "Agreement", "Quote"];

function form(params, meta, go) {
  const input = (name, attrs) => h("input", { name, id: "f-" + name, value: params.get(name) || "", ...attrs });
  const dateAttrs = { placeholder: "YYYY[-MM[-DD]]", pattern: "[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?" };
  const select = (name, values, any) => h("select", { name, id: "f-" + name }, any ? h("option", { value: "" }, any) : null,
    values.map(([v, label]) => h("option", { value: v, selected: (params.get(name) || "") === v }, label)));
  const els = {
    actor: input("actor", { placeholder: "id or name" }), recipient: input("recipient", { placeholder: "id or name" }),
    category: select("category", meta.categories.map((c) => [c, c]), "any"),
    quad: select("quad", meta.quads.map((q) => [q, q.replace("-", " ")]), "any"),
    lang: input("lang", { placeholder: "en, id…", maxlength: "3", pattern: "[a-z]{2,3}" }),
    agreement: input("agreement", { placeholder: "abraham-accords" }),
    since: input("since", dateAttrs), until: input("until", dateAttrs),
    text: input("text", { type: "search", placeholder: "words in the quote", maxlength: "200" }),
    order: select("order", [["desc", "newest first"], ["asc", "oldest first"]], null),
  };
  if (!params.get("order")) els.order.value = "desc";
  const label = (text, el) => h("label", { for: el.id }, text, el);
  const f = h("form", { class: "filters card", id: "event-filters", "aria-label": "Filter events" },
    label("Actor", els.actor), label("Recipient", els.recipient), label("Category", els.category), label("Quad class", els.quad),
    label("Language", els.lang), label("Agreement", els.agreement), label("From", els.since), label("Until", els.until),
    label("Quote contains", els.text), label("Order", els.order),
    h("div", { class: "actions" }, h("button", { type: "submit" }, "Filter"),
      h("button", { type: "button", class: "secondary", on: { click: () => go("events", {}) } }, "Reset")));
  f.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    const out = {};
    for (const k of FIELDS) out[k] = els[k].value.trim();
    out.actor = await resolveActor(out.actor);
    out.recipient = await resolveActor(out.recipient);
    out.lang = out.lang.toLowerCase();
    go("events", out);
  });
  return f;
}

export async function eventsPage({ params, signal, go }) {
  const meta = await info();
  const query = {};
  for (const k of FIELDS) query[k] = params.get(k) || "";
  if (!query.order) query.order = "desc";
  const first = await get("events", { ...query, limit: 50 }, signal);
  document.title = "Events · diplograph";
  let labels = { ...first.labels };
  const body = [];
  const rows = first.events.map((ev) => eventRow(ev, labels));
  const t = table(EVENT_HEADERS, rows, { caption: "Events", scroll: true });
  const tbody = t.querySelector("tbody");
  const status = h("p", { class: "muted", id: "events-count", role: "status" });
  let shown = rows.length;
  let next = first.next;
  const more = h("button", { type: "button", class: "secondary", id: "more" }, "Load more");
  const update = () => {
    status.textContent = `${shown} event${shown === 1 ? "" : "s"} shown${next ? "; more below" : ""}.`;
    more.hidden = !next;
  };
  more.addEventListener("click", async () => {
    more.disabled = true;
    try {
      const page = await get("events", { ...query, limit: 50, cursor: next });
      labels = { ...labels, ...page.labels };
      for (const ev of page.events) tbody.appendChild(eventRow(ev, labels));
      shown += page.events.length;
      next = page.next;
      update();
    } catch (err) {
      status.textContent = "Could not load more: " + err.message;
    } finally {
      more.disabled = false;
    }
  });
  update();
  body.push(
    h("h1", { tabindex: "-1", "data-autofocus": "" }, "Events"),
    h("p", { class: "sub" }, "Every stored event with the sentence it was read from. A row opens its document."),
    form(params, meta, go), status,
    shown ? t : h("p", { class: "notice", id: "no-events" }, "No event matches these filters."),
    h("p", null, more));
  return h("div", null, body);
}
