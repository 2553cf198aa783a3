"""`fwatlas diff BASE`: what a change does to the data, per framework.

Loads the data as it is at a git ref and as it is now, and lists facts
added, changed and removed (plus releases, tools and claims), so a reviewer
reads the change as facts rather than YAML lines.
"""
from __future__ import annotations

import io
import json
import re
import subprocess
import tarfile
import tempfile
from pathlib import Path

from .kb import KnowledgeBase
from .load import load
from .model import item_text


class DiffError(Exception):
    pass


def default_base(root: Path) -> str:
    """origin/main where the clone has it, else the local main branch."""
    found = subprocess.run(["git", "-C", str(root), "rev-parse", "--verify", "--quiet", "origin/main"],
                           capture_output=True)
    return "origin/main" if found.returncode == 0 else "main"


def load_at(root: Path, ref: str) -> KnowledgeBase:
    """The knowledge base as it was at a git ref (empty where data/ did not exist)."""
    result = subprocess.run(["git", "-C", str(root), "archive", "--format=tar", ref, "data"],
                            capture_output=True)
    with tempfile.TemporaryDirectory() as tmp:
        if result.returncode == 0:
            with tarfile.open(fileobj=io.BytesIO(result.stdout)) as tar:
                tar.extractall(tmp, filter="data")
        elif b"did not match any" not in result.stderr:
            raise DiffError(f"git cannot read {ref!r}: {result.stderr.decode(errors='replace').strip()}")
        kb, _ = load(Path(tmp))
        kb.root = root
        return kb


def _show(value) -> str:
    if isinstance(value, list):
        return ", ".join(item_text(v) for v in value) if value else "(none)"
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


# what each place of _fact_sig holds, as a "changed (...)" label names it
_SIG_FIELDS = ("value", "since", "until", "routes", "apis", "via", "sources", "note", "history")


def _fact_sig(fact) -> tuple:
    return (_show(fact.value), fact.since, fact.until, tuple(fact.routes), tuple(fact.apis), tuple(fact.via),
            tuple(s.url for s in fact.sources), fact.note,
            tuple((_show(p.value), p.since, p.until, tuple(p.routes)) for p in fact.previously))


def diff(old: KnowledgeBase, new: KnowledgeBase) -> dict:
    out: dict = {"frameworks": {}, "tools": {}, "claims": {}}
    for fw_id in sorted(set(old.frameworks) | set(new.frameworks)):
        a, b = old.frameworks.get(fw_id), new.frameworks.get(fw_id)
        entry = {"name": (b or a).name, "status": "added" if a is None else "removed" if b is None else "changed",
                 "facts": [], "releases": []}
        fa, fb = (a.facts if a else {}), (b.facts if b else {})
        for dim in sorted(set(fa) | set(fb)):
            if dim not in fa:
                entry["facts"].append({"change": "added", "dimension": dim, "before": "", "after": _show(fb[dim].value)})
            elif dim not in fb:
                entry["facts"].append({"change": "removed", "dimension": dim, "before": _show(fa[dim].value), "after": ""})
            elif _fact_sig(fa[dim]) != _fact_sig(fb[dim]):
                what = [name for name, x, y in zip(_SIG_FIELDS, _fact_sig(fa[dim]), _fact_sig(fb[dim])) if x != y]
                entry["facts"].append({"change": "changed (" + ", ".join(what) + ")", "dimension": dim,
                                       "before": _show(fa[dim].value), "after": _show(fb[dim].value)})
        ra = {r.version: r for r in (a.releases if a else [])}
        rb = {r.version: r for r in (b.releases if b else [])}
        for v in sorted(set(ra) ^ set(rb)):
            entry["releases"].append({"change": "added" if v in rb else "removed", "version": v,
                                      "date": (rb.get(v) or ra[v]).date.isoformat()})
        if entry["status"] != "changed" or entry["facts"] or entry["releases"]:
            out["frameworks"][fw_id] = entry
    for kind, field in (("tools", "status"), ("claims", "verdict")):
        old_items, new_items = getattr(old, kind), getattr(new, kind)
        for item_id in sorted(set(old_items) | set(new_items)):
            a, b = old_items.get(item_id), new_items.get(item_id)
            if a is None or b is None:
                out[kind][item_id] = {"change": "added" if a is None else "removed",
                                      field: getattr(b or a, field)}
            elif a.model_dump() != b.model_dump():
                out[kind][item_id] = {"change": "changed", "before": getattr(a, field), "after": getattr(b, field)}
    return out


# --- text for a pull-request comment or body: GitHub renders it as Markdown ---------------
# Data text must reach the reader as text: no HTML, no link or image, no emphasis, no table
# cell boundary, no notification (@name), no issue link (#12, owner/repo#12, GH-12), no
# credentials (https://user:token@host).
_MD_ESCAPE = re.compile(r"([\\`*_~\[\]<>&|$!])")
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_LINE_BREAK = re.compile("\r\n|[\n\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")
ZWJ = "\u200d"  # zero-width joiner: invisible, and no longer a mention or an issue reference
_MENTION = re.compile(r"@(?=[A-Za-z0-9])")
_ISSUE = re.compile(r"#(?=[0-9])")
_GH_REF = re.compile(r"\b(GH)(?=-[0-9])", re.IGNORECASE)
_USERINFO = re.compile(r"\b([A-Za-z][A-Za-z0-9+.-]*://)[^/?#\s\"'`<>\\]*@")
MAX_CELL = 200


def redact(text: str) -> str:
    """URLs without their user information (`https://user:token@host/` becomes `https://host/`)."""
    return _USERINFO.sub(r"\1", text)


def inert(text: str) -> str:
    """A notification-free form of text: `@name` and issue references no longer link."""
    text = _MENTION.sub("@" + ZWJ, text)
    text = _ISSUE.sub("#" + ZWJ, text)
    return _GH_REF.sub(lambda m: m.group(1) + ZWJ, text)


def md_inline(text: object, limit: int = MAX_CELL) -> str:
    """Data text as one line of inert Markdown text (a table cell, a list item, a heading)."""
    text = redact(str(text))
    text = _CONTROL.sub("\ufffd", _LINE_BREAK.sub(" ", text))
    if len(text) > limit:  # cut before escaping: an escape is never cut in half
        text = text[:limit - 1] + "\u2026"
    return inert(_MD_ESCAPE.sub(r"\\\1", text))


def _longest_run(text: str, char: str = "`") -> int:
    return max((len(m) for m in re.findall(re.escape(char) + "+", text)), default=0)


def md_code(text: object, table: bool = False) -> str:
    """Data text as an inline code span: the fence is longer than any backtick run inside
    (in a table cell a `|` is escaped too: GitHub ends the cell there even inside code)."""
    text = _CONTROL.sub("\ufffd", _LINE_BREAK.sub(" ", redact(str(text))))
    if table:
        text = text.replace("|", "\\|")
    fence = "`" * (_longest_run(text) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") or fence != "`" else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def md_fence(text: str, info: str = "text") -> str:
    """Text as a fenced code block whose fence no line of the text can close."""
    fence = "`" * max(3, _longest_run(text) + 1)
    return f"{fence}{info}\n{text}\n{fence}"


def to_markdown(d: dict, base: str) -> str:
    lines = [f"## Data changes against {md_code(base)}", ""]
    if not any(d.values()):
        return "\n".join(lines + ["No data changes.", ""])
    for fw_id, e in d["frameworks"].items():
        lines += [f"### {md_inline(e['name'])} ({md_code(fw_id)}): {md_inline(e['status'])}", ""]
        if e["facts"]:
            lines += ["| change | dimension | before | after |", "| --- | --- | --- | --- |"]
            lines += [f"| {md_inline(f['change'])} | {md_code(f['dimension'], table=True)} | {md_inline(f['before'])} "
                      f"| {md_inline(f['after'])} |" for f in e["facts"]]
            lines.append("")
        for r in e["releases"]:
            lines.append(f"- release {md_inline(r['version'])} ({md_inline(r['date'])}) {md_inline(r['change'])}")
        lines.append("")
    for kind, field in (("tools", "status"), ("claims", "verdict")):
        if d[kind]:
            lines += [f"### {kind.title()}", ""]
            for item_id, c in d[kind].items():
                detail = (f"{md_inline(c['before'])} → {md_inline(c['after'])}" if c["change"] == "changed"
                          else md_inline(c[field]))
                lines.append(f"- {md_code(item_id)} {md_inline(c['change'])}: {detail}")
            lines.append("")
    return "\n".join(lines)


def _redacted(value):
    if isinstance(value, str):
        return redact(value)
    if isinstance(value, dict):
        return {k: _redacted(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_redacted(v) for v in value]
    return value


def to_text(d: dict) -> str:
    d = _redacted(d)
    lines = []
    for fw_id, e in d["frameworks"].items():
        for f in e["facts"]:
            lines.append(f"{fw_id}:{f['dimension']}: {f['change']}: {f['before']!r} -> {f['after']!r}")
        for r in e["releases"]:
            lines.append(f"{fw_id}@{r['version']}: release {r['change']}")
    for kind in ("tools", "claims"):
        for item_id, c in d[kind].items():
            lines.append(f"{kind[:-1]}:{item_id}: {c['change']}")
    return "\n".join(lines) or "no data changes"


def to_json(d: dict) -> str:
    return json.dumps(_redacted(d), indent=2, sort_keys=True, ensure_ascii=False)
