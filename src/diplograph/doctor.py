"""`diplograph doctor`: is a store whole? Every check is a query; none changes anything.

A store is consistent when every event and mention belongs to a stored document, each document's
event count matches its events, every quote is the text between its offsets, and ids are unique.
Writes are transactional per batch, so an interrupted ingest should never fail these checks; if one
does, the message says which rows and what to do.
"""
from __future__ import annotations

from dataclasses import dataclass

from .store import SCHEMA_VERSION, Store

CHECKS: list[tuple[str, str, str]] = [
    ("events belong to stored documents",
     "SELECT count(*) FROM events e WHERE NOT EXISTS (SELECT 1 FROM documents d WHERE d.id = e.doc_id)",
     "re-run the ingest of the documents these events came from"),
    ("mentions belong to stored documents",
     "SELECT count(*) FROM mentions m WHERE NOT EXISTS (SELECT 1 FROM documents d WHERE d.id = m.doc_id)",
     "re-run the ingest of the documents these mentions came from"),
    ("each document has the events it counted",
     "SELECT count(*) FROM documents d WHERE d.n_events <> (SELECT count(*) FROM events e WHERE e.doc_id = d.id)",
     "delete those documents (their events and mentions) and ingest them again"),
    ("event ids are unique",
     "SELECT count(*) - count(DISTINCT id) FROM events",
     "the store was written by another program; rebuild it with a fresh ingest"),
    ("document ids are unique",
     "SELECT count(*) - count(DISTINCT id) FROM documents",
     "the store was written by another program; rebuild it with a fresh ingest"),
    ("quotes are the text between their offsets",
     "SELECT count(*) FROM events e JOIN documents d ON d.id = e.doc_id "
     "WHERE substr(d.text, e.start_char + 1, e.end_char - e.start_char) <> e.quote",
     "the documents were changed after coding; ingest them again into a new store"),
    ("mention offsets are inside their documents",
     "SELECT count(*) FROM mentions m JOIN documents d ON d.id = m.doc_id "
     "WHERE m.start_char < 0 OR m.end_char > length(d.text) OR m.start_char >= m.end_char",
     "the documents were changed after coding; ingest them again into a new store"),
]


@dataclass
class Finding:
    check: str
    ok: bool
    count: int
    advice: str

    def as_dict(self) -> dict:
        return {"check": self.check, "ok": self.ok, "problems": self.count, "advice": None if self.ok else self.advice}


def examine(path: str) -> list[Finding]:
    with Store(path, read_only=True) as store:
        found = []
        version = store.con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        found.append(Finding("schema version", version is not None and int(version[0]) <= SCHEMA_VERSION,
                             0 if version else 1, "upgrade diplograph to open this store"))
        for name, sql, advice in CHECKS:
            count = int(store.con.execute(sql).fetchone()[0])
            found.append(Finding(name, count == 0, count, advice))
        return found
