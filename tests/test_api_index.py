"""The package-index data and snippet results in the API (api_index.py): every file validates
against its published JSON Schema and its pydantic model, on the tiny project and the real data;
the Data page lists them; api/v1 only gains files."""
from __future__ import annotations

import json
import re

import pytest

from support import REPO, TINY, TODAY, edit
from fwatlas.api_index import INDEX_SCHEMA, SNIPPETS_SCHEMA, IndexMatrix, SnippetResults, index_files
from fwatlas.export import api_files
from fwatlas.load import load
from fwatlas.render import render_site


def validate(value, schema: dict, root: dict | None = None, where: str = "$") -> list[str]:
    """Problems of `value` against a JSON Schema (the subset pydantic writes: $ref, type, properties,
    required, additionalProperties, items, anyOf, enum, const, default, description, title).
    jsonschema is not a dependency of this project; this checks the published schema itself."""
    root = root or schema
    if "$ref" in schema:
        name = schema["$ref"].removeprefix("#/$defs/")
        return validate(value, root["$defs"][name], root, where)
    if "anyOf" in schema:
        tries = [validate(value, s, root, where) for s in schema["anyOf"]]
        return [] if any(not t for t in tries) else [f"{where}: matches none of anyOf"]
    if "enum" in schema and value not in schema["enum"]:
        return [f"{where}: {value!r} not in {schema['enum']}"]
    if "const" in schema and value != schema["const"]:
        return [f"{where}: {value!r} is not {schema['const']!r}"]
    kind = schema.get("type")
    types = {"object": dict, "array": list, "string": str, "boolean": bool, "null": type(None),
             "integer": int, "number": (int, float)}
    if kind is not None:
        if not isinstance(value, types[kind]) or (kind in ("integer", "number") and isinstance(value, bool)):
            return [f"{where}: {type(value).__name__} is not {kind}"]
    problems = []
    if kind == "object":
        props = schema.get("properties", {})
        problems += [f"{where}: missing {k}" for k in schema.get("required", []) if k not in value]
        extra = schema.get("additionalProperties", True)
        for k, v in value.items():
            if k in props:
                problems += validate(v, props[k], root, f"{where}.{k}")
            elif extra is False:
                problems.append(f"{where}: unexpected {k}")
            elif isinstance(extra, dict):
                problems += validate(v, extra, root, f"{where}.{k}")
    if kind == "array" and "items" in schema:
        for i, item in enumerate(value):
            problems += validate(item, schema["items"], root, f"{where}[{i}]")
    return problems


def check_files(files: dict[str, str]) -> tuple[int, int]:
    index_schema, snippet_schema = json.loads(files[INDEX_SCHEMA]), json.loads(files[SNIPPETS_SCHEMA])
    assert index_schema["$schema"] == snippet_schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert index_schema["additionalProperties"] is False  # a misspelt field would not pass
    n = 0
    for path, text in files.items():
        if re.fullmatch(r"index/[a-z0-9-]+\.json", path):
            record = json.loads(text)
            assert validate(record, index_schema) == [], path
            assert IndexMatrix.model_validate(record).model_dump(mode="json") == record
            n += 1
    snippets = json.loads(files["snippets.json"])
    assert validate(snippets, snippet_schema) == []
    assert SnippetResults.model_validate(snippets).model_dump(mode="json") == snippets
    return n, len(snippets["results"])


def test_the_validator_catches_what_it_should():
    schema = json.loads(index_files(load(TINY, TODAY)[0])[INDEX_SCHEMA])
    record = json.loads(index_files(load(TINY, TODAY)[0])["index/alpha.json"])
    assert validate(record, schema) == []
    assert validate({**record, "extra": 1}, schema) == ["$: unexpected extra"]
    broken = json.loads(json.dumps(record))
    broken["packages"][0]["releases"][0]["yanked"] = "no"
    del broken["packages"][0]["releases"][1]["python"]
    assert validate(broken, schema) == ["$.packages[0].releases[0].yanked: str is not boolean",
                                        "$.packages[0].releases[1]: missing python"]
    assert validate({**record, "kind": "plugin"}, schema) == ["$.kind: 'plugin' not in ['framework', 'tool']"]


def test_tiny_index_and_snippet_files():
    kb, _ = load(TINY, TODAY)
    files = index_files(kb)
    assert sorted(files) == sorted(["index.json", "index/alpha.json", "index/tool-beta-gpu-plugin.json",
                                    INDEX_SCHEMA, "snippets.json", SNIPPETS_SCHEMA])
    assert check_files(files) == (2, 1)
    alpha = json.loads(files["index/alpha.json"])
    assert (alpha["id"], alpha["kind"], alpha["name"], alpha["index"]) == (
        "alpha", "framework", "Alpha", "https://index.example.org/simple/")
    assert alpha["newest"] == {"package": "alpha", "version": "2.0.2", "uploaded": "2026-09-15"}
    releases = {r["version"]: r for r in alpha["packages"][0]["releases"]}
    assert releases["2.0.1"]["yanked"] is True and releases["2.0.2"]["yanked"] is False
    assert releases["2.0.2"]["free_threaded"] == ["3.14"]
    assert releases["2.0.2"]["platforms"] == ["linux-aarch64", "linux-x86_64", "macos-arm64", "windows-x86_64"]
    assert releases["1.0.0"]["uploaded"] == "unknown"
    assert releases["1.10.0"]["accelerator_extras"] == {"gpu": "cuda-9"}
    tool = json.loads(files["index/tool-beta-gpu-plugin.json"])
    assert (tool["id"], tool["kind"], tool["newest"]["version"]) == ("beta-gpu-plugin", "tool", "0.5.0")
    listing = json.loads(files["index.json"])
    assert [f["id"] for f in listing["frameworks"]] == ["alpha"]
    assert listing["tools"] == [{"id": "beta-gpu-plugin", "name": "Beta GPU plugin",
                                 "file": "index/tool-beta-gpu-plugin.json", "packages": ["beta-gpu-plugin"],
                                 "releases": 2, "newest": {"package": "beta-gpu-plugin", "version": "0.5.0",
                                                           "uploaded": "2026-08-20"}}]
    snippets = json.loads(files["snippets.json"])
    assert snippets == {"pins": {"alpha": "2.0.0"}, "results": [{
        "unit": "hello/snippet_alpha.py", "task": "hello", "task_title": "Hello", "evidence": False,
        "framework": "alpha", "backend": None, "file": "data/snippets/hello/snippet_alpha.py", "outcome": "passed",
        "day": "2026-11-20", "versions": {"alpha": "2.0.0"},
        "sha256": "9a1f6bbbb270b6285ca86dbbab75d6e019aa7a052340898927704fa058374fc3", "duration_s": 0.1,
        "error": None}]}


def test_credentials_in_an_index_url_never_reach_the_api(tiny):
    edit(tiny, "data/index/alpha.yaml", replace=["url: https://index.example.org/simple/alpha/",
                                                 "url: https://user:s3cret@index.example.org/simple/alpha/"])
    files = index_files(load(tiny, TODAY)[0])
    assert "s3cret" not in files["index/alpha.json"]
    assert json.loads(files["index/alpha.json"])["packages"][0]["url"] == "https://index.example.org/simple/alpha/"


def test_a_run_that_does_not_validate_is_left_out(tiny):
    edit(tiny, "data/snippets/results.yaml", replace=["status: passed", "status: maybe"])
    snippets = json.loads(index_files(load(tiny, TODAY)[0])["snippets.json"])
    assert snippets["results"] == []


def test_real_data_validates():
    kb, _ = load(REPO, TODAY)
    files = api_files(kb)
    indexed, runs = check_files(files)
    assert indexed == len(kb.index) + len(kb.tool_index) and indexed > 40
    assert runs > 20
    snippets = json.loads(files["snippets.json"])
    assert {r["outcome"] for r in snippets["results"]} <= {"passed", "failed", "expected-error"}
    assert all(r["framework"] for r in snippets["results"] if not r["evidence"])
    torch = json.loads(files["index/pytorch.json"])
    assert torch["packages"][0]["name"] == "torch" and torch["newest"]["package"] == "torch"


def test_api_v1_only_gains_files():
    kb, _ = load(TINY, TODAY)
    files = api_files(kb)
    for path in ("frameworks.json", "frameworks/alpha.json", "dimensions.json", "tools.json", "claims.json",
                 "comparison.csv", "builds.json", "schema/build-matrix.schema.json", "index.json",
                 "index/alpha.json", "snippets.json", INDEX_SCHEMA, SNIPPETS_SCHEMA):
        assert path in files, path
    # dimensions.json gained release_dependent (per topic; per dimension where it overrides)
    topics = json.loads(files["dimensions.json"])["topics"]
    assert all(t["release_dependent"] is False for t in topics)


@pytest.mark.parametrize("root", [TINY, REPO], ids=["tiny", "repo"])
def test_data_page_lists_the_files(root):
    kb, _ = load(root, TODAY)
    md = {p.path: p.markdown for p in render_site(kb)}["data.md"]
    links = set(re.findall(r'href="([^"]*)"', md))
    # relative to the page, as the older files are linked ("../api/v1/" or "./api/v1/")
    api = next(h for h in links if h.endswith("api/v1/frameworks.json")).removesuffix("frameworks.json")
    for name in ("index.json", "snippets.json", "schema/index-matrix.schema.json",
                 "schema/snippet-results.schema.json"):
        assert api + name in links, name
    for fw_id in kb.index:
        assert f"{api}index/{fw_id}.json" in links
