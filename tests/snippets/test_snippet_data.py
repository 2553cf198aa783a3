"""Cheap checks on the snippet data and the "Code side by side" page (no frameworks needed)."""
from __future__ import annotations

import re

import yaml

from support import REPO
from fwatlas.render.snippets import snippets_page
from fwatlas.snippets.data import load_equivalents, load_pins, load_results, load_tasks, snippets_dir

FRAMEWORKS = {p.stem for p in (REPO / "data" / "frameworks").glob("*.yaml")}
KERAS_BACKENDS = {"tensorflow", "jax", "torch"}


def test_at_least_eight_tasks_in_the_main_frameworks():
    tasks = [t for t in load_tasks(REPO) if not t.evidence]
    assert len(tasks) >= 8
    for t in tasks:
        by_fw = {e.framework: e for e in t.entries}
        assert {"pytorch", "keras", "jax"} <= set(by_fw), t.id
        assert set(by_fw) <= FRAMEWORKS, t.id
        for e in t.entries:
            assert bool(e.file) != bool(e.none), f"{t.id}/{e.framework}: a file or a `none` note, not both"
            if e.file:
                assert (snippets_dir(REPO) / e.file).is_file(), e.file
                assert e.asserts, f"{t.id}/{e.framework}: say what the run asserts"
        keras = by_fw["keras"]
        if keras.file:
            assert len(set(keras.backends) & KERAS_BACKENDS) >= 2, f"{t.id}: Keras on at least two backends"


def test_every_snippet_asserts_and_prints_a_json_line():
    for t in load_tasks(REPO):
        for e in t.entries:
            if e.file and not e.expect_error:
                code = (snippets_dir(REPO) / e.file).read_text(encoding="utf-8")
                assert re.search(r"^\s*assert ", code, re.M), e.file
                assert "print(json.dumps(" in code, e.file


def test_pins_are_exact():
    text = (snippets_dir(REPO) / "requirements.txt").read_text(encoding="utf-8")
    lines = [ln.split("#")[0].strip() for ln in text.splitlines() if ln.split("#")[0].strip()]
    assert lines and all("==" in ln for ln in lines), lines
    assert {"torch", "tensorflow-cpu", "jax", "keras"} <= set(load_pins(REPO))


def test_equivalents_link_to_tasks():
    ids = {t.id for t in load_tasks(REPO)}
    concepts = load_equivalents(REPO)
    assert concepts
    for c in concepts:
        assert c["task"] in ids, c
        assert set(c["apis"]) <= {"pytorch", "keras", "jax", "tensorflow", "mlx"}, c


def test_page_has_linked_tabs_for_every_task_and_the_tested_with_line():
    md = snippets_page(REPO)
    for t in load_tasks(REPO):
        assert f"{{#{t.id}}}" in md
    assert md.count('=== "PyTorch"') >= 8 and md.count('=== "JAX"') >= 8
    results = load_results(REPO)
    if results and all(r["status"] != "failed" for r in results.values()):
        assert "Tested with" in md and "Not passing" not in md


def test_page_escapes_yaml_text(tmp_path):
    root = tmp_path
    d = root / "data" / "snippets"
    (d / "t").mkdir(parents=True)
    (d / "t" / "snippet_pytorch.py").write_text("import json\nassert True\nprint(json.dumps({}))\n")
    (d / "t.yaml").write_text(yaml.safe_dump({
        "id": "t", "title": "<script>x</script>", "question": "[a](javascript:alert(1))",
        "snippets": [{"framework": "pytorch", "file": "t/snippet_pytorch.py", "asserts": ["*bold*"]},
                     {"framework": "jax", "none": "<b>no</b>"}]}))
    md = snippets_page(root)
    assert "<script>" not in md and "<b>" not in md and "](javascript:" not in md
    assert "not run" in md
