"""The HTTP API of `diplograph serve`, against a real server on loopback (a subprocess) over a
DuckDB file built by ingesting examples/corpus. Helpers here are shared by the other web tests."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from conftest import CORPUS, cli_path

TOKEN = "test-token-0123456789abcdef"
_BUILT: dict[str, Path] = {}


def corpus_db(tmp_path_factory) -> Path:
    """A store built from examples/corpus with the CLI, once per test session (copy it before use)."""
    if "corpus" not in _BUILT:
        path = tmp_path_factory.mktemp("webdb") / "corpus.duckdb"
        proc = subprocess.run([cli_path(), "ingest", str(CORPUS), "--db", str(path)], capture_output=True, text=True,
                              timeout=300)
        assert proc.returncode == 0, proc.stderr
        _BUILT["corpus"] = path
    return _BUILT["corpus"]


def fresh_copy(tmp_path_factory, name: str) -> Path:
    target = tmp_path_factory.mktemp(name) / "store.duckdb"
    shutil.copy(corpus_db(tmp_path_factory), target)
    return target


class WebServer:
    """`diplograph serve` in a subprocess on a free loopback port; `url` once it answers."""

    def __init__(self, db: Path, token: str | None = None, *extra: str, cwd: Path | None = None):
        env = {k: v for k, v in os.environ.items() if k != "DIPLOGRAPH_TOKEN"}
        if token:
            env["DIPLOGRAPH_TOKEN"] = token
        self.proc = subprocess.Popen([cli_path(), "serve", "--db", str(db), "--port", "0", *extra],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=env,
                                     cwd=str(cwd) if cwd else None)
        self.lines: list[str] = []
        self.url = ""
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            line = self.proc.stderr.readline()
            if not line:
                break
            self.lines.append(line)
            if " at http://" in line:
                self.url = line.split(" at ", 1)[1].split("/ ", 1)[0].rstrip("/")
                break
        if not self.url:
            self.stop()
            raise AssertionError("the server did not start: " + "".join(self.lines))
        threading.Thread(target=self._drain, daemon=True).start()
        while time.monotonic() < deadline:
            try:
                self.get("/api/info")
                return
            except OSError:
                time.sleep(0.1)
        raise AssertionError("the server does not answer")

    def _drain(self) -> None:
        for line in self.proc.stderr:
            self.lines.append(line)

    def request(self, path: str, data: bytes | None = None, headers: dict[str, str] | None = None,
                method: str | None = None) -> tuple[int, dict[str, str], bytes]:
        req = urllib.request.Request(self.url + path, data=data, headers=headers or {}, method=method)
        try:
            with urllib.request.urlopen(req, timeout=60) as resp:
                return resp.status, {k.lower(): v for k, v in resp.headers.items()}, resp.read()
        except urllib.error.HTTPError as exc:
            return exc.code, {k.lower(): v for k, v in exc.headers.items()}, exc.read()

    def get(self, path: str) -> dict:
        status, _, body = self.request(path)
        assert status == 200, (path, status, body[:300])
        return json.loads(body)

    def error(self, path: str, status: int, **kw) -> dict:
        got, headers, body = self.request(path, **kw)
        assert got == status, (path, got, body[:300])
        assert headers["content-type"].startswith("application/json")
        doc = json.loads(body)
        assert doc["status"] == status and isinstance(doc["message"], str) and doc["message"]
        return doc

    def post(self, path: str, body: bytes, content_type: str, token: str | None = TOKEN) -> tuple[int, dict]:
        headers = {"Content-Type": content_type}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        status, _, raw = self.request(path, data=body, headers=headers, method="POST")
        return status, json.loads(raw)

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    srv = WebServer(fresh_copy(tmp_path_factory, "api"), TOKEN)
    yield srv
    srv.stop()


@pytest.fixture(scope="module")
def readonly(tmp_path_factory):
    srv = WebServer(fresh_copy(tmp_path_factory, "ro"), None, "--max-page", "20")
    yield srv
    srv.stop()


def all_events(server, **params) -> list[dict]:
    out, cursor = [], None
    for _ in range(1000):
        q = dict(params, limit=params.get("limit", 7))
        if cursor:
            q["cursor"] = cursor
        page = server.get("/api/events?" + urllib.parse.urlencode(q))
        assert len(page["events"]) <= q["limit"]
        out += page["events"]
        cursor = page["next"]
        if not cursor:
            return out
    raise AssertionError("pagination does not end")



# -- reading --------------------------------------------------------------------------------------
def test_info_and_read_only_mode(server, readonly):
    assert server.get("/api/info")["writable"] is True
    info = readonly.get("/api/info")
    assert info["writable"] is False and "token" in info["read_only_reason"]
    assert info["limits"]["max_page"] == 20
    doc = readonly.error("/api/documents", 403, data=b'{"id":"x","text":"y"}',
                         headers={"Content-Type": "application/json", "Authorization": f"Bearer {TOKEN}"},
                         method="POST")
    assert "read-only" in doc["message"]
    readonly.error("/api/events?limit=21", 422)


def test_events_pages_cover_the_store_once_in_a_stable_order(server):
    everything = server.get("/api/events?limit=500")["events"]
    counts = server.get("/api/overview")
    assert len(everything) == counts["events"] > 100
    walked = all_events(server, limit=7)
    assert [e["id"] for e in walked] == [e["id"] for e in everything]
    keys = [((e["date"] or ""), e["id"]) for e in walked]
    assert keys == sorted(keys)
    backwards = all_events(server, limit=11, order="desc")
    assert [e["id"] for e in backwards] == [e["id"] for e in reversed(everything)]
    again = server.get("/api/events?limit=500")["events"]
    assert [e["id"] for e in again] == [e["id"] for e in everything]


def test_events_follow_the_output_contract(server):
    page = server.get("/api/events?limit=50")
    fields = {"id", "doc_id", "lang", "event_type", "mode", "contexts", "aux", "actor", "recipient", "actor_countries",
              "recipient_countries", "agreement", "sectors", "date", "date_precision", "quote", "start", "end",
              "confidence", "quad"}
    for ev in page["events"]:
        assert fields <= set(ev)
    ev = page["events"][3]
    assert server.get(f"/api/events/{ev['id']}") == ev
    assert set(page["labels"]) >= {a for e in page["events"] for a in e["actor"] if a.isupper() and len(a) == 3}


@pytest.mark.parametrize("params, check", [
    ({"category": "SANCTION"}, lambda e: e["event_type"] == "SANCTION"),
    ({"quad": "material-conflict"}, lambda e: e["quad"] == "material-conflict"),
    ({"lang": "id"}, lambda e: e["lang"] == "id"),
    ({"agreement": "abraham-accords"}, lambda e: e["agreement"] == "abraham-accords"),
    ({"actor": "KAZ"}, lambda e: "KAZ" in e["actor"] + e["actor_countries"]),
    ({"actor": "kaz"}, lambda e: "KAZ" in e["actor"] + e["actor_countries"]),
    ({"recipient": "ISR"}, lambda e: "ISR" in e["recipient"] + e["recipient_countries"]),
    ({"participant": "ISR"}, lambda e: "ISR" in e["actor"] + e["actor_countries"] + e["recipient"] + e["recipient_countries"]),
    ({"since": "2025-11", "until": "2025-11"}, lambda e: e["date"] and e["date"].startswith("2025-11")),
    ({"text": "ABRAHAM"}, lambda e: "abraham" in e["quote"].lower()),
    ({"actor": "KAZ", "category": "SUPPORT", "lang": "en"},
     lambda e: e["event_type"] == "SUPPORT" and e["lang"] == "en" and "KAZ" in e["actor"] + e["actor_countries"]),
])
def test_event_filters_are_the_clis(server, params, check):
    got = all_events(server, **params)
    assert got and all(check(e) for e in got)
    cli = subprocess.run([cli_path(), "events", "--db", str(_BUILT["corpus"]), "--format", "json", "--limit", "100000",
                          *[x for k, v in params.items() if k not in ("participant",) for x in (f"--{k}", v)]],
                         capture_output=True, text=True, timeout=120)
    if "participant" not in params and params.get("actor") != "kaz":  # the API also takes 'kaz' for 'KAZ'; the CLI not
        assert cli.returncode == 0, cli.stderr
        assert [e["id"] for e in json.loads(cli.stdout)] == [e["id"] for e in got]


def test_kazakhstan_events_include_its_leaders(server):
    got = all_events(server, actor="KAZ")
    assert any("kassym-jomart-tokayev" in e["actor"] for e in got)


@pytest.mark.parametrize("query", ["limit=0", "limit=abc", "category=WAR", "quad=cooperation", "since=yesterday",
                                   "until=2025-1", "lang=english", "cursor=!!", "cursor=bm90LWpzb24", "order=up",
                                   "text="])
def test_bad_parameters_are_json_errors(server, query):
    server.error(f"/api/events?{query}", 422)


def test_page_size_is_limited(server):
    doc = server.error("/api/events?limit=501", 422)
    assert "500" in doc["message"]


def test_missing_things_are_json_404(server):
    server.error("/api/events/nope", 404)
    server.error("/api/documents/nope", 404)
    server.error("/api/actors/no-such-actor", 404)
    server.error("/api/members/no-such-agreement", 404)
    server.error("/api/relations?a=no-such-actor", 404)
    server.error("/api/nothing-here", 404)
    server.error("/api/events", 405, data=b"{}", headers={"Content-Type": "application/json"}, method="PUT")


def test_document_has_text_offsets_events_and_findings(server):
    doc = server.get("/api/documents/wire-2025-11-07-israel-welcomes-kazakhstan")
    assert doc["title"].startswith("Israel welcomes") and doc["url"].startswith("https://wire.example/")
    assert doc["events"] and doc["mentions"] and isinstance(doc["findings"], list)
    text = doc["text"]
    for ev in doc["events"]:
        assert text[ev["start"]:ev["end"]] == ev["quote"]
    for m in doc["mentions"]:
        assert text[m["start"]:m["end"]] == m["text"]
    assert doc["labels"]["KAZ"] == "Kazakhstan"


def test_actor_search_across_languages(server):
    for query, expected in [("Kazajistán", "KAZ"), ("Amerika Serikat", "USA"), ("kazakh", "KAZ"), ("Uni Emirat Arab", "ARE")]:
        hits = server.get("/api/actors?" + urllib.parse.urlencode({"q": query}))["actors"]
        assert hits and hits[0]["id"] == expected, (query, hits[:3])
    server.error("/api/actors?q=", 422)


def test_actor_page_data(server):
    kaz = server.get("/api/actors/KAZ")
    assert kaz["label"] == "Kazakhstan" and kaz["kind"] == "country"
    assert "Kazachstan" in kaz["names"]["nl"] or "Kazachstan" in kaz["names"].get("pl", []) or len(kaz["names"]) > 20
    accords = [m for m in kaz["memberships"] if m["of"] == "abraham-accords"]
    assert accords and accords[0]["since"] >= "2025-11"
    assert kaz["events"]["total"] >= kaz["events"]["as_actor"] > 0
    assert kaz["recent_events"] and all("KAZ" in e["actor"] + e["actor_countries"] + e["recipient"] + e["recipient_countries"]
                                        for e in kaz["recent_events"])
    dates = [e["date"] or "" for e in kaz["recent_events"]]
    assert dates == sorted(dates, reverse=True)
    assert kaz["partners"] and kaz["partners"][0]["id"] == "ISR"
    assert server.get("/api/actors/kaz")["id"] == "KAZ"


def test_members_and_candidates(server):
    res = server.get("/api/members/abraham-accords")
    members = {m["member"]: m for m in res["members"]}
    assert {"ARE", "BHR", "ISR", "MAR", "SDN", "KAZ"} <= set(members)
    assert members["KAZ"]["since"].startswith("2025-11")
    assert all(c["member"] not in members for c in res["candidates"])
    assert "SAU" in {c["member"] for c in res["candidates"]}
    listed = {a["id"] for a in server.get("/api/agreements")["agreements"]}
    assert "abraham-accords" in listed


def test_relations_and_graph(server):
    rel = server.get("/api/relations?a=KAZ&b=ISR")
    assert rel["timeline"] and rel["periods"] and -1 <= rel["total"]["score"] <= 1
    partners = server.get("/api/relations?a=KAZ")["partners"]
    assert partners[0]["id"] == "ISR"
    g = server.get("/api/graph")
    ids = {n["id"] for n in g["nodes"]}
    assert {"KAZ", "ISR", "IDN"} <= ids
    assert all(e["source"] in ids and e["target"] in ids and -1 <= e["score"] <= 1 for e in g["edges"])
    sanctions = server.get("/api/graph?category=SANCTION")
    assert sanctions["edges"] and len(sanctions["edges"]) < len(g["edges"])
    ego = server.get("/api/graph?actor=KAZ")
    assert "KAZ" in {n["id"] for n in ego["nodes"]} and len(ego["nodes"]) < len(g["nodes"])
    server.error("/api/relations?a=KAZ&period=week", 422)


def test_overview(server):
    o = server.get("/api/overview")
    assert o["documents"] >= 17 and o["events"] == sum(o["per_category"].values()) == sum(o["per_quad"].values())
    charted = sum(r[q] for r in o["timeline"] for q in o["per_quad"])
    assert charted + o["undated"] + o["year_only"] == o["events"]
    assert o["dyads"][0]["events"] >= o["dyads"][-1]["events"]


def test_security_headers_and_closed_cors(server):
    status, headers, body = server.request("/api/events?limit=1", headers={"Origin": "https://evil.example"})
    assert status == 200
    csp = headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp.split("script-src", 1)[1].split(";")[0]
    assert headers["x-content-type-options"] == "nosniff" and headers["x-frame-options"] == "DENY"
    assert "access-control-allow-origin" not in headers
    status, headers, _ = server.request("/api/events", headers={"Origin": "https://evil.example",
                                                                "Access-Control-Request-Method": "GET"}, method="OPTIONS")
    assert "access-control-allow-origin" not in headers
    status, headers, page = server.request("/")
    assert status == 200 and b"<script" in page and b"<script>" not in page  # only external scripts
    assert "script-src 'self'" in headers["content-security-policy"]
    status, _, docs = server.request("/docs")
    assert status == 200 and b"swagger" in docs.lower()
    spec = server.get("/openapi.json")
    assert {"/api/events", "/api/events/{event_id}", "/api/documents/{doc_id}", "/api/actors", "/api/actors/{actor}",
            "/api/members/{agreement}", "/api/relations", "/api/graph", "/api/documents"} <= set(spec["paths"])
    status, _, asset = server.request("/docs/assets/swagger-ui-bundle.js")
    assert status == 200 and len(asset) > 100_000


# -- writing --------------------------------------------------------------------------------------
ARTICLE = {"id": "web-test-1", "lang": "id", "date": "2026-02-10", "url": "https://example.org/a", "title": "Uji",
           "text": "JAKARTA — Indonesia dan Vietnam menandatangani nota kesepahaman kerja sama perikanan pada "
                   "Selasa (10/2/2026)."}


def test_writes_need_the_token(server):
    body = json.dumps(ARTICLE).encode()
    status, doc = server.post("/api/documents", body, "application/x-ndjson", token=None)
    assert status == 401 and "Bearer" in doc["message"]
    status, doc = server.post("/api/documents", body, "application/x-ndjson", token="wrong-token")
    assert status == 401
    assert server.get("/api/events?doc_id=web-test-1")["events"] == []


def test_ingest_jsonl_then_read_it_back(server):
    before = server.get("/api/overview")["events"]
    lines = json.dumps(ARTICLE) + "\n" + "{not json\n" + json.dumps({"id": "no-text"}) + "\n"
    status, res = server.post("/api/documents", lines.encode(), "application/x-ndjson")
    assert status == 200, res
    assert res["received"] == 3 and res["new"] == 1 and res["events"] >= 1
    assert res["documents"] == [{"id": "web-test-1", "where": "body:1", "status": "new"}]
    assert [e["where"] for e in res["errors"]] == ["body:2", "body:3"]
    events = server.get("/api/events?doc_id=web-test-1")["events"]
    assert events and {"IDN", "VNM"} <= set(events[0]["actor"] + events[0]["recipient"])
    assert server.get("/api/overview")["events"] == before + res["events"]  # caches were refreshed
    status, again = server.post("/api/documents", json.dumps(ARTICLE).encode(), "application/json")
    assert status == 200 and again["new"] == 0 and again["documents"][0]["status"] == "already stored"


def test_ingest_uploads_and_raw_pages(server):
    boundary = "----diplographtest"
    page = ("ASTANA, Jan 27 (Wire) - Kazakhstan and Hungary signed an agreement on water technology cooperation "
            "during talks in Astana on Tuesday, officials said.\n").encode()
    parts = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"date\"\r\n\r\n2026-01-27\r\n"
             f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"saar.txt\"\r\n"
             f"Content-Type: text/plain\r\n\r\n").encode() + page + f"\r\n--{boundary}--\r\n".encode()
    status, res = server.post("/api/documents", parts, f"multipart/form-data; boundary={boundary}")
    assert status == 200 and res["read"] == 1 and res["new"] == 1, res
    doc = server.get("/api/documents/" + res["documents"][0]["id"])
    assert doc["date"] == "2026-01-27" and doc["path"] == "saar.txt"
    html = b"<html><head><title>Kunjungan</title></head><body><article><p>" + \
        "Menteri Luar Negeri Sugiono bertemu Menteri Luar Negeri Malaysia di Kuala Lumpur pada Senin (9/2/2026).".encode() + \
        b"</p></article></body></html>"
    status, res = server.post("/api/documents?lang=id&id=web-html-1", html, "text/html")
    assert status == 200 and res["documents"][0]["id"] == "web-html-1", res
    status, res = server.post("/api/documents", b"hello", "application/pdf")
    assert status == 415
    status, res = server.post("/api/documents", b"{\"id\": 1}", "application/json")
    assert status == 422 and res["details"]


def test_body_size_is_limited(server):
    status, res = server.post("/api/documents", b"x" * (16 * 1024 * 1024 + 10), "text/plain")
    assert status == 413 and "larger" in res["message"]
    status, headers, raw = server.request("/api/documents", data=b"x" * 10, method="POST", headers={
        "Content-Type": "text/plain", "Authorization": f"Bearer {TOKEN}", "Content-Length": str(200 * 1024 * 1024)})
    assert status == 413


def test_ingest_server_flag_sends_documents_to_the_running_server(server, tmp_path):
    data = tmp_path / "docs.jsonl"
    data.write_text(json.dumps({**ARTICLE, "id": "web-cli-1", "text": ARTICLE["text"].replace("Vietnam", "Filipina")})
                    + "\n" + json.dumps({"id": "web-cli-bad"}) + "\n", encoding="utf-8")
    env = {**os.environ, "DIPLOGRAPH_TOKEN": TOKEN}
    proc = subprocess.run([cli_path(), "ingest", str(data), "--server", server.url], capture_output=True, text=True,
                          env=env, timeout=120)
    assert proc.returncode == 1, proc.stderr  # one bad line, reported with its location
    assert f"1 documents read, 1 new in {server.url}" in proc.stderr and "docs.jsonl:2" in proc.stderr
    assert server.get("/api/documents/web-cli-1")["path"].endswith("docs.jsonl:1")
    env.pop("DIPLOGRAPH_TOKEN")
    proc = subprocess.run([cli_path(), "ingest", str(data), "--server", server.url], capture_output=True, text=True,
                          env=env, timeout=120)
    assert proc.returncode == 2 and "401" in proc.stderr and "DIPLOGRAPH_TOKEN" in proc.stderr


def test_the_store_is_the_servers_while_it_runs(server, tmp_path):
    db = server.proc.args[server.proc.args.index("--db") + 1]
    proc = subprocess.run([cli_path(), "ingest", str(CORPUS / "wire.jsonl"), "--db", db], capture_output=True,
                          text=True, timeout=120)
    assert proc.returncode != 0 and "--server" in proc.stderr


# -- in-process parts -----------------------------------------------------------------------------
def test_settings_file_env_and_flags(tmp_path):
    from diplograph.web.settings import SettingsError, load_settings

    (tmp_path / "diplograph.toml").write_text('db = "x.duckdb"\ntoken = "from-file"\nkb_extra = "mine.yaml"\nport = 9000\n')
    s = load_settings(cwd=tmp_path, env={})
    assert s.db == str(tmp_path / "x.duckdb") and s.token == "from-file" and s.port == 9000
    assert s.kb_extra == [str(tmp_path / "mine.yaml")] and s.writable
    s = load_settings(cwd=tmp_path, env={"DIPLOGRAPH_TOKEN": "from-env"}, port=8001, db="y.duckdb")
    assert s.token == "from-env" and s.port == 8001 and s.db == "y.duckdb"
    assert not load_settings(cwd=tmp_path / "nothing-here", env={}).writable
    (tmp_path / "bad.toml").write_text("tokn = 'typo'\n")
    with pytest.raises(SettingsError, match="unknown key"):
        load_settings(str(tmp_path / "bad.toml"), env={})
    with pytest.raises(SettingsError, match="no such config"):
        load_settings(str(tmp_path / "missing.toml"), env={})


def test_a_slow_query_is_stopped_at_the_time_limit(tmp_path):
    from diplograph.knowledge import load_knowledge
    from diplograph.web.backend import Backend, QueryTimeout
    from diplograph.web.settings import Settings

    backend = Backend(Settings(db=str(tmp_path / "t.duckdb"), token="t", query_timeout=0.3), kb=load_knowledge())
    try:
        start = time.monotonic()
        with pytest.raises(QueryTimeout, match="longer than 0.3 s"):
            backend.read(lambda store: store.con.execute(
                "SELECT count(*) FROM range(100000000000) a WHERE hash(a.range) % 7 = 3").fetchall())
        assert time.monotonic() - start < 10
        assert backend.read(lambda store: store.count_events()) == 0  # the server goes on
    finally:
        backend.close()


def test_serve_help_and_bad_config(tmp_path):
    proc = subprocess.run([cli_path(), "serve", "--help"], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0 and "--db" in proc.stdout and "DIPLOGRAPH_TOKEN" in proc.stdout
    (tmp_path / "diplograph.toml").write_text("port = 'eighty'\n")
    proc = subprocess.run([cli_path(), "serve"], capture_output=True, text=True, timeout=60, cwd=tmp_path)
    assert proc.returncode == 2 and "wrong type" in proc.stderr
    (tmp_path / "empty.toml").write_text("")
    proc = subprocess.run([cli_path(), "serve", "--db", str(tmp_path / "none.duckdb"), "--config", str(tmp_path / "empty.toml")],
                          capture_output=True, text=True, timeout=60, env={k: v for k, v in os.environ.items()
                                                                           if k != "DIPLOGRAPH_TOKEN"})
    assert proc.returncode == 2 and "no such database" in proc.stderr


def test_importing_diplograph_does_not_import_the_web_stack():
    code = ("import sys, diplograph, diplograph.cli; diplograph.cli.build_parser(); "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('fastapi', 'uvicorn', 'starlette', 'pydantic')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0 and out.stdout.strip() == "[]", out.stdout + out.stderr
