"""A small result cache: skip loading and checking when nothing they read has changed.

`fwatlas check` and the MkDocs plugin both start by loading, validating and
checking every data file (pydantic models, ~0.5 s). When the inputs are the same
bytes as last time, the result is the same, so it is read back from
`.cache/fwatlas/` instead (the way ruff and mypy cache). The key covers
everything the result depends on:

- every file under data/ (facts, tools, claims, machine-written files),
- fwatlas's own code and templates (a new rule or template invalidates it),
- CONTRIBUTING.md (a generated page), today's date (rules about future dates
  and stale facts change with the calendar) and the Python version,
- whatever the caller adds (site URL, branch, output format).

One entry per kind is kept, so the cache never grows. Any problem reading or
writing it means "no cache", never an error: an entry that is too big, or whose
value does not have the shape its reader expects (`SHAPES`), is a miss too.
`FWATLAS_NO_CACHE=1` turns it off.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import sys
from pathlib import Path

from .safefile import read_bytes

CACHE_DIR = Path(".cache") / "fwatlas"
_CODE_DIR = Path(__file__).resolve().parent
FORMAT = 1  # bump when the cached shape changes
# The repository's whole site is ~6 MB of JSON; a file far past that is not ours to parse.
MAX_ENTRY_BYTES = 128 * 1024 * 1024


def enabled() -> bool:
    return os.environ.get("FWATLAS_NO_CACHE", "") in ("", "0")


def _files(folder: Path, suffixes: tuple[str, ...] | None = None):
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith(".") and d != "__pycache__")
        for name in sorted(filenames):
            if suffixes is None or name.endswith(suffixes):
                yield Path(dirpath) / name


_code_digest: str | None = None


def code_digest() -> str:
    """A digest of fwatlas's own code and templates, computed once per process."""
    global _code_digest
    if _code_digest is None:
        h = hashlib.sha256()
        for path in _files(_CODE_DIR, (".py", ".j2")):
            h.update(f"code:{path.relative_to(_CODE_DIR).as_posix()}\0".encode())
            h.update(path.read_bytes())
        _code_digest = h.hexdigest()
    return _code_digest


def input_key(root: Path, *extra: str, today: dt.date | None = None, data: bool = True) -> str:
    """The key of a result computed from `root`'s inputs; data=False leaves data/ and the
    date out (for results read from git history instead, keyed by the commit in `extra`)."""
    h = hashlib.sha256()
    if data:
        folder = root / "data"
        for path in _files(folder):
            h.update(f"data:{path.relative_to(folder).as_posix()}\0".encode())
            try:
                h.update(read_bytes(path))
            except OSError as exc:  # unreadable, or a named pipe: the check reports it at its path
                h.update(f"\0unreadable:{exc.errno}\0".encode())
    h.update(f"code:{code_digest()}\0".encode())
    guide = root / "CONTRIBUTING.md"
    if data and guide.is_file():
        h.update(guide.read_bytes())
    today = (today or dt.date.today()) if data else None
    h.update(f"\0{FORMAT}\0{today}\0{sys.version_info[:2]}\0".encode())
    for part in extra:
        h.update(part.encode() + b"\0")
    return h.hexdigest()


def git_head(root: Path) -> str:
    """The checked-out commit ("" outside git): part of the key of anything read from history."""
    import subprocess

    try:
        out = subprocess.run(["git", "rev-parse", "HEAD"], cwd=root, capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return ""
    return out.stdout.strip() if out.returncode == 0 else ""


def load(root: Path, kind: str, key: str, valid=None):
    """The cached value for `kind` if it was stored under `key` and has the shape its
    reader expects (`valid(value)`, by default `SHAPES[kind]`), else None.

    The key says the inputs are the same, not that the file is intact or was written
    by this version: a hand-edited or foreign entry must not crash check or the build.
    """
    if not enabled():
        return None
    try:
        # a regular file of bounded size only: a FIFO would block, a huge file fill memory
        raw = read_bytes(root / CACHE_DIR / f"{kind}.json", MAX_ENTRY_BYTES)
        if len(raw) > MAX_ENTRY_BYTES:
            return None
        entry = json.loads(raw.decode("utf-8"))
    except (OSError, ValueError, RecursionError):  # RecursionError: absurdly deep JSON
        return None
    if not (isinstance(entry, dict) and entry.get("key") == key and "value" in entry):
        return None
    valid = valid or SHAPES.get(kind)
    try:
        return entry["value"] if valid is None or valid(entry["value"]) else None
    except (TypeError, ValueError, AttributeError, KeyError):  # a validator tripped on a wrong shape
        return None


def store(root: Path, kind: str, key: str, value) -> None:
    if not enabled():
        return
    folder = root / CACHE_DIR
    try:
        folder.mkdir(parents=True, exist_ok=True)
        tmp = folder / f".{kind}.{os.getpid()}.tmp"
        try:
            tmp.write_text(json.dumps({"key": key, "value": value}, ensure_ascii=False), encoding="utf-8")
            tmp.replace(folder / f"{kind}.json")  # atomic: a parallel reader sees old or new, never half
        finally:
            tmp.unlink(missing_ok=True)  # a full disk must not leave half an entry behind
    except OSError:
        pass  # a read-only checkout simply has no cache


# -- the shape each reader expects -----------------------------------------------------
# Checked on load, so that `Problem(**p)`, `GeneratedPage(**p)` and the writes of the
# plugin's post-build step only ever see what `store` was given. Paths are checked
# too: the plugin writes the API and feed files at these paths inside the site.
_PROBLEM = {"file": str, "line": int, "col": int, "rule": str, "message": str, "hint": str, "severity": str}
_PAGE = {"path": str, "title": str, "description": str, "source": str, "markdown": str, "wide": bool,
         "full_width": bool, "searchable": bool, "search_boost": (int, float, type(None))}
_NAV_DEPTH = 10
_NAV_SECTIONS = {"topics", "frameworks"}  # render.nav_sections' keys, named in mkdocs.yml as fwatlas:<key>


def _typed(value, types: dict, required: int) -> bool:
    """A dict whose keys are among `types` (the first `required` of them present) with those types."""
    return (isinstance(value, dict) and set(value) <= set(types) and all(k in value for k in list(types)[:required])
            and all(isinstance(v, types[k]) and not (isinstance(v, bool) and types[k] is int)
                    for k, v in value.items()))


def _problem(value) -> bool:
    return _typed(value, _PROBLEM, 5) and value.get("severity", "error") in ("error", "warning", "notice")


def site_path(value) -> bool:
    """A relative path that stays inside the folder it is joined to."""
    if not isinstance(value, str) or not value or "\\" in value or "\0" in value or ":" in value.split("/")[0]:
        return False
    parts = value.split("/")
    return all(part not in ("", ".", "..") for part in parts)


def _page(value) -> bool:
    return _typed(value, _PAGE, 5) and site_path(value["path"]) and value["path"].endswith(".md")


def _file_map(value, prefix: str = "") -> bool:
    return isinstance(value, dict) and all(
        site_path(k) and k.startswith(prefix) and isinstance(v, str) for k, v in value.items())


def _nav(item, depth: int = 0) -> bool:
    """A MkDocs nav entry: a page path, or {title: path or list of entries}."""
    if isinstance(item, str):
        return True
    return (depth < _NAV_DEPTH and isinstance(item, dict) and all(
        isinstance(k, str) and (isinstance(v, str) or (isinstance(v, list) and all(_nav(x, depth + 1) for x in v)))
        for k, v in item.items()))


def _counts(value) -> bool:
    return isinstance(value, dict) and all(
        isinstance(k, str) and isinstance(n, int) and not isinstance(n, bool) for k, n in value.items())


def _list(value, each) -> bool:
    return isinstance(value, list) and all(each(x) for x in value)


SHAPES = {
    # cli._checked: {"counts": {name: n}, "problems": [Problem fields]}
    "check": lambda v: (isinstance(v, dict) and set(v) == {"counts", "problems"} and _counts(v["counts"])
                        and _list(v["problems"], _problem)),
    # plugin.on_config: problems, pages, API files and nav sections of a build
    "site": lambda v: (isinstance(v, dict) and set(v) == {"problems", "pages", "api", "nav"}
                       and _list(v["problems"], _problem) and _list(v["pages"], _page) and _file_map(v["api"])
                       and isinstance(v["nav"], dict) and _NAV_SECTIONS <= set(v["nav"])
                       and all(isinstance(k, str) and _list(x, _nav) for k, x in v["nav"].items())),
    # rulecache.RuleResults: {entry key: [Problem fields]}
    "rules": lambda v: isinstance(v, dict) and all(isinstance(k, str) and _list(x, _problem) for k, x in v.items()),
    # plugin.feeds: {"feeds/<id>.xml": Atom text}
    "feeds": lambda v: _file_map(v, "feeds/"),
}


# -- each data file's parsed and validated result ----------------------------------------
# `fwatlas check` and the build read every data file; after a one-file edit all but one
# read the same bytes as last time. Each file's result (the parsed Document, the validated
# model or None, and the problems of both steps) is kept by a key over its bytes, its kind
# and shown path, and fwatlas's code: in memory for the life of the process (a `mkdocs serve`
# rebuilds without parsing what did not change) and on disk, one pickle per file, read with
# an unpickler that builds only fwatlas's model and document classes and dates (a foreign
# or hand-made file is a miss, never code that runs).
FILES_DIR = "files"
FILES_FORMAT = 1
_memory: dict[str, tuple] = {}


_ALLOWED = {("datetime", "date"), ("datetime", "datetime"), ("fwatlas.yamlfile", "Document"),
            ("fwatlas.problems", "Problem")}


def _restricted_loads(raw: bytes):
    """pickle.loads limited to the classes a file result holds: fwatlas's models, its
    Document and Problem, dates. Anything else (a callable a crafted file names) raises."""
    import io
    import pickle

    class Restricted(pickle.Unpickler):
        def find_class(self, module, name):
            if (module, name) in _ALLOWED or (module == "fwatlas.model" and _is_model(name)):
                return super().find_class(module, name)
            raise pickle.UnpicklingError(f"{module}.{name} is not allowed in the file cache")

    return Restricted(io.BytesIO(raw)).load()


def _is_model(name: str) -> bool:
    from pydantic import BaseModel

    from . import model

    cls = getattr(model, name, None)
    return isinstance(cls, type) and issubclass(cls, BaseModel) and cls.__module__ == model.__name__


def file_key(kind: str, display: str, raw: bytes) -> str:
    h = hashlib.sha256(f"{FILES_FORMAT}\0{code_digest()}\0{sys.version_info[:2]}\0{kind}\0{display}\0".encode())
    h.update(raw)
    return h.hexdigest()


class FileResults:
    """Per-file results of one load: `get` what is known, `put` what was computed, then
    `finish` drops what this load did not use (memory and disk hold one data set)."""

    def __init__(self, root: Path):
        self.folder = root / CACHE_DIR / FILES_DIR
        self.on = enabled()
        self.used: set[str] = set()
        self.written = False

    def get(self, key: str, valid) -> tuple | None:
        if not self.on:
            return None
        self.used.add(key)
        hit = _memory.get(key)
        if hit is None:
            hit = self._read(key, valid)
            if hit is not None:
                _memory[key] = hit
        return hit

    def _read(self, key: str, valid) -> tuple | None:
        try:
            raw = read_bytes(self.folder / f"{key}.pickle", MAX_ENTRY_BYTES)  # regular files only
            if len(raw) > MAX_ENTRY_BYTES:
                return None
            value = _restricted_loads(raw)
        except Exception:  # noqa: BLE001 - a missing, foreign or broken entry is a miss
            return None
        try:
            return value if valid(value) else None
        except Exception:  # noqa: BLE001
            return None

    def put(self, key: str, value: tuple) -> None:
        if not self.on:
            return
        import pickle

        self.used.add(key)
        _memory[key] = value
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            tmp = self.folder / f".{key}.{os.getpid()}.tmp"
            try:
                tmp.write_bytes(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
                tmp.replace(self.folder / f"{key}.pickle")
                self.written = True
            finally:
                tmp.unlink(missing_ok=True)
        except (OSError, pickle.PicklingError, TypeError, AttributeError, RecursionError):
            pass

    def finish(self) -> None:
        """Forget the entries this load did not use: an edited file's old result goes."""
        if not self.on:
            return
        for key in [k for k in _memory if k not in self.used]:
            del _memory[key]
        if not self.written:
            return  # nothing new on disk, so nothing went stale there either
        try:
            for entry in os.scandir(self.folder):
                if entry.name.endswith(".pickle") and entry.name[:-len(".pickle")] not in self.used:
                    os.unlink(entry.path)
        except OSError:
            pass
