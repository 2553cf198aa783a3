"""Geometry for the release timeline SVG: one lane per framework, a mark per release.

Only numbers and labels are computed here; `history.md.j2` draws them, escaped.
"""
from __future__ import annotations

import datetime as dt

from ..kb import KnowledgeBase, version_key

LEFT, RIGHT, TOP, LANE, AXIS = 120, 20, 30, 34, 24
WIDTH = 960


def _x(day: dt.date, start: dt.date, end: dt.date) -> float:
    span = (end - start).days or 1
    return round(LEFT + (WIDTH - LEFT - RIGHT) * (day - start).days / span, 1)


def is_major(version: str) -> bool:
    parts = version_key(version).release
    return len(parts) >= 1 and parts[0] >= 1 and all(p == 0 for p in parts[1:])


def timeline(kb: KnowledgeBase) -> dict | None:
    frameworks = [fw for fw in kb.sorted_frameworks() if fw.releases]
    if not frameworks:
        return None
    dates = [r.date for fw in frameworks for r in fw.releases]
    start = dt.date(min(dates).year, 1, 1)
    end = dt.date(max(dates).year + 1, 1, 1)
    lanes = []
    for i, fw in enumerate(sorted(frameworks, key=lambda f: min(r.date for r in f.releases))):
        y = TOP + i * LANE + LANE / 2
        releases = sorted(fw.releases, key=lambda r: r.date)
        marks = [{"x": _x(r.date, start, end), "version": r.version, "date": r.date.isoformat(),
                  "major": is_major(r.version)} for r in releases]
        lanes.append({"id": fw.id, "name": fw.name, "y": y, "marks": marks,
                      "x1": marks[0]["x"], "x2": marks[-1]["x"],
                      "first": releases[0], "last": releases[-1],
                      "majors": [r for r in releases if is_major(r.version)]})
    height = TOP + len(lanes) * LANE + AXIS
    years = [{"x": _x(dt.date(y, 1, 1), start, end), "year": y} for y in range(start.year, end.year + 1)]
    return {"width": WIDTH, "height": height, "lanes": lanes, "years": years, "axis_y": height - AXIS,
            "left": LEFT, "start": start.year, "end": end.year - 1}
