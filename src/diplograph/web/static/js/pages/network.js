// Network: the relations graph with filters (period, category, actor); a node opens its actor.
import { h, table, route, fmtNumber, scoreEl } from "../dom.js";
import { get, info } from "../api.js";
import { drawNetwork, KINDS } from "../network.js";

const MAX_NODES = 150;

/** An actor id from what was typed: an id, or the best match of a name search. */
export async function resolveActor(value) {
  const v = (value || "").trim();
  if (!v) return "";
  try {
    const res = await get("actors", { q: v, limit: 1 });
    if (res.actors.length) return res.actors[0].id;
  } catch (err) { /* keep what was typed */ }
  return v;
}

function filterForm(params, categories, go) {
  const field = (label, input) => h("label", null, label, input);
  const since = h("input", { name: "since", value: params.get("since") || "", placeholder: "YYYY[-MM[-DD]]", pattern: "[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?" });
  const until = h("input", { name: "until", value: params.get("until") || "", placeholder: "YYYY[-MM[-DD]]", pattern: "[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?" });
  const category = h("select", { name: "category" }, h("option", { value: "" }, "any"),
    categories.map((c) => h("option", { value: c, selected: params.get("category") === c }, c)));
  const actor = h("input", { name: "actor", value: params.get("actor") || "", placeholder: "id or name, e.g. KAZ" });
  const form = h("form", { class: "filters card", "aria-label": "Filter the network" },
    field("From", since), field("Until", until), field("Category", category), field("Actor (its ego network)", actor),
    h("div", { class: "actions" }, h("button", { type: "submit" }, "Apply"),
      h("button", { type: "button", class: "secondary", on: { click: () => go("network", {}) } }, "Reset")));
  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    go("network", { since: since.value.trim(), until: until.value.trim(), category: category.value,
                    actor: await resolveActor(actor.value) });
  });
  return form;
}

export async function networkPage({ params, signal, go }) {
  const [meta, g] = await Promise.all([info(), get("graph", {
    since: params.get("since"), until: params.get("until"), category: params.get("category"), actor: params.get("actor"),
  }, signal)]);
  document.title = "Network · diplograph";
  const all = g.nodes;
  let nodes = all, edges = g.edges;
  if (all.length > MAX_NODES) {
    const keep = new Set([...all].sort((a, b) => b.events - a.events).slice(0, MAX_NODES).map((d) => d.id));
    nodes = all.filter((d) => keep.has(d.id));
    edges = g.edges.filter((e) => keep.has(e.source) && keep.has(e.target));
  }
  const open = (d) => go("actor/" + d.id);
  const labels = new Map(all.map((d) => [d.id, d.label]));
  const svg = nodes.length ? drawNetwork({ nodes, edges }, open, { label: `Relations network: ${nodes.length} actors, ${edges.length} relations` }) : null;
  const legend = h("ul", { class: "legend" },
    KINDS.map((k) => h("li", null, h("i", { class: "k-" + k }), k)),
    h("li", null, "edges: conflict ", h("span", { class: "gradient", "aria-hidden": "true" }), " cooperation"));
  const nodeRows = [...all].sort((a, b) => b.events - a.events).map((d) => h("tr", null,
    h("td", null, h("a", { href: route("actor/" + d.id) }, d.label)), h("td", null, d.kind),
    h("td", { class: "num" }, fmtNumber(d.events))));
  const edgeRows = [...g.edges].sort((a, b) => b.events - a.events).slice(0, 50).map((e) => h("tr", null,
    h("td", null, h("a", { href: route(`relations/${e.source}/${e.target}`) }, `${labels.get(e.source) || e.source} – ${labels.get(e.target) || e.target}`)),
    h("td", { class: "num" }, fmtNumber(e.events)), h("td", { class: "num" }, scoreEl(e.score)),
    h("td", { class: "nowrap" }, e.first ? `${e.first} … ${e.last}` : "")));
  return h("div", null,
    h("h1", { tabindex: "-1", "data-autofocus": "" }, "Network"),
    h("p", { class: "sub" }, "Who deals with whom: nodes sized by activity and coloured by kind, edges coloured by the " +
      "cooperation–conflict score. Click a node (or focus it and press Enter) to open the actor."),
    filterForm(params, meta.categories, go),
    all.length > nodes.length ? h("p", { class: "notice" }, `Showing the ${nodes.length} most active of ${all.length} actors.`) : null,
    svg ? h("div", { class: "network", id: "network" }, svg) : h("p", { class: "notice" }, "No relations for these filters."),
    legend,
    h("div", { class: "grid2" },
      h("section", null, h("h2", null, "Strongest relations"),
        edgeRows.length ? table(["Pair", { label: "Events", class: "num" }, { label: "Score", class: "num" }, "Dates"], edgeRows,
          { caption: "Relations" }) : h("p", { class: "muted" }, "None.")),
      h("section", null, h("h2", null, `Actors (${all.length})`),
        nodeRows.length ? table(["Actor", "Kind", { label: "Events", class: "num" }], nodeRows, { caption: "Actors in the network" })
          : h("p", { class: "muted" }, "None."))));
}
