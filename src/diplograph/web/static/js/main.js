// The dashboard: a hash router over the pages, the actor search box, the read-only badge.
import { h, replace, route, message } from "./dom.js";
import { get, info, ApiError } from "./api.js";
import { overviewPage } from "./pages/overview.js";
import { networkPage } from "./pages/network.js";
import { eventsPage } from "./pages/events.js";
import { documentPage } from "./pages/document.js";
import { actorPage } from "./pages/actor.js";
import { agreementPage, agreementsPage } from "./pages/agreement.js";
import { relationsPage } from "./pages/relations.js";

const main = document.getElementById("main");
const PAGES = [
  [/^$/, "overview", overviewPage],
  [/^network$/, "network", networkPage],
  [/^events$/, "events", eventsPage],
  [/^document\/(.+)$/, "events", documentPage],
  [/^actor\/(.+)$/, null, actorPage],
  [/^agreements$/, "agreements", agreementsPage],
  [/^agreement\/(.+)$/, "agreements", agreementPage],
  [/^relations\/([^/]+)\/([^/]+)$/, null, relationsPage],
];

let current = null;  // AbortController of the page being shown
let firstRender = true;

function parseHash() {
  const raw = window.location.hash;
  if (raw && !raw.startsWith("#/")) return null;  // "#main" and other in-page anchors
  const body = raw.slice(2);
  const [path, query] = body.split("?", 2);
  return { path: path.replace(/\/+$/, ""), params: new URLSearchParams(query || "") };
}

export function go(path, params) {
  window.location.hash = route(path, params).slice(1);
}

async function render() {
  const where = parseHash();
  if (where === null) return;
  if (current) current.abort();
  current = new AbortController();
  const signal = current.signal;
  let page = null, args = [], nav = null;
  for (const [rx, navKey, fn] of PAGES) {
    const m = rx.exec(where.path);
    if (m) {
      page = fn;
      nav = navKey;
      args = m.slice(1).map((x) => { try { return decodeURIComponent(x); } catch (e) { return x; } });
      break;
    }
  }
  for (const a of document.querySelectorAll("[data-nav]")) {
    if (a.dataset.nav === nav) a.setAttribute("aria-current", "page");
    else a.removeAttribute("aria-current");
  }
  if (!page) {
    document.title = "Not found · diplograph";
    replace(main, h("h1", null, "Nothing here"), h("p", null, h("a", { href: "#/" }, "Back to the overview")));
    main.dataset.route = window.location.hash;
    return;
  }
  delete main.dataset.route;
  replace(main, h("p", { class: "loading" }, "Loading…"));
  try {
    const view = await page({ args, params: where.params, signal, go });
    if (signal.aborted) return;
    replace(main, view);
  } catch (err) {
    if (signal.aborted || (err && err.name === "AbortError")) return;
    const text = err instanceof ApiError ? err.message : "Something went wrong while drawing this page.";
    replace(main, h("h1", null, err instanceof ApiError && err.status === 404 ? "Not found" : "Cannot show this page"),
      message("error", text), h("p", null, h("a", { href: "#/" }, "Back to the overview")));
  }
  main.dataset.route = window.location.hash;  // what is shown (tests wait for it)
  // after a change of page, focus moves to its heading (or the highlighted quote); on the first
  // load it stays at the top of the document, where the skip link is
  const target = main.querySelector("[data-autofocus]") || main;
  if (!firstRender || target.tagName === "MARK") target.focus({ preventScroll: target === main });
  firstRender = false;
}

// the actor search: suggestions as you type, Enter opens the first one
function setupSearch() {
  const form = document.getElementById("actor-search");
  const input = document.getElementById("actor-q");
  const list = document.getElementById("actor-suggest");
  let timer = null, last = "", controller = null;
  const close = () => { list.hidden = true; input.setAttribute("aria-expanded", "false"); };
  const show = (actors) => {
    replace(list, actors.map((a) => h("li", { role: "option" },
      h("a", { href: route("actor/" + a.id), on: { click: close } }, a.label, " ",
        h("small", null, `${a.kind} · ${a.id}${a.matched !== a.label ? " · " + a.matched : ""}`)))));
    if (!actors.length) replace(list, h("li", null, h("a", { href: "#/", "aria-disabled": "true" }, "No actor found")));
    list.hidden = false;
    input.setAttribute("aria-expanded", "true");
  };
  const lookup = async () => {
    const q = input.value.trim();
    if (!q) { close(); return; }
    if (q === last) return;
    last = q;
    if (controller) controller.abort();
    controller = new AbortController();
    try {
      const res = await get("actors", { q, limit: 8 }, controller.signal);
      if (input.value.trim() === q) show(res.actors);
    } catch (err) { /* aborted or failed: no suggestions */ }
  };
  input.addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(lookup, 150); });
  input.addEventListener("keydown", (ev) => {
    if (ev.key === "Escape") close();
    if (ev.key === "ArrowDown" && !list.hidden) {
      const first = list.querySelector("a");
      if (first) { ev.preventDefault(); first.focus(); }
    }
  });
  list.addEventListener("keydown", (ev) => {
    const links = [...list.querySelectorAll("a")];
    const i = links.indexOf(document.activeElement);
    if (ev.key === "ArrowDown" && i < links.length - 1) { ev.preventDefault(); links[i + 1].focus(); }
    if (ev.key === "ArrowUp") { ev.preventDefault(); (i > 0 ? links[i - 1] : input).focus(); }
    if (ev.key === "Escape") { close(); input.focus(); }
  });
  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    const q = input.value.trim();
    if (!q) return;
    try {
      const res = await get("actors", { q, limit: 1 });
      if (res.actors.length) { close(); go("actor/" + res.actors[0].id); input.blur(); }
      else show([]);
    } catch (err) { show([]); }
  });
  document.addEventListener("click", (ev) => { if (!form.contains(ev.target)) close(); });
}

async function setupMode() {
  const badge = document.getElementById("mode");
  try {
    const i = await info();
    badge.textContent = i.writable ? "writable" : "read-only";
    badge.classList.toggle("writable", i.writable);
    badge.title = i.writable ? "documents can be sent with the server's token" : (i.read_only_reason || "read-only");
  } catch (err) {
    badge.textContent = "offline";
  }
}

window.addEventListener("hashchange", render);
setupSearch();
setupMode();
render();
