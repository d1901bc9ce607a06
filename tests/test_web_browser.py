"""The dashboard in real headless Chromium (Debian's, driven by Playwright for Python) against a
real server on loopback: pages load without console errors at 1280×800 and at phone width, the
network draws the graph's nodes, filters change the table, a document opens with its quote
highlighted, the keyboard reaches everything, and a document full of markup executes nothing."""
from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
if not CHROMIUM.exists():
    pytest.skip("Debian's chromium is not installed at /usr/bin/chromium (.ci/run installs it: apt-get install chromium)",
                allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright (the Python package) is not installed")

from test_web_api import TOKEN, WebServer, fresh_copy  # noqa: E402

ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
PAGES = ["#/", "#/network", "#/events", "#/actor/KAZ", "#/agreements", "#/agreement/abraham-accords",
         "#/document/wire-2025-11-07-israel-welcomes-kazakhstan", "#/relations/KAZ/ISR", "#/actor/kassym-jomart-tokayev"]
XSS = ('Indonesia and Malaysia signed an energy cooperation agreement "><img src=x onerror="window.__pwned=1;alert(1)"> '
       '<script>window.__pwned=2;alert(2)</script> <svg onload="window.__pwned=3"></svg> in Jakarta on Monday.')


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    os.environ.setdefault("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")
    srv = WebServer(fresh_copy(tmp_path_factory, "browser"), TOKEN)
    yield srv
    srv.stop()


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()


class Page:
    """A tab that records console errors, page errors and dialogs."""

    def __init__(self, browser, server, width=1280, height=800):
        self.context = browser.new_context(viewport={"width": width, "height": height})
        self.page = self.context.new_page()
        self.server = server
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.page.on("console", lambda m: self.errors.append(f"{m.type}: {m.text}") if m.type in ("error", "warning") else None)
        self.page.on("pageerror", lambda e: self.errors.append(f"pageerror: {e}"))

        def dialog(d):
            self.dialogs.append(d.message)
            d.dismiss()
        self.page.on("dialog", dialog)

    def open(self, hash_: str):
        self.page.goto(self.server.url + "/" + hash_)
        self.wait_loaded()
        return self.page

    def wait_loaded(self):
        self.page.wait_for_function("() => { const m = document.querySelector('main'); "
                                    "return m.dataset.route === (location.hash || '') && m.querySelector('h1'); }",
                                    timeout=20000)

    def close(self):
        self.context.close()


@pytest.fixture()
def tab(browser, server):
    t = Page(browser, server)
    yield t
    t.close()


@pytest.mark.parametrize("size", [(1280, 800), (390, 844)])
def test_every_page_loads_without_console_errors(browser, server, size):
    t = Page(browser, server, *size)
    try:
        for where in PAGES:
            page = t.open(where)
            assert page.locator("main h1").inner_text().strip(), where
            assert not page.locator("main .error").count(), (where, page.locator("main .error").all_inner_texts())
            overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
            assert overflow <= 1, f"{where} is wider than the {size[0]}px screen by {overflow}px"
        t.page.goto(server.url + "/docs")
        t.page.wait_for_selector(".swagger-ui .opblock", timeout=20000)
        assert t.errors == [], t.errors
    finally:
        t.close()


def test_network_renders_the_graph_nodes_and_a_node_opens_its_actor(tab, server):
    graph = server.get("/api/graph")
    page = tab.open("#/network")
    page.wait_for_selector("#network g.node")
    drawn = set(page.eval_on_selector_all("#network g.node", "els => els.map(e => e.dataset.id)"))
    assert drawn == {n["id"] for n in graph["nodes"]}
    assert page.locator("#network line.edge").count() == len(graph["edges"])
    kinds = dict(page.eval_on_selector_all("#network g.node", "els => els.map(e => [e.dataset.id, e.dataset.kind])"))
    assert all(kinds[n["id"]] == n["kind"] for n in graph["nodes"])
    radius = {i: float(r) for i, r in page.eval_on_selector_all(
        "#network g.node", "els => els.map(e => [e.dataset.id, e.querySelector('circle').getAttribute('r')])")}
    by_events = sorted(graph["nodes"], key=lambda n: n["events"])
    assert radius[by_events[-1]["id"]] > radius[by_events[0]["id"]]
    page.locator('#network g.node[data-id="ISR"]').click()
    page.wait_for_url(re.compile(r"#/actor/ISR$"))
    tab.wait_loaded()
    assert page.locator("main h1").inner_text() == "Israel"
    assert tab.errors == []


def test_network_filters_and_the_keyboard(tab, server):
    page = tab.open("#/network")
    page.select_option("form.filters select[name=category]", "SANCTION")
    page.click("form.filters button[type=submit]")
    page.wait_for_url(re.compile(r"category=SANCTION"))
    tab.wait_loaded()
    page.wait_for_selector("#network g.node")
    expected = {n["id"] for n in server.get("/api/graph?category=SANCTION")["nodes"]}
    drawn = set(page.eval_on_selector_all("#network g.node", "els => els.map(e => e.dataset.id)"))
    assert drawn == expected and len(drawn) < len(server.get("/api/graph")["nodes"])
    first = page.locator("#network g.node").first
    node_id = first.get_attribute("data-id")
    first.focus()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(rf"#/actor/{re.escape(node_id)}$"))
    tab.wait_loaded()
    assert tab.errors == []


def test_keyboard_reaches_the_navigation_and_the_search(tab, server):
    page = tab.open("#/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip"
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")  # brand, Overview, Network
    assert page.evaluate("document.activeElement.textContent") == "Network"
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"#/network$"))
    tab.wait_loaded()
    page.focus("#actor-q")
    page.keyboard.type("Kazajist")
    page.wait_for_selector("#actor-suggest:not([hidden]) a")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"#/actor/KAZ$"))
    tab.wait_loaded()
    assert page.locator("main h1").inner_text() == "Kazakhstan"
    assert tab.errors == []


def test_filters_change_the_table_and_a_row_opens_its_document_with_the_quote(tab, server):
    page = tab.open("#/events")
    page.wait_for_selector("#events-count")
    all_rows = page.locator("main tbody tr").count()
    categories = set(page.eval_on_selector_all("main tbody tr", "els => els.map(e => e.dataset.category)"))
    assert all_rows == 50 and len(categories) > 3
    page.select_option("#f-category", "SANCTION")
    page.click("#event-filters button[type=submit]")
    page.wait_for_url(re.compile(r"category=SANCTION"))
    tab.wait_loaded()
    page.wait_for_selector("main tbody tr")
    rows = page.locator("main tbody tr")
    expected = server.get("/api/events?category=SANCTION&order=desc&limit=50")["events"]
    assert rows.count() == len(expected) < all_rows
    assert set(page.eval_on_selector_all("main tbody tr", "els => els.map(e => e.dataset.category)")) == {"SANCTION"}
    assert page.eval_on_selector_all("main tbody tr", "els => els.map(e => e.dataset.event)") == [e["id"] for e in expected]
    page.fill("#f-text", "Rosneft")
    page.click("#event-filters button[type=submit]")
    page.wait_for_url(re.compile(r"text=Rosneft"))
    tab.wait_loaded()
    fewer = page.locator("main tbody tr").count()
    assert 0 < fewer < rows.count() + 1 and fewer == len(server.get("/api/events?category=SANCTION&text=Rosneft")["events"])
    first = expected_first = server.get("/api/events?category=SANCTION&text=Rosneft&order=desc")["events"][0]
    page.locator("main tbody tr td.quote a").first.click()
    page.wait_for_url(re.compile(r"#/document/"))
    tab.wait_loaded()
    mark = page.locator(".doctext mark#quote")
    mark.wait_for()
    assert mark.inner_text() == expected_first["quote"] == first["quote"]
    assert mark.get_attribute("data-event") == expected_first["id"]
    assert page.evaluate("document.activeElement.id") == "quote"
    doc = server.get(f"/api/documents/{expected_first['doc_id']}")
    link = page.locator("aside a", has_text="Original article")
    if doc["url"]:
        assert link.get_attribute("href") == doc["url"] and link.get_attribute("rel") == "noopener noreferrer nofollow"
    assert page.locator(".doctext").inner_text().strip() == doc["text"].strip()
    assert tab.errors == []


def test_load_more_follows_the_cursor(tab, server):
    page = tab.open("#/events?order=asc")
    page.wait_for_selector("#more")
    page.click("#more")
    page.wait_for_function("() => document.querySelectorAll('main tbody tr').length > 50")
    shown = page.eval_on_selector_all("main tbody tr", "els => els.map(e => e.dataset.event)")
    first = server.get("/api/events?order=asc&limit=50")
    second = server.get(f"/api/events?order=asc&limit=50&cursor={first['next']}")
    assert shown == [e["id"] for e in first["events"] + second["events"]]


def test_agreement_page_shows_members_on_a_timeline_and_candidates_apart(tab, server):
    page = tab.open("#/agreement/abraham-accords")
    members = server.get("/api/members/abraham-accords")
    dots = page.eval_on_selector_all(".timeline a.member", "els => els.map(e => e.getAttribute('href'))")
    assert sorted(dots) == sorted(f"#/actor/{m['member']}" for m in members["members"] if m["since"] or m["announced"])
    cand = page.locator("section", has=page.locator("#h-cand"))
    assert cand.locator("tbody tr").count() == len(members["candidates"]) > 0
    assert "Saudi Arabia" in cand.inner_text()
    assert tab.errors == []


def test_a_document_with_markup_executes_nothing(tab, server):
    doc = {"id": "xss-<b>1</b>", "lang": "en", "date": "2026-02-03", "url": "javascript:window.__pwned=4",
           "title": '<img src=x onerror="window.__pwned=5"><script>window.__pwned=6</script>', "text": XSS}
    status, res = server.post("/api/documents", json.dumps(doc).encode(), "application/x-ndjson")
    assert status == 200 and res["new"] == 1, res
    events = server.get("/api/events?" + "doc_id=" + "xss-%3Cb%3E1%3C%2Fb%3E")["events"]
    assert events and "<script>" in events[0]["quote"]
    page = tab.page
    for where in ["#/events?text=onerror", "#/document/" + "xss-%3Cb%3E1%3C%2Fb%3E" + f"?event={events[0]['id']}",
                  "#/actor/IDN", "#/"]:
        tab.open(where)
        page.wait_for_timeout(300)
        assert page.evaluate("() => window.__pwned") is None, where
    tab.open("#/document/" + "xss-%3Cb%3E1%3C%2Fb%3E" + f"?event={events[0]['id']}")
    text = page.locator(".doctext").inner_text()
    assert "<script>window.__pwned=2;alert(2)</script>" in text and '"><img src=x' in text
    assert page.locator(".doctext img, .doctext script, .doctext svg, main h1 img, main h1 script").count() == 0
    assert page.locator("main h1").inner_text().startswith("<img src=x")
    assert page.locator('a[href^="javascript:"]').count() == 0
    assert page.locator("mark#quote").inner_text() == events[0]["quote"]
    tab.open("#/events?text=onerror")
    assert page.locator("main tbody tr td.quote img").count() == 0
    assert page.evaluate("() => window.__pwned") is None
    assert tab.dialogs == []
    assert tab.errors == []
