"""Package-index data and snippet results in the API.

api/v1/index.json lists every framework and tool with index data; api/v1/index/<framework>.json
and api/v1/index/tool-<tool>.json hold what `fwatlas sync` read for each (data/index/): per package,
every release with its first upload day, CPython versions, free-threaded builds, platforms, yanked
flag, requires-python and the default wheel's accelerator. api/v1/snippets.json holds the recorded
run of every code snippet (data/snippets/results.yaml): task, framework, the versions it ran with,
its outcome and day, with the pins. The records' JSON Schemas are generated from the models below
and published as api/v1/schema/index-matrix.schema.json and snippet-results.schema.json.
api/v1 only gains fields.
"""
from __future__ import annotations

import json
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from .index.credentials import public_url
from .kb import KnowledgeBase
from .model import IndexFile

INDEX_SCHEMA = "schema/index-matrix.schema.json"
SNIPPETS_SCHEMA = "schema/snippet-results.schema.json"


class _Record(BaseModel):
    model_config = ConfigDict(extra="forbid")


class IndexMatrixRelease(_Record):
    version: str
    uploaded: str = Field(description='ISO day of the first upload to the index (UTC), or "unknown"')
    python: list[str] = Field(description="CPython minors with wheels (3.12)")
    free_threaded: list[str] = Field(description="CPython minors with free-threaded wheels (cp314t: 3.14)")
    platforms: list[str] = Field(description='linux-x86_64, macos-arm64, ...; "any": a pure-Python wheel; '
                                             '"any-compiled": a cpXY-none-any wheel holding compiled code')
    yanked: bool
    requires_python: str | None
    accelerator: str | None = Field(description="the CUDA (or other) major the default Linux x86-64 wheel pulls in "
                                                "or bundles: cuda-12; none; unknown; null when not read")
    accelerator_extras: dict[str, str] = Field(description="what an extra adds: {and-cuda: cuda-12}")


class IndexMatrixPackage(_Record):
    name: str
    url: str = Field(description="the package's page on the index, every value's source")
    role: Literal["variant"] | None = Field(description="null: the framework's or tool's own package; variant: a "
                                                        "build, plugin or backend under its own name")
    releases: list[IndexMatrixRelease] = Field(description="newest version first, as the index lists them")


class IndexNewest(_Record):
    package: str
    version: str
    uploaded: str


class IndexMatrix(_Record):
    """api/v1/index/<framework>.json and api/v1/index/tool-<tool>.json"""
    id: str = Field(description="the framework's or tool's id")
    kind: Literal["framework", "tool"]
    name: str
    index: str = Field(description="the package index that was read")
    newest: IndexNewest | None = Field(description="the last non-yanked release uploaded, over the own packages "
                                                   "(not variants) of a framework, over all of a tool's packages")
    packages: list[IndexMatrixPackage]


class SnippetResult(_Record):
    unit: str = Field(description="<task>/<file>.py, with @<keras backend> when run on one")
    task: str
    task_title: str | None
    evidence: bool = Field(description="a run that grades a claim, not a side-by-side snippet")
    framework: str | None = Field(description="the framework id the task names for this file")
    backend: str | None = Field(description="the Keras backend it ran on, if any")
    file: str = Field(description="the snippet file, relative to the repository")
    outcome: Literal["passed", "failed", "expected-error"]
    day: str = Field(description="ISO day of the recorded run")
    versions: dict[str, str] = Field(description="distribution -> the version the run imported")
    sha256: str = Field(description="of the file that ran")
    duration_s: float
    error: str | None = Field(description="the last line of the error, for failed and expected-error runs")


class SnippetResults(_Record):
    """api/v1/snippets.json"""
    pins: dict[str, str] = Field(description="data/snippets/requirements.txt: distribution -> pinned version")
    results: list[SnippetResult] = Field(description="every recorded run, by unit")


def _dumps(value) -> str:
    return json.dumps(value, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def _schema(model: type[BaseModel], title: str) -> str:
    schema = model.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = title
    return _dumps(schema)


def index_matrix(kind: str, entity, index: IndexFile) -> IndexMatrix:
    """One framework's or tool's index data (`kind`: framework or tool)."""
    from .index.compare import main_packages, newest_by_upload

    found = newest_by_upload(index, main_packages(index) if kind == "framework" else None)
    newest = IndexNewest(package=found[0].name, version=found[1].version, uploaded=str(found[1].uploaded)) \
        if found else None
    packages = [IndexMatrixPackage(name=p.name, url=public_url(str(p.url)), role=p.role, releases=[
        IndexMatrixRelease(version=r.version, uploaded=str(r.uploaded), python=r.python, free_threaded=r.free_threaded,
                           platforms=r.platforms, yanked=r.yanked, requires_python=r.requires_python,
                           accelerator=r.accelerator, accelerator_extras=r.accelerator_extras)
        for r in p.releases]) for p in index.packages]
    return IndexMatrix(id=entity.id, kind=kind, name=entity.name, index=public_url(str(index.index)), newest=newest,
                       packages=packages)


def snippet_results(kb: KnowledgeBase) -> SnippetResults:
    """The recorded runs as the API gives them; a run that does not validate (rule snippet.data
    reports it) is left out."""
    from .snippets.data import SnippetRun, load_pins, load_results, load_tasks, split_unit

    tasks = load_tasks(kb.root)
    by_unit = {u: (t, e) for t in tasks for e in t.entries for u in e.units()}
    titles = {t.id: t for t in tasks}
    out = []
    for unit, raw in sorted(load_results(kb.root).items()):
        try:
            run = SnippetRun.model_validate(raw)
        except ValueError:
            continue
        file, backend = split_unit(unit)
        task_id = file.partition("/")[0]
        task, entry = by_unit.get(unit, (titles.get(task_id), None))
        out.append(SnippetResult(
            unit=unit, task=task_id, task_title=task.title if task else None, evidence=bool(task and task.evidence),
            framework=entry.framework if entry else None, backend=run.backend or backend, file=run.file,
            outcome=run.status, day=run.date.isoformat(), versions=dict(sorted(run.versions.items())),
            sha256=run.sha256, duration_s=run.duration_s, error=run.error))
    return SnippetResults(pins=dict(sorted(load_pins(kb.root).items())), results=out)


def index_files(kb: KnowledgeBase) -> dict[str, str]:
    """{relative API path: text} for the index data, the snippet results and their schemas."""
    files = {}
    listing: dict[str, list] = {"frameworks": [], "tools": []}
    for kind, entities, indexes, prefix in (("framework", kb.frameworks, kb.index, ""),
                                             ("tool", kb.tools, kb.tool_index, "tool-")):
        for entity_id in sorted(indexes):
            entity = entities.get(entity_id)
            if entity is None:
                continue
            record = index_matrix(kind, entity, indexes[entity_id])
            path = f"index/{prefix}{entity_id}.json"
            files[path] = _dumps(record.model_dump(mode="json"))
            listing[f"{kind}s"].append({
                "id": entity_id, "name": entity.name, "file": path, "packages": [p.name for p in record.packages],
                "releases": sum(len(p.releases) for p in record.packages),
                "newest": record.newest.model_dump(mode="json") if record.newest else None})
    files["index.json"] = _dumps(listing)
    files[INDEX_SCHEMA] = _schema(IndexMatrix, "Framework Atlas package-index data "
                                               "(api/v1/index/<framework>.json, api/v1/index/tool-<tool>.json)")
    if (kb.root / "data" / "snippets").is_dir():
        files["snippets.json"] = _dumps(snippet_results(kb).model_dump(mode="json"))
    files[SNIPPETS_SCHEMA] = _schema(SnippetResults, "Framework Atlas snippet results (api/v1/snippets.json)")
    return files
