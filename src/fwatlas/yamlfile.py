"""Read one YAML data file safely, keeping the line and column of every value.

PyYAML only composes the node tree here; values are built by hand so that
traps of YAML 1.1 (``1.10`` read as 1.1, ``no`` read as false, ``017`` as 15,
``12:30`` as 750), duplicate keys, aliases and foreign tags each become one
`Problem` instead of a silently wrong value, an exponential blow-up or code
execution.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .problems import Problem
from .safefile import read_bytes

MAX_BYTES = 1_000_000  # a fact file is a few KB; anything larger is a mistake or an attack

_STD = "tag:yaml.org,2002:"
_SCALAR_TAGS = {_STD + t for t in ("str", "int", "float", "bool", "null", "timestamp")}
_TRUE_FALSE = {"true", "false"}
_STR = _STD + "str"

Path_ = tuple[str | int, ...]


@dataclass
class Document:
    """A parsed file: plain Python data plus where each value came from."""

    file: str  # path as shown to the user, relative to the project root
    data: Any = None
    first_line: str = ""  # kept for the editor-schema comment rule
    # position (1-based line, col) of each value, and of each mapping key
    values: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    keys: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    # raw text of unquoted scalars that YAML typed as something other than a string
    typed_plain: dict[Path_, str] = field(default_factory=dict)

    def where(self, path: Path_, key: bool = False) -> tuple[int, int]:
        """Best position for a path: the value itself, else its nearest ancestor."""
        table = self.keys if key and path in self.keys else self.values
        for n in range(len(path), -1, -1):
            if path[:n] in table:
                return table[path[:n]]
        return (1, 1)

    def problem(self, path: Path_, rule: str, message: str, hint: str = "",
                severity: str = "error", key: bool = False) -> Problem:
        line, col = self.where(path, key=key)
        return Problem(self.file, line, col, rule, message, hint, severity)  # type: ignore[arg-type]

    # Pickled (buildcache.FileResults), the positions travel as one opaque blob that is
    # decoded on first use: a check asks for the positions of the few files it reports on,
    # and decoding every file's positions cost more than the rest of a cached load.
    def __getstate__(self) -> dict:
        import pickle

        state = dict(self.__dict__)
        if "_positions" not in state:
            state["_positions"] = pickle.dumps(tuple(state.pop(name) for name in _POSITIONS),
                                               pickle.HIGHEST_PROTOCOL)
        return state

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state)

    def __getattr__(self, name: str):
        blob = self.__dict__.get("_positions") if name in _POSITIONS else None
        if blob is None:
            raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")
        values, keys, typed_plain = _plain_loads(blob)
        self.__dict__.update(values=values, keys=keys, typed_plain=typed_plain)
        del self.__dict__["_positions"]
        return self.__dict__[name]


_POSITIONS = ("values", "keys", "typed_plain")


def _plain_loads(raw: bytes):
    """Unpickle plain data only (dicts, tuples, strings, numbers): no class is looked up."""
    import io
    import pickle

    class Plain(pickle.Unpickler):
        def find_class(self, module, name):
            raise pickle.UnpicklingError(f"{module}.{name}: positions hold plain data only")

    return Plain(io.BytesIO(raw)).load()


# libyaml's C parser is ~10x faster; the pure-Python one is the fallback.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _AliasFound(Exception):
    pass


def _first_alias(text: str) -> tuple[int, int]:
    """Where the first alias (*name) is. Only called once an alias was found."""
    for event in yaml.parse(text, Loader=yaml.SafeLoader):
        if isinstance(event, yaml.events.AliasEvent):
            return event.start_mark.line + 1, event.start_mark.column + 1
    return 1, 1


def _pos(node: Node) -> tuple[int, int]:
    return (node.start_mark.line + 1, node.start_mark.column + 1)


class _Builder:
    def __init__(self, doc: Document):
        self.doc = doc
        self.problems: list[Problem] = []
        self.seen: set[int] = set()
        self.constructor = SafeConstructor()

    def fail(self, node: Node, rule: str, message: str, hint: str) -> None:
        line, col = _pos(node)
        self.problems.append(Problem(self.doc.file, line, col, rule, message, hint))

    def build(self, node: Node, path: Path_) -> Any:
        # The composer hands an alias back as the node it names. Data files never
        # need aliases; stopping at the first keeps "billion laughs" harmless.
        if id(node) in self.seen:
            raise _AliasFound()
        self.seen.add(id(node))
        self.doc.values[path] = _pos(node)
        if isinstance(node, MappingNode):
            return self._mapping(node, path)
        if isinstance(node, SequenceNode):
            if node.tag != _STD + "seq":
                return self._bad_tag(node)
            return [self.build(item, path + (i,)) for i, item in enumerate(node.value)]
        return self._scalar(node, path)

    def _bad_tag(self, node: Node) -> None:
        self.fail(node, "yaml.tag", f"the tag {node.tag!r} is not allowed in data files",
                  "remove the tag; data files hold plain strings, numbers, dates, lists and mappings")
        return None

    def _mapping(self, node: MappingNode, path: Path_) -> dict[str, Any] | None:
        if node.tag != _STD + "map":
            return self._bad_tag(node)
        result: dict[str, Any] = {}
        first_line: dict[str, int] = {}
        for key_node, value_node in node.value:
            if isinstance(key_node, ScalarNode) and key_node.value == "<<" and key_node.tag == _STD + "merge":
                self.fail(key_node, "yaml.alias", "merge keys (<<) are not allowed", "write the keys out in full")
                continue
            key = self._scalar(key_node, path + ("<key>",)) if isinstance(key_node, ScalarNode) else None
            self.doc.values.pop(path + ("<key>",), None)
            self.doc.typed_plain.pop(path + ("<key>",), None)
            if not isinstance(key, str):
                if key is not None or isinstance(key_node, ScalarNode):
                    self.fail(key_node, "yaml.key", f"the key {key_node.value!r} is not read as text",
                              f'quote it: "{getattr(key_node, "value", "")}"')
                else:
                    self.fail(key_node, "yaml.key", "a mapping key must be plain text", "use a simple key")
                continue
            if key in result:
                self.fail(key_node, "yaml.duplicate-key",
                          f"duplicate key {key!r} (first defined on line {first_line[key]})",
                          "YAML keeps only the last one; merge the two entries")
                continue
            first_line[key] = _pos(key_node)[0]
            self.doc.keys[path + (key,)] = _pos(key_node)
            result[key] = self.build(value_node, path + (key,))
        return result

    def _scalar(self, node: ScalarNode, path: Path_) -> Any:
        if node.tag not in _SCALAR_TAGS:
            return self._bad_tag(node)
        self.doc.values[path] = _pos(node)
        if node.tag == _STR:  # most scalars are text: no constructor needed
            return node.value
        try:
            value = self.constructor.construct_object(node)
        except (yaml.YAMLError, ValueError, OverflowError) as exc:
            self.fail(node, "yaml.value", f"cannot read {node.value!r}: {exc}", "quote it to keep it as text")
            return None
        # plain (unquoted) style is None in PyYAML and "" in libyaml
        if node.style or node.tag == _STD + "str" or value is None:
            return value
        raw = node.value
        self.doc.typed_plain[path] = raw
        if isinstance(value, bool) and raw.lower() not in _TRUE_FALSE:
            self.fail(node, "yaml.ambiguous-bool",
                      f"unquoted {raw!r} is read as the boolean {str(value).lower()}",
                      f'write "{raw}" in quotes for text, or true/false for a boolean')
        elif isinstance(value, (int, float)) and not isinstance(value, bool) and _canonical(value) != raw:
            self.fail(node, "yaml.number",
                      f"unquoted {raw!r} is read as the number {_canonical(value)}",
                      f'write "{raw}" in quotes; versions are always strings')
        return value


def _canonical(value: int | float) -> str:
    return repr(value)


def _decode(raw: bytes, file: str) -> tuple[str | None, Problem | None]:
    try:
        return raw.decode("utf-8-sig"), None
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        col = exc.start - (before.rfind(b"\n") + 1) + 1
        return None, Problem(file, line, col, "yaml.encoding",
                             f"invalid UTF-8 byte 0x{raw[exc.start]:02x}", "save the file as UTF-8")


MAX_DEPTH = 50  # real data nests about 6 levels; deeper is a mistake or an attack


def _too_deep(text: str) -> tuple[int, int]:
    """Where nesting first passes MAX_DEPTH (the C parser yields events without recursing)."""
    depth = 0
    try:
        for event in yaml.parse(text, Loader=_Loader):
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                depth += 1
                if depth > MAX_DEPTH:
                    return event.start_mark.line + 1, event.start_mark.column + 1
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                depth -= 1
    except yaml.YAMLError:
        pass
    return 1, 1


def _syntax_problem(display: str, exc: yaml.MarkedYAMLError) -> Problem:
    """A YAML syntax error at the line a person must fix, in plain words."""
    context, problem = str(exc.context or ""), str(exc.problem or "")
    mark = exc.problem_mark or exc.context_mark
    if "quoted scalar" in context and exc.context_mark is not None:
        # the parser notices only at the end of the file; the mistake is where the quote opens
        mark = exc.context_mark
        return Problem(display, mark.line + 1, mark.column + 1, "yaml.syntax",
                       "this quote is never closed", "add the closing quote on this line")
    if "\t" in problem or "tab" in problem:
        return Problem(display, mark.line + 1, mark.column + 1, "yaml.syntax",
                       "a tab is used for indentation", "YAML indents with spaces only: replace the tab with spaces")
    if "did not find expected key" in problem and exc.context_mark is not None:
        start = exc.context_mark.line + 1
        return Problem(display, mark.line + 1, mark.column + 1, "yaml.syntax",
                       f"this line is indented differently from the block that starts on line {start}",
                       "indent it like the other keys of that block (spaces only)")
    if "mapping values are not allowed" in problem and mark is not None:
        return Problem(display, mark.line + 1, mark.column + 1, "yaml.syntax",
                       "a colon followed by a space inside unquoted text reads as a new key",
                       "quote the whole value, or write it as a block (note: >-) on the lines below")
    line, col = (mark.line + 1, mark.column + 1) if mark else (0, 0)
    message = " ".join(p for p in (context, problem) if p)
    return Problem(display, line, col, "yaml.syntax", message or "invalid YAML",
                   "check indentation, colons and quotes on this line")


def read_yaml(path: Path, display: str, raw: bytes | None = None) -> tuple[Document, list[Problem]]:
    """Parse one file (or `raw`, its bytes already read). Never raises for bad content:
    problems are returned."""
    doc = Document(file=display)
    given = raw is not None
    try:
        raw = read_bytes(path, MAX_BYTES) if raw is None else raw
    except OSError as exc:
        return doc, [Problem(display, 0, 0, "yaml.read", f"cannot read the file: {exc.strerror}")]
    if len(raw) > MAX_BYTES:
        size = len(raw)
        if not given:
            try:
                size = path.stat().st_size  # only the first MAX_BYTES + 1 were read
            except OSError:
                pass
        return doc, [Problem(display, 0, 0, "yaml.too-large",
                             f"the file has {size} bytes, more than {MAX_BYTES}", "split it up")]
    text, problem = _decode(raw, display)
    if problem:
        return doc, [problem]
    doc.first_line = text.split("\n", 1)[0].strip()
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        return doc, [_syntax_problem(display, exc)]
    except yaml.YAMLError as exc:
        return doc, [Problem(display, 0, 0, "yaml.syntax", str(exc))]
    except RecursionError:
        line, col = _too_deep(text)
        return doc, [Problem(display, line, col, "yaml.too-deep",
                             f"the data nests more than {MAX_DEPTH} levels deep here",
                             "data files nest a few levels; look for a run of [ or { that never closes")]
    if node is None:
        return doc, [Problem(display, 0, 0, "yaml.empty", "the file is empty",
                             "fill it in or delete it")]
    builder = _Builder(doc)
    try:
        doc.data = builder.build(node, ())
    except RecursionError:
        line, col = _too_deep(text)
        return doc, [Problem(display, line, col, "yaml.too-deep",
                             f"the data nests more than {MAX_DEPTH} levels deep here",
                             "data files nest a few levels; look for a run of [ or { that never closes")]
    except _AliasFound:
        line, col = _first_alias(text)
        return doc, [Problem(display, line, col, "yaml.alias", "aliases (*name) are not allowed in data files",
                             "write the value out in full")]
    if not isinstance(doc.data, dict) and not builder.problems:
        builder.fail(node, "yaml.not-mapping", "the file must be a mapping of keys to values",
                     "start with a key such as `id: ...`")
    return doc, builder.problems
