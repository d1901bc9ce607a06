// An actor: names in its languages, memberships with dates, partners, recent events.
import { h, route, table, extLink, fmtNumber, scoreEl } from "../dom.js";
import { get, labelOf } from "../api.js";
import { eventRow, EVENT_HEADERS } from "./events.js";

const FIRST_LANGS = ["en", "id", "ms", "es", "fr", "de", "ar", "ru", "zh", "tr", "pt", "it", "nl"];

function namesTable(a) {
  const langs = new Set([...Object.keys(a.names), ...Object.keys(a.demonyms), ...Object.keys(a.metonyms)]);
  const ordered = [...langs].sort((x, y) => {
    const ix = FIRST_LANGS.indexOf(x), iy = FIRST_LANGS.indexOf(y);
    return (ix < 0 ? 99 : ix) - (iy < 0 ? 99 : iy) || (x < y ? -1 : 1);
  });
  const row = (lang) => h("tr", null, h("th", { scope: "row" }, lang),
    h("td", { lang }, (a.names[lang] || []).join(" · ")),
    h("td", { lang }, (a.demonyms[lang] || []).join(" · ")),
    h("td", { lang }, (a.metonyms[lang] || []).join(" · ")));
  const head = ordered.slice(0, 6), rest = ordered.slice(6);
  const cols = ["Language", "Names", "Demonyms", "Metonyms"];
  return [table(cols, head.map(row), { caption: "Names" }),
    rest.length ? h("details", null, h("summary", null, `${rest.length} more languages`), table(cols, rest.map(row), { caption: "More names" })) : null];
}

export async function actorPage({ args, signal }) {
  const [id] = args;
  const a = await get("actors/" + encodeURIComponent(id), { recent: 15 }, signal);
  document.title = a.label + " · diplograph";
  const labels = a.labels || {};
  const memberships = a.memberships.map((m) => h("tr", null,
    h("td", null, h("a", { href: route(m.kind === "agreement" || m.kind === "organization" ? "agreement/" + m.of : "actor/" + m.of) }, m.label)),
    h("td", null, m.kind), h("td", null, m.role || ""), h("td", { class: "nowrap" }, m.since || ""),
    h("td", { class: "nowrap" }, m.announced || ""), h("td", { class: "nowrap" }, m.left || ""),
    h("td", null, m.source ? extLink(m.source, "source") : "")));
  const members = a.members.map((m) => h("tr", null,
    h("td", null, h("a", { href: route("actor/" + m.member) }, m.label)), h("td", null, m.role || ""),
    h("td", { class: "nowrap" }, m.since || ""), h("td", { class: "nowrap" }, m.left || "")));
  const partners = (a.partners || []).slice(0, 30).map((p) => h("tr", null,
    h("td", null, h("a", { href: route("actor/" + p.id) }, p.label)), h("td", null, p.kind),
    h("td", { class: "num" }, fmtNumber(p.events)), h("td", { class: "num" }, scoreEl(p.score)),
    h("td", { class: "nowrap" }, p.first ? `${p.first} … ${p.last}` : ""),
    h("td", null, h("a", { href: route(`relations/${a.id}/${p.id}`), "aria-label": `Relations with ${p.label}` }, "relations"))));
  const recent = a.recent_events.map((ev) => eventRow(ev, labels));
  const office = a.offices.map((o) => h("tr", null, h("td", null, o.office), h("td", null, o.country || o.organization || ""),
    h("td", { class: "nowrap" }, o.start || ""), h("td", { class: "nowrap" }, o.end || "")));
  return h("div", null,
    h("h1", { tabindex: "-1", "data-autofocus": "" }, a.label),
    h("p", { class: "sub" }, `${a.kind} · ${a.id}`, a.country ? [" · ", h("a", { href: route("actor/" + a.country) }, labelOf(labels, a.country))] : null,
      a.wikidata ? [" · ", extLink("https://www.wikidata.org/wiki/" + encodeURIComponent(a.wikidata), a.wikidata)] : null),
    h("div", { class: "cards" },
      h("div", { class: "stat" }, h("b", null, fmtNumber(a.events.total)), h("span", null,
        h("a", { href: route("events", { actor: a.id }) }, "events as actor"), " or recipient")),
      h("div", { class: "stat" }, h("b", null, fmtNumber(a.events.as_actor)), h("span", null, h("a", { href: route("events", { actor: a.id }) }, "as actor"))),
      h("div", { class: "stat" }, h("b", null, fmtNumber(a.events.as_recipient)), h("span", null, h("a", { href: route("events", { recipient: a.id }) }, "as recipient"))),
      h("div", { class: "stat" }, h("b", null, fmtNumber((a.partners || []).length)), h("span", null, "partners"))),
    h("section", null, h("h2", null, "Names"), namesTable(a)),
    office.length ? h("section", null, h("h2", null, "Offices"), table(["Office", "Of", "From", "Until"], office, { caption: "Offices" })) : null,
    h("section", null, h("h2", null, "Memberships"), memberships.length
      ? table(["Of", "Kind", "Role", "Since", "Announced", "Left", "Source"], memberships, { caption: "Memberships" })
      : h("p", { class: "muted" }, "No membership known.")),
    members.length ? h("section", null, h("h2", null, "Members"), h("p", null, h("a", { href: route("agreement/" + a.id) }, "Members on a timeline")),
      table(["Member", "Role", "Since", "Left"], members, { caption: "Members" })) : null,
    a.group_members.length ? h("section", null, h("h2", null, "Group members"),
      h("p", null, a.group_members.map((g, i) => [i ? ", " : null, h("a", { href: route("actor/" + g.id) }, g.label)]))) : null,
    h("section", null, h("h2", null, "Partners"), a.partners === null
      ? h("p", { class: "muted" }, "Relations are not available in this installation.")
      : partners.length ? table(["Partner", "Kind", { label: "Events", class: "num" }, { label: "Score", class: "num" }, "Dates", ""], partners, { caption: "Partners" })
        : h("p", { class: "muted" }, "No partner in the stored events.")),
    h("section", null, h("h2", null, "Recent events"), recent.length
      ? table(EVENT_HEADERS, recent, { caption: "Recent events", scroll: true })
      : h("p", { class: "muted" }, "No stored event.")));
}
