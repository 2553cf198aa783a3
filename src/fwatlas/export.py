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
from . import editor
from .model import KINDS

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


def framework_record(kb: KnowledgeBase, fw) -> dict:
    facts = {}
    for dim_id, fact in sorted(fw.facts.items()):
        facts[dim_id] = {
            "value": fact.value, "since": fact.since, "as_of": fact.as_of, "sources": _sources(fact.sources),
            "note": fact.note,
            "previously": [{"value": p.value, "since": p.since, "until": p.until, "sources": _sources(p.sources),
                            "note": p.note} for p in fact.previously],
        }
    return {
        "id": fw.id, "name": fw.name, "summary": fw.summary, "homepage": fw.homepage,
        "status": kb.status_of(fw), "facts": facts,
        "releases": [{"version": r.version, "date": r.date, "highlights": r.highlights,
                      "sources": _sources(r.sources)} for r in fw.releases],
    }


def _csv_cell(value: Any) -> str:
    if isinstance(value, list):
        return "; ".join(value)
    if isinstance(value, bool):
        return "true" if value else "false"
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
                                       "summary": f.summary} for f in frameworks])
    for fw in frameworks:
        files[f"frameworks/{fw.id}.json"] = dumps(framework_record(kb, fw))
    files["dimensions.json"] = dumps({
        "support_levels": kb.support_levels,
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
    for kind, schema in json_schemas().items():
        files[f"schema/{kind}.schema.json"] = schema
    return dict(sorted(files.items()))


def json_schemas() -> dict[str, str]:
    """The JSON Schema of each YAML file kind, generated from the models."""
    result = {}
    for kind, model in KINDS.items():
        schema = model.model_json_schema()
        schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
        schema["title"] = f"Framework Atlas {kind} file"
        result[kind] = dumps(schema)
    return result


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
    for kind, text in json_schemas().items():
        path = folder / f"{kind}.schema.json"
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            changed.append(path)
    return changed


def stale_schemas(root: Path) -> list[str]:
    """Schema files that differ from what the models generate now."""
    return [f"{editor.SCHEMA_DIR}/{kind}.schema.json" for kind, text in json_schemas().items()
            if not (root / editor.SCHEMA_DIR / f"{kind}.schema.json").is_file()
            or (root / editor.SCHEMA_DIR / f"{kind}.schema.json").read_text(encoding="utf-8") != text]
