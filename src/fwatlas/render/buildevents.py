"""Events read from the build files: a CUDA, ROCm or CANN major version added or dropped, a
system's wheels added or dropped, a build moving to another publisher, NumPy 2 adopted.

Each event is dated by the first upload of its release series on the package index and cites
the sources of the builds it comes from, so the timeline and the framework pages show the
moments readers ask about ("when did CUDA 11 go?", "the last Intel-Mac release") without
anyone writing them twice.
"""
from __future__ import annotations

from ..index.credentials import public_url
from ..kb import KnowledgeBase
from ..versions import in_span
from .install import _releases
from .wheels import PLATFORMS

VERSIONED = {"cuda": "CUDA", "rocm": "ROCm", "cann": "CANN"}


def _series(kb: KnowledgeBase, fw_id: str) -> list[tuple[str, list[dict]]]:
    """Release series of the index, oldest first, each with its releases."""
    groups: dict[str, list[dict]] = {}
    for r in reversed(_releases(kb, fw_id)):
        groups.setdefault(".".join(r["v"].split(".")[:2]), []).append(r)
    return list(groups.items())


def _day(releases: list[dict]) -> str:
    days = sorted(r["d"] for r in releases if r["d"] != "unknown")
    return days[0] if days else ""


def build_events(kb: KnowledgeBase, fw_id: str) -> list[dict]:
    """Events newest first: {series, day, kind (added, dropped, moved, numpy), text, sources}."""
    builds = kb.builds.get(fw_id)
    if builds is None or not builds.variants:
        return []
    series = _series(kb, fw_id)
    if not series:
        return []

    def covering(releases):
        return [v for v in builds.variants if any(in_span(r["v"], v.series.since, v.series.until) for r in releases)]

    per_series = [(name, releases, covering(releases)) for name, releases in series]
    events = []

    def add(i, kind, text, variants):
        name, releases, _ = per_series[i]
        sources = []
        for v in variants:
            sources += [{"url": s.url, "title": s.title} for s in v.sources if s.url not in {x["url"] for x in sources}]
        events.append({"series": name, "day": _day(releases), "kind": kind, "text": text, "sources": sources[:3]})

    def majors(variants):
        found = {}
        for v in variants:
            if v.accelerator in VERSIONED and v.accelerator_version:
                found.setdefault((v.accelerator, v.accelerator_version.split(".")[0]), []).append(v)
        return found

    index = kb.index.get(fw_id)
    # the index page, without any credentials an older sync may have left in the URL: pages are public
    index_source = [{"url": public_url(str(p.url)), "title": f"{p.name} on the package index"} for p in
                    (index.packages[:1] if index else [])]
    previous: dict = {}
    previous_platforms: set = set()
    previous_publishers: dict = {}
    tracked: set = set()  # accelerators the build file already follows (an "added" before that is its first entry)
    for i, (name, releases, variants) in enumerate(per_series):
        now = majors(variants)
        # systems: from the index itself (the primary package's wheels), never from the build file
        platforms = {p for r in releases for p in r["pl"] if p in PLATFORMS}
        if i > 0:
            for acc, major in sorted(set(now) - set(previous)):
                if acc in tracked:
                    add(i, "added", f"{VERSIONED[acc]} {major} builds added", now[(acc, major)])
            for acc, major in sorted(set(previous) - set(now)):
                add(i, "dropped", f"{VERSIONED[acc]} {major} builds dropped (the last was {per_series[i - 1][0]})",
                    previous[(acc, major)])
            for p in sorted(platforms - previous_platforms):
                events.append({"series": name, "day": _day(releases), "kind": "added",
                               "text": f"wheels for {PLATFORMS[p]} on the package index", "sources": index_source})
            for p in sorted(previous_platforms - platforms):
                events.append({"series": name, "day": _day(releases), "kind": "dropped",
                               "text": f"no more wheels for {PLATFORMS[p]} (the last were {per_series[i - 1][0]})",
                               "sources": index_source})
        tracked |= {acc for acc, _ in now}
        # a build moved: everyone who published it before is gone, someone else publishes it now
        publishers: dict = {}
        for v in variants:
            if v.channel in ("default-index", "vendor-package"):
                for p in v.platforms:
                    publishers.setdefault((v.accelerator, p), set()).add(v.maintainer or v.publisher)
        for key, who in publishers.items():
            before = previous_publishers.get(key)
            if before and not (before & who):
                label = f"{'CPU' if key[0] == 'cpu' else VERSIONED.get(key[0], key[0])} builds for {PLATFORMS.get(key[1], key[1])}"
                add(i, "moved", f"{label} moved from {', '.join(sorted(before))} to {', '.join(sorted(who))}",
                    [v for v in variants if v.accelerator == key[0] and key[1] in v.platforms])
        previous, previous_platforms, previous_publishers = now, platforms, publishers
    for n in builds.numpy:
        if n.major >= 2:
            index = next((i for i, (name, releases, _) in enumerate(per_series)
                          if any(in_span(r["v"], n.series.since, n.series.until) for r in releases)), None)
            if index is not None:
                name, releases, _ = per_series[index]
                events.append({"series": name, "day": _day(releases), "kind": "numpy",
                               "text": f"works with NumPy {n.major}",
                               "sources": [{"url": s.url, "title": s.title} for s in n.sources][:3]})
    order = {name: i for i, (name, _, _) in enumerate(per_series)}
    return sorted(events, key=lambda e: (order[e["series"]], e["kind"], e["text"]), reverse=True)
