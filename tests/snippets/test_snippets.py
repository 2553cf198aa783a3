"""The snippet tier: the recorded runs of every snippet, checked against the files and pins.

Skipped unless FWATLAS_SNIPPETS=1 (`make snippets` sets it after running
`python -m fwatlas.snippets.run`, which runs every snippet in the pinned heavy env, compares
the outcomes with data/snippets/results.yaml and writes this run to the file named by
FWATLAS_SNIPPET_RUN, outside what git tracks). These tests read what the runs printed (this
run when FWATLAS_SNIPPET_RUN is set, else the recorded one) and assert the real outputs:
shapes, the loss going down, reloaded and exported models matching.
"""
from __future__ import annotations

import os

import pytest

from support import REPO
from fwatlas.snippets import env as snippet_env
from fwatlas.snippets.data import load_pins, load_results, load_run_file, load_tasks, sha256

pytestmark = pytest.mark.skipif(os.environ.get("FWATLAS_SNIPPETS") != "1",
                                reason="snippet tier: run `make snippets` (sets FWATLAS_SNIPPETS=1)")

TASKS = load_tasks(REPO)
UNITS = [(t, e, u) for t in TASKS for e in t.entries for u in e.units()]
RUN_FILE = os.environ.get("FWATLAS_SNIPPET_RUN")
RESULTS = load_run_file(REPO / RUN_FILE) if RUN_FILE else load_results(REPO)
PINS = load_pins(REPO)


def test_heavy_env_has_the_pins():
    assert snippet_env.is_ready(), "run `python -m fwatlas.snippets.env` first"
    installed = snippet_env.installed_versions(snippet_env.env_python())
    assert {d: installed.get(d) for d in PINS} == PINS


@pytest.mark.parametrize("task,entry,unit", UNITS, ids=[u for _, _, u in UNITS])
def test_recorded_run(task, entry, unit):
    r = RESULTS.get(unit)
    assert r is not None, f"{unit} has no recorded run"
    assert entry.path is not None, entry.refused
    assert r["sha256"] == sha256(entry.path), f"{unit} changed after its run"
    assert r["versions"] and all(PINS.get(d) == v for d, v in r["versions"].items()), r["versions"]
    if entry.expect_error:
        assert r["status"] == "expected-error" and entry.expect_error in r["error"]
        return
    assert r["status"] == "passed", r.get("error")
    out = r["output"]
    check = OUTPUT_CHECKS.get(task.id)
    if check:
        check(out)


def _shape_ends_with_10(out):
    shape = out.get("output_shape") or out["shapes"][-1]
    assert shape[-1] == 10 and shape[0] in (4, None)


def _loss_down(out):
    assert out["loss_after"] < out["loss_before"]


def _loop_down(out):
    losses = out["epoch_losses"]
    assert len(losses) == 5 and losses[-1] < losses[0] / 2


def _compiled_matches(out):
    if "max_abs_diff" in out:
        assert out["max_abs_diff"] < 1e-4
    else:
        assert all(abs(a - b) < 1e-4 for a, b in zip(out["eager_losses"], out["compiled_losses"]))


OUTPUT_CHECKS = {
    "tensors-autodiff": lambda out: out["grad"] == [2.0, 4.0, 6.0] and out["matmul_shape"] == [2, 4] or
    pytest.fail(str(out)),
    "cnn": _shape_ends_with_10,
    "train-step": _loss_down,
    "train-loop": _loop_down,
    "custom-layer": lambda out: out["output_shape"] == [2, 3] or pytest.fail(str(out)),
    "save-load": lambda out: out["outputs_equal"] is True or pytest.fail(str(out)),
    "compile": _compiled_matches,
    "export": lambda out: out["outputs_match"] is True or pytest.fail(str(out)),
    "input-pipeline": lambda out: out["batch_sizes"] == [16, 16, 16, 2] or pytest.fail(str(out)),
    "custom-gradient": lambda out: out["grad"] == [1.0, 1.0, 1.0] or pytest.fail(str(out)),
}
