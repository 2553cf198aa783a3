"""Geometry for the lineage diagram: frameworks placed by first release date,
one arrow per recorded relation. `history.md.j2` draws it, escaped."""
from __future__ import annotations

import datetime as dt

from ..kb import KnowledgeBase

WIDTH, LEFT, RIGHT, TOP, ROW = 960, 30, 150, 20, 30
RELATION_LABELS = {
    "influenced-by": "influenced by",
    "succeeds": "succeeds",
    "merged-into": "merged into",
    "forked-from": "forked from",
    "integrated-into": "integrated into",
}


FLOWS_FROM_TARGET = {"influenced-by", "succeeds", "forked-from"}


def _first_date(kb: KnowledgeBase, fw) -> dt.date | None:
    fact = fw.facts.get("history.first_public_release")
    if fact is not None and isinstance(fact.value, dt.date):
        return fact.value
    return min((r.date for r in fw.releases), default=None)


def lineage(kb: KnowledgeBase) -> dict | None:
    dated = [(fw, _first_date(kb, fw)) for fw in kb.frameworks.values()]
    dated = sorted(((fw, d) for fw, d in dated if d), key=lambda x: (x[1], x[0].name.lower()))
    if not dated:
        return None
    start = dt.date(dated[0][1].year, 1, 1)
    end = dt.date(dated[-1][1].year + 1, 1, 1)
    span = (end - start).days or 1
    nodes = {}
    for i, (fw, first) in enumerate(dated):
        x = round(LEFT + (WIDTH - LEFT - RIGHT) * (first - start).days / span, 1)
        status = kb.status_of(fw)
        nodes[fw.id] = {"id": fw.id, "name": fw.name, "x": x, "y": TOP + i * ROW + ROW / 2,
                        "first": first.isoformat(), "status": status}
    edges = []
    for fw in kb.sorted_frameworks():
        for link in fw.lineage:
            a, b = nodes.get(fw.id), nodes.get(link.target)
            if not a or not b:
                continue
            # Arrows show the flow of ideas or code: from the influencer, into the merger.
            if link.relation in FLOWS_FROM_TARGET:
                a, b = b, a
            bend = max(abs(a["y"] - b["y"]) / 2, 20)
            edges.append({
                "from": fw.name, "to": kb.frameworks[link.target].name, "from_id": fw.id, "to_id": link.target,
                "relation": link.relation, "label": RELATION_LABELS[link.relation],
                "date": link.date.isoformat() if link.date else "", "note": link.note or "",
                "sources": [{"url": s.url, "title": s.title} for s in link.sources],
                # a curve leaving to the left of both nodes keeps arrows off the labels
                "path": f"M {a['x']} {a['y']} C {min(a['x'], b['x']) - bend} {a['y']}, "
                        f"{min(a['x'], b['x']) - bend} {b['y']}, {b['x'] - 6} {b['y']}",
            })
    height = TOP + len(nodes) * ROW + 30
    years = [{"x": round(LEFT + (WIDTH - LEFT - RIGHT) * (dt.date(y, 1, 1) - start).days / span, 1), "year": y}
             for y in range(start.year, end.year + 1)]
    return {"width": WIDTH, "height": height, "nodes": list(nodes.values()), "edges": edges, "years": years,
            "axis_y": height - 22}
