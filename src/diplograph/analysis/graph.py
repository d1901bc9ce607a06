"""The relations graph: actors as nodes, events between them aggregated into edges, and writers to
GraphML (networkx, yEd), GEXF (Gephi) and JSON (networkx node-link, the web).

Nodes are actors after roll-up (a person counts as the state it served on the event's date).
An event relates its actor side to its recipient side, and its co-actors to each other when it
is reciprocal cooperation (analysis/common.py). An edge carries the raw number of events (equal
to a count over the events table), the number of stories (the same happening reported by many
documents counts once), counts per quad class and the cooperation–conflict score of its stories.
"""
from __future__ import annotations

from collections import defaultdict
from typing import Any, TextIO
from xml.sax.saxutils import escape, quoteattr

from ..knowledge import Knowledge
from ..store import Store
from .common import QUADS, label, pairs, sides, weights
from .relations import tally
from .stories import cluster

FORMATS = ("graphml", "gexf", "json")


def graph(store: Store, kb: Knowledge, since: str | None = None, until: str | None = None,
          category: str | None = None, actor: str | None = None) -> dict[str, Any]:
    events = store.events_between(None if actor is None else [actor], since=since, until=until, category=category)
    story_of = cluster(kb, events)
    node_events: dict[str, int] = defaultdict(int)
    edge_events: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for ev in events:
        a, r = sides(kb, ev)
        for n in a | r:
            node_events[n] += 1
        for pair in pairs(kb, ev):  # with `actor`: its ego network, every pair of the events it is in
            edge_events[pair].append(ev)
    edges = []
    for (s, t), evs in sorted(edge_events.items()):
        heads: dict[str, dict[str, Any]] = {}
        for ev in sorted(evs, key=lambda e: (e.get("date") or "~", e["id"])):
            heads.setdefault(story_of[ev["id"]], ev)
        tl = tally(heads)
        dates = sorted(e["date"] for e in evs if e.get("date"))
        edges.append({"source": s, "target": t, "events": len(evs), "stories": tl["stories"], "score": tl["score"],
                      "net": tl["net"], "negated": tl["negated"], "first": dates[0] if dates else None,
                      "last": dates[-1] if dates else None, "quads": {q: tl[q] for q in QUADS}})
    linked = sorted({e["source"] for e in edges} | {e["target"] for e in edges})
    nodes = []
    for n in linked:
        lab, kind = label(kb, n)
        nodes.append({"id": n, "label": lab, "kind": kind, "events": node_events[n]})
    return {"nodes": nodes, "edges": edges,
            "meta": {"since": since, "until": until, "category": category, "actor": actor,
                     "events": len(events), "weights": weights()}}


# -- writers ----------------------------------------------------------------------------------------
_NODE_ATTRS = (("label", "string"), ("kind", "string"), ("events", "int"))
_EDGE_ATTRS = (("events", "int"), ("stories", "int"), ("weight", "double"), ("score", "double"), ("net", "double"),
               ("negated", "int"), ("first", "string"), ("last", "string"),
               *((q.replace("-", "_"), "int") for q in QUADS))


def _edge_values(e: dict[str, Any]) -> dict[str, Any]:
    values = {k: e.get(k) for k, _ in _EDGE_ATTRS if k in e}
    values["weight"] = float(e["stories"])
    for q in QUADS:
        values[q.replace("-", "_")] = e["quads"][q]
    return values


def write_graphml(g: dict[str, Any], out: TextIO) -> None:
    types = {"int": "int", "double": "double", "string": "string"}
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n'
              '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" '
              'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
              'xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns '
              'http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">\n')
    for name, kind in _NODE_ATTRS:
        out.write(f'  <key id="n_{name}" for="node" attr.name="{name}" attr.type="{types[kind]}"/>\n')
    for name, kind in _EDGE_ATTRS:
        out.write(f'  <key id="e_{name}" for="edge" attr.name="{name}" attr.type="{types[kind]}"/>\n')
    out.write('  <graph id="diplograph" edgedefault="undirected">\n')
    for n in g["nodes"]:
        out.write(f"    <node id={quoteattr(n['id'])}>\n")
        for name, _ in _NODE_ATTRS:
            out.write(f'      <data key="n_{name}">{escape(str(n[name]))}</data>\n')
        out.write("    </node>\n")
    for i, e in enumerate(g["edges"]):
        out.write(f"    <edge id=\"e{i}\" source={quoteattr(e['source'])} target={quoteattr(e['target'])}>\n")
        for name, value in _edge_values(e).items():
            if value is not None:
                out.write(f'      <data key="e_{name}">{escape(str(value))}</data>\n')
        out.write("    </edge>\n")
    out.write("  </graph>\n</graphml>\n")


def write_gexf(g: dict[str, Any], out: TextIO) -> None:
    types = {"int": "integer", "double": "double", "string": "string"}
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n'
              '<gexf xmlns="http://www.gexf.net/1.2draft" version="1.2">\n'
              '  <meta><creator>diplograph</creator><description>relations graph</description></meta>\n'
              '  <graph mode="static" defaultedgetype="undirected">\n'
              '    <attributes class="node">\n')
    node_attrs = [a for a in _NODE_ATTRS if a[0] != "label"]
    for i, (name, kind) in enumerate(node_attrs):
        out.write(f'      <attribute id="{i}" title="{name}" type="{types[kind]}"/>\n')
    out.write('    </attributes>\n    <attributes class="edge">\n')
    edge_attrs = [a for a in _EDGE_ATTRS if a[0] != "weight"]
    for i, (name, kind) in enumerate(edge_attrs):
        out.write(f'      <attribute id="{i}" title="{name}" type="{types[kind]}"/>\n')
    out.write("    </attributes>\n    <nodes>\n")
    for n in g["nodes"]:
        out.write(f"      <node id={quoteattr(n['id'])} label={quoteattr(n['label'])}>\n        <attvalues>\n")
        for i, (name, _) in enumerate(node_attrs):
            out.write(f'          <attvalue for="{i}" value={quoteattr(str(n[name]))}/>\n')
        out.write("        </attvalues>\n      </node>\n")
    out.write("    </nodes>\n    <edges>\n")
    for k, e in enumerate(g["edges"]):
        values = _edge_values(e)
        out.write(f"      <edge id=\"{k}\" source={quoteattr(e['source'])} target={quoteattr(e['target'])} "
                  f"weight=\"{values['weight']}\">\n        <attvalues>\n")
        for i, (name, _) in enumerate(edge_attrs):
            if values.get(name) is not None:
                out.write(f'          <attvalue for="{i}" value={quoteattr(str(values[name]))}/>\n')
        out.write("        </attvalues>\n      </edge>\n")
    out.write("    </edges>\n  </graph>\n</gexf>\n")


def node_link(g: dict[str, Any]) -> dict[str, Any]:
    """networkx's node-link form (`networkx.node_link_graph(data, edges="edges")`), edge fields flat."""
    return {"directed": False, "multigraph": False, "graph": g.get("meta", {}),
            "nodes": [dict(n) for n in g["nodes"]],
            "edges": [{**{k: v for k, v in e.items() if k != "quads"}, **_edge_values(e), "quads": e["quads"]}
                      for e in g["edges"]]}


def write_json(g: dict[str, Any], out: TextIO) -> None:
    import json

    out.write(json.dumps(node_link(g), ensure_ascii=False, indent=2) + "\n")


WRITERS = {"graphml": write_graphml, "gexf": write_gexf, "json": write_json}
