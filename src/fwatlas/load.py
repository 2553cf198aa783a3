"""Find the data files, parse and validate each, and assemble the knowledge base.

One bad file never hides the others: every file is read, and each failure
becomes problems while the rest of the data still loads. A file whose bytes were
read before is not parsed or validated again (buildcache.FileResults).
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from .kb import KnowledgeBase
from .model import KINDS
from .problems import Problem
from .validate import validate
from .buildcache import FileResults, file_key
from .safefile import read_bytes
from .yamlfile import MAX_BYTES, Document, read_yaml

# kind -> folder under data/ (one file per entity, file name == id)
FOLDERS = {"framework": "frameworks", "tool": "tools", "claim": "claims", "builds": "builds", "apis": "apis"}
# machine-written by `fwatlas sync` (one file per framework id); the folder may be missing
MACHINE_FOLDERS = {"index": "index"}
# in the same folder, the machine files of tools: data/index/tool-<tool-id>.yaml (same model and schema)
TOOL_INDEX_PREFIX = "tool-"
DIMENSIONS_FILE = "dimensions.yaml"
WEAK_SOURCES_FILE = "weak-sources.yaml"  # optional: hosts that are not sources


def data_files(data_dir: Path) -> list[tuple[str, Path]]:
    files = [("dimensions", data_dir / DIMENSIONS_FILE)]
    if (data_dir / WEAK_SOURCES_FILE).is_file():
        files.append(("weak-sources", data_dir / WEAK_SOURCES_FILE))
    for kind, folder in (FOLDERS | MACHINE_FOLDERS).items():
        files += [(kind, p) for p in sorted((data_dir / folder).glob("*")) if p.is_file()]
    return files


def load(root: Path, today: dt.date | None = None) -> tuple[KnowledgeBase, list[Problem]]:
    """Load `root/data` into a KnowledgeBase; return it with every load problem."""
    kb = KnowledgeBase(root=root, today=today or dt.date.today())
    problems: list[Problem] = []
    data_dir = root / "data"
    results = FileResults(root)
    for kind, path in data_files(data_dir):
        display = path.relative_to(root).as_posix()
        if kind == "dimensions" and not path.exists():
            problems.append(Problem(display, 0, 0, "schema.missing-file", "the dimensions file is missing",
                                    "restore data/dimensions.yaml"))
            continue
        if path.suffix != ".yaml":
            problems.append(Problem(display, 0, 0, "schema.file-name",
                                    "data files end in .yaml", f"rename it to {path.stem}.yaml"))
            continue
        doc, obj, found, key = _parsed(results, kind, path, display)
        problems += found
        entity_id = path.stem
        kb.docs[(kind, entity_id)] = doc
        if key is not None:
            kb.file_keys[(kind, entity_id)] = key
        if obj is None:
            kb.broken.add((kind, entity_id))
            continue
        if kind == "dimensions":
            kb.dimensions_file = obj  # type: ignore[assignment]
            continue
        if kind == "weak-sources":
            kb.weak_sources = obj.hosts  # type: ignore[attr-defined]
            kb.vanishing_sources = obj.vanishing  # type: ignore[attr-defined]
            continue
        if obj.id != entity_id:  # type: ignore[attr-defined]
            problems.append(doc.problem(("id",), "schema.id-filename",
                                        f"id {obj.id!r} differs from the file name {path.name!r}",  # type: ignore[attr-defined]
                                        f"rename the file to {obj.id}.yaml or set `id: {entity_id}`"))  # type: ignore[attr-defined]
            kb.broken.add((kind, entity_id))  # ids are addresses: until they agree, nothing can refer to it
            continue
        if kind == "index" and entity_id.startswith(TOOL_INDEX_PREFIX):
            kb.tool_index[entity_id.removeprefix(TOOL_INDEX_PREFIX)] = obj  # type: ignore[assignment]
            continue
        getattr(kb, (FOLDERS | MACHINE_FOLDERS)[kind])[entity_id] = obj
    results.finish()
    return kb, problems


def _parsed(results: FileResults, kind: str, path: Path, display: str):
    """(document, validated model or None, problems, key of its bytes or None) of one data file: read and validated,
    or the result kept for the same bytes (buildcache.FileResults; rules always run anew)."""
    try:
        raw = read_bytes(path, MAX_BYTES)
    except OSError:
        raw = None  # read_yaml reports it
    if raw is not None and len(raw) > MAX_BYTES:
        raw = None  # read_yaml reports it with the file's real size
    key = file_key(kind, display, raw) if raw is not None else None
    model = KINDS[kind]
    if key is not None:
        hit = results.get(key, lambda v: _valid_result(v, display, model))
        if hit is not None:
            return hit[0], hit[1], list(hit[2]), key
    doc, found = read_yaml(path, display, raw=raw)
    obj = None
    if not found:
        obj, found = validate(doc, model)
    if key is not None:
        results.put(key, (doc, obj, list(found)))
    return doc, obj, found, key


def _valid_result(value, display: str, model) -> bool:
    """A cached file result has the shape `_parsed` stores (see buildcache._restricted_loads)."""
    return (isinstance(value, tuple) and len(value) == 3 and isinstance(value[0], Document)
            and value[0].file == display and (value[1] is None or type(value[1]) is model)
            and isinstance(value[2], list) and all(isinstance(p, Problem) for p in value[2]))
