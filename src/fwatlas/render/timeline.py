"""Geometry for the release timeline SVG: one lane per framework, a mark per release.

Only numbers and labels are computed here; `history.md.j2` draws them, escaped.
"""
from __future__ import annotations

import datetime as dt

from ..kb import KnowledgeBase, version_key

LEFT, RIGHT, TOP, LANE, AXIS = 120, 20, 30, 40, 24
WIDTH = 960
CHAR = 6.4        # width of one label character at the SVG's 11px, generously
LABEL_GAP = 30    # version labels closer than this on one side of a lane would overlap


def _x(day: dt.date, start: dt.date, end: dt.date, left: float = LEFT) -> float:
    span = (end - start).days or 1
    return round(left + (WIDTH - left - RIGHT) * (day - start).days / span, 1)


def _label_sides(marks: list[dict]) -> None:
    """Major-version labels alternate above and below the lane; one that would still
    touch the previous label on its side is left to the mark's tooltip."""
    last = {"above": -1e9, "below": -1e9}
    side = "above"
    for mk in (m for m in marks if m["major"]):
        if mk["x"] - last[side] < LABEL_GAP:
            side = "below" if side == "above" else "above"
        if mk["x"] - last[side] < LABEL_GAP:
            mk["label"] = ""
            continue
        mk["label"], last[side] = side, mk["x"]
        side = "below" if side == "above" else "above"


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
    # the lane names must fit to the left of the plot
    left = max(LEFT, round(16 + CHAR * max(len(fw.name) for fw in frameworks)))
    lanes = []
    for i, fw in enumerate(sorted(frameworks, key=lambda f: min(r.date for r in f.releases))):
        y = TOP + i * LANE + LANE / 2
        releases = sorted(fw.releases, key=lambda r: r.date)
        marks = [{"x": _x(r.date, start, end, left), "version": r.version, "date": r.date.isoformat(),
                  "major": is_major(r.version)} for r in releases]
        _label_sides(marks)
        lanes.append({"id": fw.id, "name": fw.name, "y": y, "marks": marks,
                      "x1": marks[0]["x"], "x2": marks[-1]["x"],
                      "first": releases[0], "last": releases[-1],
                      "majors": [r for r in releases if is_major(r.version)]})
    height = TOP + len(lanes) * LANE + AXIS
    years = [{"x": _x(dt.date(y, 1, 1), start, end, left), "year": y} for y in range(start.year, end.year + 1)]
    return {"width": WIDTH, "height": height, "lanes": lanes, "years": years, "axis_y": height - AXIS,
            "left": left, "start": start.year, "end": end.year - 1}
