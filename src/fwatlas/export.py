"""The machine-readable API written next to the site: JSON, CSV and JSON Schemas.

Output is deterministic (sorted keys and ids, fixed formatting) so two builds of
the same data are byte-identical and diffs between builds show real changes.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path
from typing import Any

from .checks.claims import evaluate
from .kb import KnowledgeBase
from . import editor, versions
from .model import (ID_PATTERN, KINDS, MAX_SHOWN_CHARS, NO_ANSWER, NOT_APPLICABLE, UNKNOWN,
                    VERSION_RANGE_PATTERN, VIA_BACKEND, MECHANISM_SCHEMA, answer_kind, item_text)

from .render.cells import value_parts

API_DIR = "api/v1"


def _plain(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def dumps(data: Any) -> str:
    return json.dumps(_plain(data), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def _sources(sources) -> list[dict]:
    return [{"url": s.url, "title": s.title} for s in sources]


def answer_counts(fw) -> dict:
    values = [f.value for f in fw.facts.values()]
    return {"unknown": sum(v == UNKNOWN for v in values), "not_applicable": sum(v == NOT_APPLICABLE for v in values),
            "via_backend": sum(v == VIA_BACKEND for v in values)}


def _display(kb: KnowledgeBase, dim, fact) -> str:
    """The short value as a table shows it, as one line of text (tool names, not ids)."""
    if dim is None:
        return str(fact.value)
    return ", ".join(p["text"] for p in value_parts(kb, dim, fact.value, "index.md", fact.via))


def framework_record(kb: KnowledgeBase, fw) -> dict:
    # api/v1 only ever gains fields: `type`, `answer`, `display`, `until`, `routes`,
    # `apis` and `via` were added for typed values without changing the old ones.
    dims = kb.dimensions
    from .render.buildevents import build_events
    events: dict = {}
    for e in build_events(kb, fw.id):
        events.setdefault(e["series"], []).append({k: e[k] for k in ("kind", "text", "day", "sources")})
    facts = {}
    for dim_id, fact in sorted(fw.facts.items()):
        dim = dims.get(dim_id)
        facts[dim_id] = {
            "value": fact.value, "type": dim.type if dim else None, "answer": answer_kind(fact.value),
            "display": _display(kb, dim, fact), "since": fact.since, "until": fact.until,
            "routes": fact.routes, "apis": fact.apis, "via": fact.via, "measured": fact.measured,
            "caveat": fact.caveat,
            "as_of": fact.as_of, "sources": _sources(fact.sources), "note": fact.note,
            "previously": [{"value": p.value, "since": p.since, "until": p.until, "routes": p.routes,
                            "apis": p.apis, "sources": _sources(p.sources), "note": p.note}
                           for p in fact.previously],
        }
    return {
        "id": fw.id, "name": fw.name, "summary": fw.summary, "homepage": fw.homepage,
        "status": kb.status_of(fw), "answers": answer_counts(fw), "facts": facts,
        "releases": [{"version": r.version, "date": r.date, "highlights": r.highlights, "drops": r.drops,
                      # gained: events of this release's series read from the build files and the index
                      "build_events": events.get(".".join(r.version.split(".")[:2]), []),
                      "sources": _sources(r.sources)} for r in fw.releases],
    }


def _csv_cell(value: Any) -> str:
    if isinstance(value, list):
        return "; ".join(item_text(v) for v in value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    return _plain(value) if value is not None else ""


def comparison_csv(kb: KnowledgeBase) -> str:
    frameworks = sorted(kb.frameworks.values(), key=lambda f: f.id)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["topic", "dimension", "label"] + [f.id for f in frameworks])
    for topic in kb.topics:
        for dim in topic.dimensions:
            row = [topic.id, dim.id, dim.label]
            for fw in frameworks:
                fact = fw.facts.get(dim.id)
                row.append(_csv_cell(fact.value) if fact else "")
            writer.writerow(row)
    return out.getvalue()


def api_files(kb: KnowledgeBase) -> dict[str, str]:
    """Every API file as {relative path: text}."""
    files: dict[str, str] = {}
    frameworks = sorted(kb.frameworks.values(), key=lambda f: f.id)
    files["frameworks.json"] = dumps([{"id": f.id, "name": f.name, "status": kb.status_of(f),
                                       "summary": f.summary, "answers": answer_counts(f)} for f in frameworks])
    for fw in frameworks:
        files[f"frameworks/{fw.id}.json"] = dumps(framework_record(kb, fw))
    files["dimensions.json"] = dumps({
        "support_levels": kb.support_levels,
        "types": kb.dimensions_file.types if kb.dimensions_file else {},
        "no_answer": kb.dimensions_file.no_answer if kb.dimensions_file else {},
        "topics": [t.model_dump() for t in kb.topics],
    })
    files["tools.json"] = dumps([t.model_dump() for t in sorted(kb.tools.values(), key=lambda t: t.id)])
    claims = []
    for c in sorted(kb.claims.values(), key=lambda c: c.id):
        record = c.model_dump()
        result = evaluate(kb, c.check) if c.check else None
        record["machine_check"] = {"verdict": result[0], "reason": result[1]} if result else None
        claims.append(record)
    files["claims.json"] = dumps(claims)
    files["comparison.csv"] = comparison_csv(kb)
    for kind, schema in json_schemas(kb.dimensions_file).items():
        files[f"schema/{kind}.schema.json"] = schema
    from .api_builds import build_files
    files.update(build_files(kb))
    from .api_index import index_files  # package-index data and snippet results
    files.update(index_files(kb))
    from .api_apis import api_files as dated_api_files
    files.update(dated_api_files(kb))
    return dict(sorted(files.items()))


def _value_schema(dim, support_levels: list[str]) -> dict:
    """The JSON Schema of one dimension's value, from its entry in dimensions.yaml."""
    no_answer = {"enum": list(NO_ANSWER)}
    short = {"type": "string", "minLength": 1, "maxLength": MAX_SHOWN_CHARS}
    names = {"type": "array", "items": short}
    by_type = {
        "text": short,
        "enum": {"enum": list(dim.values or {})},
        "bool": {"type": "boolean"},
        "date": {"type": "string", "format": "date"},
        "version": {"type": "string", "pattern": versions.SCHEMA_PATTERN},
        "version-range": {"type": "string", "pattern": VERSION_RANGE_PATTERN},
        "url": {"type": "string", "format": "uri", "pattern": "^https?://"},
        "list": names,
        "tools": {"type": "array", "items": {"type": "string", "pattern": ID_PATTERN}},
        "support": {"enum": support_levels},
        "mechanisms": {"type": "array", "items": MECHANISM_SCHEMA},
        "count": {"type": "integer", "minimum": 0},
    }
    return {"anyOf": [by_type[dim.type], no_answer]}


def json_schemas(dimensions=None) -> dict[str, str]:
    """The JSON Schema of each YAML file kind, generated from the models.

    With the dimensions file, the framework schema also knows each dimension:
    editors then complete dimension ids and check each value against its type.
    """
    result = {}
    for kind, model in KINDS.items():
        schema = model.model_json_schema()
        schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
        schema["title"] = f"Framework Atlas {kind} file"
        if kind == "framework":
            if dimensions is not None:
                levels = list(dimensions.support_levels)
                facts = schema["properties"]["facts"]
                facts["properties"] = {
                    d.id: {"allOf": [{"$ref": "#/$defs/Fact"},
                                     {"properties": {"value": _value_schema(d, levels)},
                                      "description": f"{d.label} ({d.type}): {d.help}"}]}
                    for t in dimensions.topics for d in t.dimensions}
        result[kind] = dumps(schema)
    return result


def _dimensions(root: Path):
    """The validated dimensions file of a project, or None when it does not load."""
    from .load import DIMENSIONS_FILE
    from .validate import validate
    from .yamlfile import read_yaml
    path = root / "data" / DIMENSIONS_FILE
    if not path.is_file():
        return None
    doc, problems = read_yaml(path, str(path))
    if problems:
        return None
    obj, _ = validate(doc, KINDS["dimensions"])
    return obj


def write_api(kb: KnowledgeBase, site_dir: Path) -> list[Path]:
    written = []
    for rel, text in api_files(kb).items():
        path = site_dir / API_DIR / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


def write_schemas(root: Path) -> list[Path]:
    """Write (or refresh) the committed schema files; returns the ones that changed."""
    changed = []
    folder = root / editor.SCHEMA_DIR
    folder.mkdir(parents=True, exist_ok=True)
    for kind, text in json_schemas(_dimensions(root)).items():
        path = folder / f"{kind}.schema.json"
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            changed.append(path)
    return changed


def stale_schemas(root: Path) -> list[str]:
    """Schema files that differ from what the models generate now."""
    return [f"{editor.SCHEMA_DIR}/{kind}.schema.json" for kind, text in json_schemas(_dimensions(root)).items()
            if not (root / editor.SCHEMA_DIR / f"{kind}.schema.json").is_file()
            or (root / editor.SCHEMA_DIR / f"{kind}.schema.json").read_text(encoding="utf-8") != text]
