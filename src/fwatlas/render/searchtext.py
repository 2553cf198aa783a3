"""Text for the site search only (the `search_only` macro), so that every name a row shows or
holds on demand is found, and a hit lands on the row with a short snippet.

Table cells are left out of the search index (`data-search-exclude`): indexed as they are,
a whole table would flatten into one section. Each row heading instead carries:

- the row's short values, the snippet a result shows (`text`);
- one line per cell with what opens on demand (APIs, routes, earlier values, a caveat and,
  on a framework page, each sentence of the note): a block of its own in the index, which a
  result shows only when the match is in it (atlas.css hides the others), so the snippet
  stays short;
- the dimension's keywords inside the heading itself (`search_keywords`): weighed like the
  heading, never shown.
"""
from __future__ import annotations

import re

# a sentence ends at ". " or "; " before a capital, a digit or a parenthesis ("e.g. the" goes on)
_SENTENCE_END = re.compile(r"(?<=[.;])\s+(?=[A-Z0-9(\"])")


def sentences(text: str) -> list[str]:
    """A note as its sentences: each is a block of its own in the index, so a result shows
    the sentence with the match, not the whole note."""
    return [part.strip() for part in _SENTENCE_END.split(text or "") if part.strip()]


def _names(parts: list[dict]) -> str:
    return ", ".join(p["text"] + (f" ({p['status']})" if p.get("status") else "") for p in parts)


def cell_line(c: dict) -> str:
    """What a cell holds besides its short value, as one line of text ('' when nothing)."""
    if c.get("missing"):
        return ""
    bits = []
    if c.get("apis"):
        bits.append(", ".join(c["apis"]))
    if c.get("routes"):
        bits.append("through " + _names(c["routes"]))
    earlier = []
    for p in c.get("previously") or []:
        text = _names(p["parts"]) + (f" {p['bounds']}" if p.get("bounds") else "")
        if p.get("routes"):
            text += " through " + _names(p["routes"])
        earlier.append(text)
    if earlier:
        bits.append("earlier: " + "; ".join(earlier))
    if c.get("caveat"):
        bits.append(c["caveat"])
    return "; ".join(bits)


def search_lines(cells: list[dict], notes: bool = False) -> list[str]:
    """One line per cell that holds names on demand, named by its framework; with `notes`
    (a framework page, one cell per row), the note as a line of its own. Topic rows leave
    notes out: each note is indexed once, on its framework's page, where the row shows it."""
    lines = []
    for c in cells:
        line = cell_line(c)
        if line:
            lines.append(f"{c['framework']}: {line}")
        if notes and c.get("note") and not c.get("missing"):
            lines += sentences(c["note"])
    return lines


def tool_text(row: dict) -> tuple[str, list[str]]:
    """A tool row on the tools page: its frameworks, status and summary (the snippet), and its
    note as a line of its own."""
    status = row["status"] + (f" since {row['status_since']}" if row.get("status_since") else "")
    if row.get("replaced_by"):
        status += f", replaced by {row['replaced_by']['name']}"
    frameworks = ", ".join(f["name"] for f in row["frameworks"])
    text = f"{frameworks}. Status: {status}. {row['summary']}"
    return text, sentences(row.get("note") or "")


def platform_lines(rows: list[dict], columns: list[tuple[str, str]], key: str) -> list[str]:
    """The Python and platforms page: one line per framework with the span of every column
    (`key` is "python" or "platforms"), so "PyTorch aarch64" lands on the right table."""
    lines = []
    for row in rows:
        spans = row.get(key) or {}
        found = [f"{label} {spans[k].text}" for k, label in columns if k in spans]
        if found:
            lines.append(f"{row['name']}: " + ", ".join(found))
    return lines
