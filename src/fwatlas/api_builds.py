"""The build matrix in the API: per framework and release, which builds ship it.

api/v1/builds.json lists the frameworks; api/v1/builds/<id>.json holds one framework's
variants (as in data/builds) and its releases from the index, each naming the variants
that cover it. The record's JSON Schema is generated from the models below and published
as api/v1/schema/build-matrix.schema.json. api/v1 only gains fields.
"""
from __future__ import annotations

import json

from pydantic import BaseModel, ConfigDict

from .kb import KnowledgeBase
from .render.install import _releases
from .versions import in_span


class MatrixRelease(BaseModel):
    model_config = ConfigDict(extra="forbid")
    version: str
    uploaded: str  # ISO date of the first upload, or "unknown"
    python: list[str]
    free_threaded: list[str]
    platforms: list[str]
    builds: list[str]  # ids of the variants that cover this release


class BuildMatrix(BaseModel):
    """api/v1/builds/<framework>.json"""
    model_config = ConfigDict(extra="forbid")
    id: str
    none: str | None  # why there are no accelerator builds
    variants: list[dict]  # as in data/builds/<id>.yaml (schema: builds.schema.json, BuildVariant)
    numpy: list[dict]
    releases: list[MatrixRelease]


def _dumps(value) -> str:
    return json.dumps(value, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def matrix(kb: KnowledgeBase, fw_id: str) -> BuildMatrix:
    builds = kb.builds[fw_id]
    releases = _releases(kb, fw_id)
    out = []
    for r in releases:
        covering = [v.id for v in builds.variants if in_span(r["v"], v.series.since, v.series.until)]
        out.append(MatrixRelease(version=r["v"], uploaded=r["d"], python=r["py"], free_threaded=r["ft"],
                                 platforms=r["pl"], builds=covering))
    return BuildMatrix(id=fw_id, none=builds.none,
                       variants=[v.model_dump(mode="json", exclude_none=True) for v in builds.variants],
                       numpy=[n.model_dump(mode="json", exclude_none=True) for n in builds.numpy], releases=out)


def build_files(kb: KnowledgeBase) -> dict[str, str]:
    """{relative API path: text} for the build matrix and its schema."""
    files = {}
    listing = []
    for fw_id in sorted(kb.builds):
        record = matrix(kb, fw_id)
        files[f"builds/{fw_id}.json"] = _dumps(record.model_dump(mode="json"))
        listing.append({"id": fw_id, "variants": len(record.variants), "releases": len(record.releases),
                        "none": record.none})
    files["builds.json"] = _dumps(listing)
    schema = BuildMatrix.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "Framework Atlas build matrix (api/v1/builds/<framework>.json)"
    files["schema/build-matrix.schema.json"] = _dumps(schema)
    return files
