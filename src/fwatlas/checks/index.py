"""Rules that hand-written facts agree with what `fwatlas sync` read from the package index
(data/index/<framework-id>.yaml). The comparison itself lives in index/compare.py, shared with sync."""
from __future__ import annotations

from ..index import compare
from .base import rule


def _pairs(kb):
    for fw_id, index in sorted(kb.index.items()):
        fw, doc = kb.frameworks.get(fw_id), kb.docs.get(("framework", fw_id))
        if fw is not None and doc is not None:
            yield fw, doc, index


@rule("index.python-range")
def python_range(kb):
    """The Python range fact equals the CPython range of the newest non-yanked release on the
    index (its wheels; "3.11+" from requires-python when only pure-Python files exist).

    Bad: `installation.python_versions: "3.10-3.13"` when the newest wheels are cp311 to cp314.
    """
    fact_ids = compare.python_fact_ids(kb.dimensions)
    for fw, doc, index in _pairs(kb):
        yield from compare.python_ranges(fw, doc, index, fact_ids)


@rule("index.release-date")
def release_date(kb):
    """Warning: a release date whose only sources are the index is within a day of the first
    upload of that series to the index. A date that other sources (release notes, a tag) also
    back and that differs is a notice showing both days.

    Bad: `date: 2026-10-24` for 2.15 when torch 2.15.0's first file was uploaded on 2026-10-28.
    """
    for fw, doc, index in _pairs(kb):
        yield from compare.release_dates(fw, doc, index)


@rule("index.platforms")
def platforms(kb):
    """The operating-systems fact names every operating system that the newest release on the
    index has platform wheels for (pure-Python wheels name none; other channels may add more).

    Bad: `installation.platforms: [Linux, macOS]` when the newest wheels include win_amd64.
    """
    fact_ids = compare.platform_fact_ids(kb.dimensions)
    for fw, doc, index in _pairs(kb):
        yield from compare.platforms(fw, doc, index, fact_ids)
