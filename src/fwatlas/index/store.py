"""The machine-written files data/index/<framework-id>.yaml, read and written with ruamel.yaml.

Round-trip mode keeps comments, key order and quoting. Two things ruamel does
not keep on its own are kept here: a data file's sequence indentation (the
repo has files with `- ` indented under its key and files without), and the
line breaks of a long scalar that was folded over several lines (ruamel would
refold it at its own width). Together they make an unchanged file come back
byte for byte, so a write changes only the lines whose values changed.
"""
from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path
from typing import Any, Iterable

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.constructor import RoundTripConstructor
from ruamel.yaml.emitter import RoundTripEmitter
from ruamel.yaml.events import SequenceEndEvent
from ruamel.yaml.nodes import ScalarNode
from ruamel.yaml.representer import RoundTripRepresenter
from ruamel.yaml.scalarstring import DoubleQuotedScalarString

from .derive import UNKNOWN, ReleaseInfo

INDEX_DIR = Path("data") / "index"
WIDTH = 100_000  # never fold: a new value goes on one line, as in the hand-written files
HEADER = (
    "# yaml-language-server: $schema=../schema/index.schema.json\n"
    "# Written by `fwatlas sync` from the package index (PEP 691/700 file lists, PEP 658 metadata):\n"
    "# the next sync rewrites these values, so correct hand-written facts in data/frameworks/ instead.\n"
    "# A comment you add here (a line starting with #) is kept across syncs.\n"
)
TOOL_HEADER = HEADER.replace("data/frameworks/", "data/tools/")
TOOL_PREFIX = "tool-"  # data/index/tool-<tool-id>.yaml (load.TOOL_INDEX_PREFIX)
# key order of a release entry, as written
RELEASE_KEYS = ("version", "uploaded", "python", "free_threaded", "platforms", "accelerator",
                "accelerator_extras", "yanked", "requires_python")


class KeptScalar(str):
    """A scalar whose layout ruamel would not keep: one that spans several lines (kept with
    its source text) or a flow-list item that starts its own line."""

    source: str = ""
    column: int = 0
    style: str | None = None
    own_line: bool = False


class _Constructor(RoundTripConstructor):
    def construct_scalar(self, node: Any) -> Any:
        value = super().construct_scalar(node)
        start, end = node.start_mark, node.end_mark
        buffer = getattr(start, "buffer", None)
        if not isinstance(value, str) or type(value).__name__ in ("LiteralScalarString", "FoldedScalarString") \
                or buffer is None:
            return value
        own_line = not buffer[buffer.rfind("\n", 0, start.index) + 1:start.index].strip()
        if end.line == start.line and not own_line:
            return value
        kept = KeptScalar(value)
        kept.column, kept.style, kept.own_line = start.column, node.style, own_line
        if end.line > start.line:
            kept.source = buffer[start.index:end.index]
        return kept


class _Representer(RoundTripRepresenter):
    pass


_Representer.add_representer(
    KeptScalar, lambda r, data: r.represent_scalar("tag:yaml.org,2002:str", data, style=data.style))


class _Emitter(RoundTripEmitter):
    def process_scalar(self) -> None:
        value = self.event.value
        if isinstance(value, KeptScalar) and value.source and not self.simple_key_context:
            # only where it starts at its old column, so its continuation lines stay correctly indented
            col = self.column + (0 if self.whitespace else 1)
            if col == value.column:
                if not self.whitespace:
                    self.stream.write(" ")
                self.stream.write(value.source)
                self.column = len(value.source.rsplit("\n", 1)[-1])
                self.whitespace = self.indention = False
                self.analysis = None
                self.style = None
                if self.event.comment:  # an end-of-line comment after the scalar
                    self.write_post_comment(self.event)
                return
        super().process_scalar()

    def expect_flow_sequence_item(self) -> None:
        # a flow-list item that stood on its own line goes on its own line again
        value = getattr(self.event, "value", None)
        if isinstance(value, KeptScalar) and value.own_line and not isinstance(self.event, SequenceEndEvent):
            self.write_indicator(self.flow_seq_separator, False)
            self.write_indent()
            self.states.append(self.expect_flow_sequence_item)
            self.expect_node(sequence=True)
            return
        super().expect_flow_sequence_item()


def sequence_offset(text: str) -> int:
    """How far a file indents `- ` under its key: 2 in most repo files, 0 in some."""
    lines = [ln for ln in text.splitlines() if ln.strip() and not ln.lstrip().startswith("#")]
    for before, line in zip(lines, lines[1:]):
        key = re.match(r"^( *)[^\s-][^:]*:\s*$", before)
        item = re.match(r"^( *)- ", line)
        if key and item:
            return max(0, len(item[1]) - len(key[1]))
    return 2


def make_yaml(offset: int = 2) -> YAML:
    yaml = YAML(typ="rt", pure=True)
    yaml.Constructor, yaml.Representer, yaml.Emitter = _Constructor, _Representer, _Emitter
    yaml.preserve_quotes = True
    yaml.indent(mapping=2, sequence=offset + 2, offset=offset)
    yaml.width = WIDTH
    return yaml


def load_text(text: str) -> Any:
    return make_yaml(sequence_offset(text)).load(text)


def dump_text(data: Any, like: str = "") -> str:
    """YAML text of `data`, laid out like the text it was read from."""
    buf = io.StringIO()
    make_yaml(sequence_offset(like) if like else 2).dump(data, buf)
    return buf.getvalue()


def roundtrip(text: str) -> str:
    return dump_text(load_text(text), like=text)


# -- machine files ----------------------------------------------------------

def path_of(root: Path, framework_id: str) -> Path:
    return root / INDEX_DIR / f"{framework_id}.yaml"


def tool_path_of(root: Path, tool_id: str) -> Path:
    return root / INDEX_DIR / f"{TOOL_PREFIX}{tool_id}.yaml"


def _quoted(values: Iterable[str]) -> CommentedSeq:
    seq = CommentedSeq(DoubleQuotedScalarString(v) for v in values)
    seq.fa.set_flow_style()
    return seq


def _flow(values: Iterable[str]) -> CommentedSeq:
    seq = CommentedSeq(values)
    seq.fa.set_flow_style()
    return seq


def _flow_map(values: dict[str, str]) -> CommentedMap:
    mapping = CommentedMap(sorted(values.items()))
    mapping.fa.set_flow_style()
    return mapping


def release_fields(info: ReleaseInfo) -> dict[str, Any]:
    fields: dict[str, Any] = {
        "version": DoubleQuotedScalarString(info.version),
        "uploaded": info.uploaded or UNKNOWN,
        "python": _quoted(info.python),
        "free_threaded": _quoted(info.free_threaded) if info.free_threaded else None,
        "platforms": _flow(info.platforms),
        "accelerator": info.accelerator,
        "accelerator_extras": _flow_map(info.accelerator_extras) if info.accelerator_extras else None,
        "yanked": True if info.yanked else None,
        "requires_python": DoubleQuotedScalarString(info.requires_python) if info.requires_python else None,
    }
    return fields


def _same(old: Any, new: Any) -> bool:
    """Equal values, so the old one (with its quotes and comments) stays. Text never equals
    a date or number, though str() would make them look alike."""
    if isinstance(old, str) != isinstance(new, str):
        return False
    return old == new


def set_fields(entry: CommentedMap, fields: dict[str, Any], order: tuple[str, ...]) -> None:
    """Set values in place: an equal value is left as it is (quotes, comments), a new key goes
    to its place in `order`, a None value removes the key."""
    for key in order:
        if key not in fields:
            continue
        new = fields[key]
        if new is None:
            if key in entry:
                del entry[key]
            continue
        if key in entry:
            if not _same(entry[key], new):
                entry[key] = new
            continue
        position = sum(1 for k in entry if k in order and order.index(k) < order.index(key))
        entry.insert(position, key, new)


def _sync_list(seq: CommentedSeq, wanted: list[tuple[str, dict[str, Any]]], key: str,
               order: tuple[str, ...], make: Any = CommentedMap) -> None:
    """Make `seq` hold the wanted entries (by `key`) in order, updating kept entries in place."""
    for i, (ident, fields) in enumerate(wanted):
        found = next((j for j in range(i, len(seq)) if isinstance(seq[j], dict) and str(seq[j].get(key)) == ident),
                     None)
        if found is None:
            seq.insert(i, make())
        elif found != i:
            seq.insert(i, seq.pop(found))
        set_fields(seq[i], fields, order)
    while len(seq) > len(wanted):
        del seq[len(wanted)]


def update(doc: CommentedMap | None, framework_id: str, index_url: str,
           packages: list[tuple], header: str = HEADER) -> CommentedMap:
    """The machine file's data with these packages (name, page URL, releases newest first, and
    optionally a role: "variant"). `framework_id` is the file's id (tool-<id> for a tool).

    Entries already there are updated in place so that comments added to them stay.
    """
    if doc is None or not isinstance(doc, CommentedMap):
        doc = load_text(header + f"id: {framework_id}\n")
    set_fields(doc, {"id": framework_id, "index": index_url}, ("id", "index"))
    if not isinstance(doc.get("packages"), list):
        doc["packages"] = CommentedSeq()
    # name, url and role here; the lists of releases are updated entry by entry below
    _sync_list(doc["packages"], [(p[0], {"name": p[0], "url": p[1], "role": p[3] if len(p) > 3 else None})
                                 for p in packages],
               "name", ("name", "url", "role", "releases"))
    for entry, (_, _, infos, *_) in zip(doc["packages"], packages):
        if not isinstance(entry.get("releases"), list):
            entry["releases"] = CommentedSeq()
        _sync_list(entry["releases"], [(i.version, release_fields(i)) for i in infos], "version", RELEASE_KEYS)
    return doc


def recorded(doc: Any) -> dict[str, dict[str, CommentedMap]]:
    """package name -> version -> release entry, as the machine file has them."""
    out: dict[str, dict[str, Any]] = {}
    if not isinstance(doc, dict) or not isinstance(doc.get("packages"), list):
        return out
    for pkg in doc["packages"]:
        if isinstance(pkg, dict) and isinstance(pkg.get("releases"), list):
            out[str(pkg.get("name"))] = {str(r.get("version")): r for r in pkg["releases"] if isinstance(r, dict)}
    return out
