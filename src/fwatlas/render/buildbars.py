"""A picture of support over time, per framework: one bar per Python version and per
accelerator build, from the first release that had it to the last. Built as static SVG
at build time (no script); the template gives it a title, a description and the table
beside it as the text alternative. Colours come from CSS classes, so dark mode works.
"""
from __future__ import annotations

import datetime as dt

from ..kb import KnowledgeBase, version_key
from ..versions import in_span
from .install import _releases

WIDTH, LABEL_W, ROW_H, TOP = 720, 150, 16, 24
SHORT = {"cpu": "CPU", "cuda": "CUDA", "rocm": "ROCm", "xpu": "XPU", "metal": "Metal", "directml": "DirectML",
         "cann": "CANN", "tpu": "TPU", "neuron": "Neuron", "gaudi": "Gaudi"}


def _day(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


def _span_days(releases: list[dict], keep) -> tuple[dt.date, dt.date, bool] | None:
    """First and last upload day of the releases `keep` selects, and whether the newest release is one."""
    days = [(i, _day(r["d"])) for i, r in enumerate(releases) if keep(r)]
    days = [(i, d) for i, d in days if d]
    if not days:
        return None
    return min(d for _, d in days), max(d for _, d in days), any(i == 0 for i, _ in days)


def bars(kb: KnowledgeBase, fw_id: str) -> dict | None:
    """Rows of bars with their geometry, or None when there is nothing to draw."""
    releases = _releases(kb, fw_id)
    builds = kb.builds.get(fw_id)
    if not releases:
        return None
    rows = []
    pythons = sorted({p for r in releases for p in r["py"]}, key=lambda m: tuple(int(x) for x in m.split(".")),
                     reverse=True)
    for py in pythons[:8]:  # the newest eight: older ones are in the matrix above
        span = _span_days(releases, lambda r, py=py: py in r["py"])
        if span:
            rows.append({"label": f"Python {py}", "kind": "python", **_geometry(span)})
    # one bar per accelerator and version: the builds of one CUDA version for several systems
    # or channels are one story for a reader ("CUDA 12.8: 2.7 to 2.11")
    groups: dict[tuple[str, str], list] = {}
    for v in (builds.variants if builds else []):
        groups.setdefault((v.accelerator, v.accelerator_version or ""), []).append(v)

    def covered(r, group) -> bool:
        return any(in_span(r["v"], v.series.since, v.series.until) and (
            v.channel != "default-index" or any(p in r["pl"] or "any" in r["pl"] for p in v.platforms)) for v in group)

    order = list(SHORT)
    for (acc, version), group in sorted(groups.items(), key=lambda kv: (
            order.index(kv[0][0]) if kv[0][0] in order else 99, [int(x) for x in kv[0][1].split(".") if x.isdigit()])):
        span = _span_days(releases, lambda r, group=group: covered(r, group))
        if span:
            vendor = " (vendor)" if all(v.publisher != "project" for v in group) else ""
            rows.append({"label": " ".join(x for x in (SHORT.get(acc, acc), version) if x) + vendor,
                         "kind": "build", **_geometry(span)})
    if not rows:
        return None
    first = min(r["start"] for r in rows)
    last = max(max(r["end"] for r in rows), kb.today)
    total = max((last - first).days, 1)
    scale = (WIDTH - LABEL_W - 10) / total
    for i, r in enumerate(rows):
        r["x"] = LABEL_W + round((r["start"] - first).days * scale, 1)
        r["w"] = max(round((r["end"] - r["start"]).days * scale, 1), 3)
        r["y"] = TOP + i * ROW_H
        r["text"] = f"{r['label']}: {r['start'].isoformat()} to {'today' if r['current'] else r['end'].isoformat()}"
    years = [dt.date(y, 1, 1) for y in range(first.year + 1, last.year + 1)]
    ticks = [{"x": LABEL_W + round((y - first).days * scale, 1), "year": y.year} for y in years]
    if len(ticks) > 8:  # at most eight year labels: every second or third
        step = -(-len(ticks) // 8)
        ticks = ticks[::-1][::step][::-1]
    return {"rows": rows, "ticks": ticks, "width": WIDTH, "height": TOP + len(rows) * ROW_H + 6,
            "first": first.isoformat(), "last": last.isoformat()}


def _geometry(span) -> dict:
    start, end, current = span
    return {"start": start, "end": end, "current": current}
