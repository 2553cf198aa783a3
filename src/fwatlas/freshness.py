"""How old each checked value is: `fwatlas stale` and the freshness page.

Every fact, tool and claim carries `as_of`, the day a person last checked it.
Its age is today minus that day. Rows point at the `as_of` line of the data
file (the same positions `fwatlas check` reports problems at), oldest first.

A fact is also *due for re-check* when its row can change with a release
(`release_dependent` in data/dimensions.yaml) and it was checked before its
framework's newest release (kb.recheck_due): `fwatlas stale --due` lists those per
framework, the rows readers ask about most (hardware, installation) first.
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


# Due facts of these topics come first, in this order (what readers ask about most); then the rest.
FIRST_TOPICS = ("hardware", "installation")


@dataclass(frozen=True)
class DueRow:
    """A fact due for re-check: checked (`as_of`) before its framework's newest release, in a row
    that can change with a release. `release_*` name that release and where it was read
    (`index`: its first upload to the package index; `hand-written`: the framework's `releases:`)."""

    file: str
    line: int
    framework: str
    dimension: str
    topic: str
    as_of: dt.date
    days: int
    release_version: str
    release_date: dt.date
    release_source: str
    release_package: str | None

    def text(self) -> str:
        return (f"{self.file}:{self.line}: {self.framework} {self.dimension} checked {self.as_of.isoformat()} "
                f"({self.days} days), before {release_text(self)}")

    def as_dict(self) -> dict:
        d = asdict(self)
        d["as_of"], d["release_date"] = self.as_of.isoformat(), self.release_date.isoformat()
        return d


def release_text(row: DueRow) -> str:
    """"jax 0.12.1 (uploaded 2026-11-18)" or "1.0 (released 2017-04-15)"."""
    if row.release_source == "index":
        return f"{row.release_package} {row.release_version} (uploaded {row.release_date.isoformat()})"
    return f"{row.release_version} (released {row.release_date.isoformat()})"


def relevance(topic: str) -> int:
    """Where a topic's due facts go in a framework's list: FIRST_TOPICS first, then the rest."""
    return FIRST_TOPICS.index(topic) if topic in FIRST_TOPICS else len(FIRST_TOPICS)


def due_rows(kb: KnowledgeBase, today: dt.date, *, framework: str | None = None,
             older_than: int | None = None) -> list[DueRow]:
    """Every fact due for re-check, grouped by framework (frameworks by name); within a framework,
    hardware first, then installation, then the other rows, each oldest first, then by line."""
    out = []
    for fw in kb.sorted_frameworks():
        if framework is not None and fw.id != framework:
            continue
        rows = []
        for dim, fact in fw.facts.items():
            newest = kb.recheck_due(fw, dim)
            if newest is None:
                continue
            days = (today - fact.as_of).days
            if older_than is not None and days <= older_than:
                continue
            file, line = _line(kb, "framework", fw.id, ("facts", dim, "as_of"))
            rows.append(DueRow(file, line, fw.id, dim, dim.partition(".")[0], fact.as_of, days, newest.version,
                               newest.date, newest.source, newest.package))
        out += sorted(rows, key=lambda r: (relevance(r.topic), r.as_of, r.line, r.dimension))
    return out


def due_counts(kb: KnowledgeBase) -> dict[str, int]:
    """Framework id -> how many of its facts are due for re-check, frameworks by name."""
    return {fw.id: sum(kb.recheck_due(fw, d) is not None for d in fw.facts) for fw in kb.sorted_frameworks()}


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
    p.add_argument("--due", action="store_true",
                   help="only facts due for re-check (checked before their framework's newest release, in a row "
                        "that can change with a release), per framework, hardware and installation first")
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
    if args.due:
        return _print_due(kb, due_rows(kb, today, framework=args.framework, older_than=args.older_than), args.format)
    rows = stale_rows(kb, today, framework=args.framework, older_than=args.older_than)
    due = len(due_rows(kb, today, framework=args.framework, older_than=args.older_than))
    if args.format == "json":
        print(json.dumps([r.as_dict() for r in rows], indent=2, ensure_ascii=False))
    else:
        if rows:
            print("\n".join(r.text() for r in rows))
        print(f"fwatlas stale: {len(rows)} value(s)" + (f", oldest checked {rows[0].as_of} ({rows[0].days} days)"
                                                        if rows else "")
              + (f"; {due} fact(s) due for re-check after a newer release (fwatlas stale --due)" if due else ""),
              file=sys.stderr)
    return 0


def _print_due(kb: KnowledgeBase, rows: list[DueRow], fmt: str) -> int:
    """`fwatlas stale --due`: per framework a heading line (# Name (id): N due, checked before ...),
    then its facts as file:line rows."""
    if fmt == "json":
        print(json.dumps([r.as_dict() for r in rows], indent=2, ensure_ascii=False))
    else:
        groups: dict[str, list[DueRow]] = {}
        for r in rows:
            groups.setdefault(r.framework, []).append(r)
        lines = []
        for fw_id, mine in groups.items():
            lines.append(f"# {kb.frameworks[fw_id].name} ({fw_id}): {len(mine)} due for re-check, "
                         f"newest release {release_text(mine[0])}")
            lines += [r.text() for r in mine]
        if lines:
            print("\n".join(lines))
    print(f"fwatlas stale --due: {len(rows)} fact(s) due for re-check in {len({r.framework for r in rows})} "
          "framework(s)", file=sys.stderr)
    return 0


def stale_main(argv: list[str] | None = None) -> int:
    """`fwatlas stale [--due] [--older-than DAYS] [--framework ID] [--format text|json]`."""
    p = add_arguments(argparse.ArgumentParser(prog="fwatlas stale",
                                              description="Checked values by age, oldest first; with --due, the "
                                                          "facts due for re-check after a newer release."))
    return run(p.parse_args(argv))


if __name__ == "__main__":
    raise SystemExit(stale_main())
