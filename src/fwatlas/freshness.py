"""How old each checked value is: `fwatlas stale` and the freshness page.

Every fact, tool and claim carries `as_of`, the day a person last checked it.
Its age is today minus that day. Rows point at the `as_of` line of the data
file (the same positions `fwatlas check` reports problems at), oldest first.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from dataclasses import asdict, dataclass
from pathlib import Path

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the CLI imports this module to build its parser: keep that cheap
    from .kb import KnowledgeBase

STALE_AFTER_DAYS = 365  # as kb.STALE_AFTER_DAYS (a test keeps the two equal)

# Upper bounds (inclusive) of the age buckets, in days; the last bucket is open.
# "> 1 year" starts where kb.is_stale does (more than STALE_AFTER_DAYS days).
BUCKET_LIMITS = (89, 179, STALE_AFTER_DAYS)
BUCKETS = ("< 90 days", "90–180 days", "180–365 days", "> 1 year")


@dataclass(frozen=True)
class AgeRow:
    """One checked value and its age. `kind` is fact, tool or claim; for a fact,
    `owner` is the framework id and `dimension` the dimension id, otherwise
    `owner` is the tool or claim id and `dimension` is empty."""

    file: str
    line: int
    kind: str
    owner: str
    dimension: str
    as_of: dt.date
    days: int

    @property
    def subject(self) -> str:
        return f"{self.owner} {self.dimension}" if self.kind == "fact" else f"{self.kind} {self.owner}"

    def text(self) -> str:
        return f"{self.file}:{self.line}: {self.subject} {self.as_of.isoformat()} ({self.days} days)"

    def as_dict(self) -> dict:
        d = asdict(self)
        d["as_of"] = self.as_of.isoformat()
        return d


def bucket_of(days: int) -> int:
    """Index into BUCKETS (a date in the future counts as fresh)."""
    return next((i for i, limit in enumerate(BUCKET_LIMITS) if days <= limit), len(BUCKET_LIMITS))


def _line(kb: KnowledgeBase, kind: str, entity_id: str, path: tuple) -> tuple[str, int]:
    doc = kb.docs.get((kind, entity_id))
    if doc is None:  # a knowledge base built without files (e.g. in memory)
        return "data", 0
    return doc.file, doc.where(path)[0]


def stale_rows(kb: KnowledgeBase, today: dt.date, *, framework: str | None = None,
               older_than: int | None = None) -> list[AgeRow]:
    """Every fact (and every tool and claim, unless one framework is asked for) by age,
    oldest first; ties in file and line order."""
    rows = []
    for fw in kb.frameworks.values():
        if framework is not None and fw.id != framework:
            continue
        for dim, fact in fw.facts.items():
            file, line = _line(kb, "framework", fw.id, ("facts", dim, "as_of"))
            rows.append(AgeRow(file, line, "fact", fw.id, dim, fact.as_of, (today - fact.as_of).days))
    if framework is None:
        for kind, items in (("tool", kb.tools), ("claim", kb.claims)):
            for item in items.values():
                file, line = _line(kb, kind, item.id, ("as_of",))
                rows.append(AgeRow(file, line, kind, item.id, "", item.as_of, (today - item.as_of).days))
    if older_than is not None:
        rows = [r for r in rows if r.days > older_than]
    return sorted(rows, key=lambda r: (r.as_of, r.file, r.line, r.owner, r.dimension))


def age_buckets(kb: KnowledgeBase, today: dt.date) -> dict[str, list[int]]:
    """Framework id -> count of its facts in each of BUCKETS, frameworks by name."""
    out: dict[str, list[int]] = {}
    for fw in kb.sorted_frameworks():
        counts = [0] * len(BUCKETS)
        for fact in fw.facts.values():
            counts[bucket_of((today - fact.as_of).days)] += 1
        out[fw.id] = counts
    return out


def oldest(kb: KnowledgeBase, today: dt.date, n: int = 20) -> list[AgeRow]:
    """The n oldest framework facts (the page links each to its row)."""
    return [r for r in stale_rows(kb, today) if r.kind == "fact"][:n]


# -- fwatlas stale ---------------------------------------------------------------
def add_arguments(p: argparse.ArgumentParser) -> argparse.ArgumentParser:
    p.add_argument("--older-than", type=int, metavar="DAYS", help="only values checked more than DAYS days ago")
    p.add_argument("--framework", metavar="ID", help="only this framework's facts")
    p.add_argument("--format", choices=["text", "json"], default="text",
                   help="text (file:line: framework dimension as_of (N days)) or json")
    p.add_argument("--root", default=".", help="project folder holding data/ (default: .)")
    p.add_argument("--today", type=dt.date.fromisoformat, default=None, metavar="YYYY-MM-DD",
                   help="count ages from this day instead of today (reproducible output)")
    return p


def run(args: argparse.Namespace) -> int:
    """`fwatlas stale` with parsed arguments: 0, or 2 for a usage error."""
    from .load import load

    root = Path(args.root).resolve()
    if not (root / "data").is_dir():
        print(f"fwatlas stale: no data/ folder in {root}", file=sys.stderr)
        return 2
    today = args.today or dt.date.today()
    kb, _ = load(root, today)
    if args.framework is not None and args.framework not in kb.frameworks:
        print(f"fwatlas stale: no framework {args.framework!r} (known: {', '.join(sorted(kb.frameworks))})",
              file=sys.stderr)
        return 2
    rows = stale_rows(kb, today, framework=args.framework, older_than=args.older_than)
    if args.format == "json":
        print(json.dumps([r.as_dict() for r in rows], indent=2, ensure_ascii=False))
    else:
        if rows:
            print("\n".join(r.text() for r in rows))
        print(f"fwatlas stale: {len(rows)} value(s)" + (f", oldest checked {rows[0].as_of} ({rows[0].days} days)"
                                                        if rows else ""), file=sys.stderr)
    return 0


def stale_main(argv: list[str] | None = None) -> int:
    """`fwatlas stale [--older-than DAYS] [--framework ID] [--format text|json]`."""
    p = add_arguments(argparse.ArgumentParser(prog="fwatlas stale",
                                              description="Checked values by age, oldest first."))
    return run(p.parse_args(argv))


if __name__ == "__main__":
    raise SystemExit(stale_main())
