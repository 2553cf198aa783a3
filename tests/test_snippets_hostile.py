"""Hostile snippet data (issue #25): text from data/snippets/ never becomes live markup, a task
cannot make check, the page or the runner read a file outside its own folder, broken snippet
YAML is a problem at its line (never a crashed rule), and the snippet tier compares its runs
with the recorded ones without rewriting a tracked file.

Real YAML files in a copy of the tiny fixture; real `mkdocs build`s; no heavy environment
(the runner is pointed at this interpreter or at a tiny fake virtualenv).
"""
from __future__ import annotations

import copy
import json
import os
import subprocess
import sys
import textwrap
from html import unescape
from pathlib import Path

import pytest
import yaml

from fwatlas.pipeline import check_project
from fwatlas.render.snippets import snippets_page
from fwatlas.snippets import run
from fwatlas.snippets.data import load_results, sha256
from support import REPO, TODAY, edit
from test_build import ENV, MKDOCS
from test_injection import scan_site

SNIPPETS = "data/snippets"
PWNED = "window.__pwned=1"
# what check accepts (free text): each must come out as text, never as markup
TEXT_PAYLOADS = [
    f"[click me](javascript:{PWNED})",
    f'<img src=x onerror="{PWNED}">',
    f'{{#evil .x onclick="{PWNED}"}}',
    f"<script>{PWNED}</script>",
    f'"><svg onload={PWNED}>',
]
LINK = f"[d](javascript:{PWNED})"


# --- helpers -------------------------------------------------------------------------------

def _dump(root: Path, rel: str, data: object) -> None:
    edit(root, rel, content=yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10**9))


def _results(root: Path) -> dict:
    return yaml.safe_load((root / SNIPPETS / "results.yaml").read_text(encoding="utf-8"))


def _run_entry(root: Path, file: str, **fields) -> dict:
    entry = {"file": f"{SNIPPETS}/{file}", "backend": None, "sha256": sha256(root / SNIPPETS / file),
             "status": "passed", "date": "2026-11-20", "duration_s": 0.1, "versions": {"alpha": "2.0.0"},
             "output": {"answer": 42}}
    entry.update(fields)
    return entry


def _errors(problems) -> list[str]:
    return [p.text() for p in problems if p.severity == "error"]


def _build(project: Path, out: Path, *, bypass_check: bool = False) -> subprocess.CompletedProcess:
    """A real `mkdocs build --strict`. With bypass_check, the data checks report nothing, so the
    page is rendered from data that check rejects (as if someone skipped `fwatlas check`)."""
    args = ["build", "--strict", "-f", str(project / "mkdocs.yml"), "-d", str(out)]
    if not bypass_check:
        return subprocess.run(MKDOCS + args, capture_output=True, text=True, env=ENV)
    code = textwrap.dedent(f"""
        import sys
        import fwatlas.pipeline as p
        real = p.check_project
        p.check_project = lambda root, today=None: (real(root, today)[0], [])
        from mkdocs.__main__ import cli
        sys.exit(cli.main(args={args!r}, standalone_mode=False))
    """)
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env={**ENV, "FWATLAS_NO_CACHE": "1"})


def _live_javascript(site: Path) -> list[str]:
    """Every href/src of the built site that is a javascript: URL (scan_site only flags the
    corpus' own __pwned payloads in event handlers; this one flags any javascript: URL)."""
    from html.parser import HTMLParser

    found: list[str] = []

    class Links(HTMLParser):
        def handle_starttag(self, tag, attrs):
            for name, value in attrs:
                if name in ("href", "src", "action", "formaction") and \
                        (value or "").strip().lower().replace("\x00", "").startswith("javascript:"):
                    found.append(f"<{tag} {name}={value}>")

    for page in site.rglob("*.html"):
        Links().feed(page.read_text(encoding="utf-8"))
    return found


def _hostile_text_project(root: Path, payload: str) -> None:
    """The tiny project with the payload in every free-text field of its snippet data, including
    an evidence task whose runs print it (output) and raise it (error)."""
    short = payload  # titles and notes are free text: no length rule applies
    _dump(root, f"{SNIPPETS}/hello.yaml", {
        "id": "hello", "title": f"Hello {short}", "question": f"Does it run? {payload}", "order": 1,
        "snippets": [
            {"framework": "alpha", "file": "hello/snippet_alpha.py", "asserts": [f"six times seven {payload}"],
             "note": f"A note {payload}"},
            {"framework": "beta", "none": f"Beta has none {payload}"},
        ]})
    edit(root, f"{SNIPPETS}/proof/raises.py", content="raise RuntimeError('boom')\n")
    edit(root, f"{SNIPPETS}/proof/prints.py", content="import json\nprint(json.dumps({}))\n")
    _dump(root, f"{SNIPPETS}/proof.yaml", {
        "id": "proof", "title": f"Proof {short}", "question": f"Evidence {payload}", "order": 100, "evidence": True,
        "snippets": [
            {"framework": "alpha", "file": "proof/raises.py", "expect": {"error": f"RuntimeError: {payload}"},
             "asserts": [f"it raises {payload}"]},
            {"framework": "beta", "file": "proof/prints.py", "asserts": [f"it prints {payload}"]},
        ]})
    _dump(root, f"{SNIPPETS}/equivalents.yaml", {"concepts": [
        {"concept": f"Say hello {payload}", "task": "hello", "apis": {"alpha": f"print() {payload}"}}]})
    runs = _results(root)["runs"]
    runs["proof/raises.py"] = _run_entry(root, "proof/raises.py", status="expected-error", output=None,
                                         error=f"RuntimeError: {payload}")
    runs["proof/prints.py"] = _run_entry(root, "proof/prints.py", output={
        "text": payload, "items": [payload, {"nested": payload}], payload: 1})
    _dump(root, f"{SNIPPETS}/results.yaml", {"runs": runs})


def _hostile_run_project(root: Path) -> None:
    """The tiny project with markup where check must refuse it: a run's date, duration, status,
    versions and backend, a task's framework id (the tab label), its id, and an API-table key."""
    edit(root, f"{SNIPPETS}/hello.yaml", replace=["framework: beta", f"framework: '[x](javascript:{PWNED})'"])
    edit(root, f"{SNIPPETS}/evil.yaml", content=textwrap.dedent(f"""\
        id: 'x}} [a](javascript:{PWNED}) {{'
        title: Evil
        question: Evil?
        snippets:
          - framework: alpha
            none: none
        """))
    edit(root, f"{SNIPPETS}/equivalents.yaml", replace=["      alpha: print()",
                                                        f"      alpha: print()\n      '<img src=x onerror={PWNED}>': x"])
    text = (root / SNIPPETS / "results.yaml").read_text(encoding="utf-8")
    for old, new in [("date: '2026-11-20'", f"date: '{LINK}'"),
                     ("duration_s: 0.1", f"duration_s: '{LINK}'"),
                     ("alpha: 2.0.0", f"alpha: '{LINK}'"),
                     ("backend: null", f"backend: '{LINK}'")]:
        assert old in text
        text = text.replace(old, new, 1)
    # an evidence run (its own section of the page) with a status and a date that are markup
    edit(root, f"{SNIPPETS}/proof/raises.py", content="raise RuntimeError('boom')\n")
    edit(root, f"{SNIPPETS}/proof.yaml", content=textwrap.dedent("""\
        id: proof
        title: Proof
        question: Does it raise?
        order: 100
        evidence: true
        snippets:
          - framework: alpha
            file: proof/raises.py
        """))
    text += textwrap.indent(textwrap.dedent(f"""\
        proof/raises.py:
            file: data/snippets/proof/raises.py
            backend: null
            sha256: {sha256(root / SNIPPETS / "proof/raises.py")}
            status: '<img src=x onerror={PWNED}>'
            date: '{LINK}'
            duration_s: 0.1
            versions:
              alpha: 2.0.0
        """), "  ")
    edit(root, f"{SNIPPETS}/results.yaml", content=text)


# --- 1. Markdown in snippet data never becomes a live link or tag --------------------------

@pytest.mark.parametrize("payload", TEXT_PAYLOADS, ids=range(len(TEXT_PAYLOADS)))
def test_hostile_text_in_snippet_data_is_inert_in_a_real_build(tiny, tmp_path, payload):
    _hostile_text_project(tiny, payload)
    _, problems = check_project(tiny, TODAY)
    assert _errors(problems) == []
    result = _build(tiny, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    site = tmp_path / "site"
    html = (site / "snippets/index.html").read_text(encoding="utf-8")
    assert "Proof" in html and "Say hello" in html and "it raises" in html  # the payloads' pages were built
    assert scan_site(site) == []
    assert _live_javascript(site) == []
    assert "<script>window.__pwned" not in html and "<img src=x" not in html and "<svg onload" not in html


def test_markup_in_run_fields_and_framework_ids_is_rejected_by_check(tiny):
    _hostile_run_project(tiny)
    _, problems = check_project(tiny, TODAY)
    texts = [p.text() for p in problems]
    assert "internal.rule-crashed" not in " ".join(texts)
    mine = {(p.file, p.line, p.rule) for p in problems}
    results = f"{SNIPPETS}/results.yaml"
    expected = {
        (results, 5, "snippet.data"),  # backend
        (results, 8, "snippet.data"),  # date
        (results, 9, "snippet.data"),  # duration
        (results, 11, "snippet.data"),  # version
        (f"{SNIPPETS}/hello.yaml", 10, "snippet.framework"),  # the tab label
        (f"{SNIPPETS}/evil.yaml", 1, "snippet.data"),  # the task id (an anchor)
        (f"{SNIPPETS}/equivalents.yaml", 6, "snippet.framework"),  # an API-table column
        (results, 18, "snippet.data"),  # status of the evidence run
        (results, 19, "snippet.data"),  # its date
    }
    assert expected <= mine, texts
    date = next(p for p in problems if p.file == results and p.line == 8)
    assert "ISO date" in date.message and date.col == 11
    framework = next(p for p in problems if p.rule == "snippet.framework" and p.line == 10)
    assert "unknown framework" in framework.message and framework.hint
    assert any("not a PEP 440 version" in p.message for p in problems if p.line == 11)
    # `fwatlas check` exits with an error naming file:line, and the build refuses the data
    cli = subprocess.run([str(Path(sys.executable).parent / "fwatlas"), "check", "--root", str(tiny)],
                         capture_output=True, text=True, env={**ENV, "FWATLAS_NO_CACHE": "1"})
    assert cli.returncode == 1
    assert f"{results}:8:11: snippet.data: schema.value: runs.hello/snippet_alpha.py.date: expected an ISO date" \
        in cli.stdout + cli.stderr
    refused = _build(tiny, tiny.parent / "refused-site")
    assert refused.returncode != 0
    assert f"{results}:8:11: snippet.data" in refused.stderr
    assert f"{SNIPPETS}/hello.yaml:10:16: snippet.framework" in refused.stderr


def test_rejected_snippet_data_stays_inert_when_rendered_anyway(tiny, tmp_path):
    """Defence in depth: even with the checks skipped, the page escapes what check refuses."""
    _hostile_run_project(tiny)
    result = _build(tiny, tmp_path / "site", bypass_check=True)
    assert result.returncode == 0, result.stderr
    site = tmp_path / "site"
    html = (site / "snippets/index.html").read_text(encoding="utf-8")
    assert _live_javascript(site) == []
    assert scan_site(site) == []
    assert "<img src=x" not in html
    text = unescape(html)  # the payloads are on the page, as text
    assert f"passed on {LINK}" in text and f"Last run: <img src=x onerror={PWNED}> on {LINK}" in text
    assert f"<label for=\"__tabbed_1_2\">[x](javascript:{PWNED})</label>" in text


def test_task_ids_become_anchors_only_when_they_are_ids(tmp_path):
    root = tmp_path
    edit(root, f"{SNIPPETS}/evil.yaml", content=f"id: 'x}} [a](javascript:{PWNED}) {{#y'\ntitle: T\nquestion: Q\n"
                                                 "snippets:\n  - framework: alpha\n    none: n\n")
    md = snippets_page(root)
    assert "](javascript:" not in md and "{#x}" not in md
    assert "{#task-x-a-javascript-window-pwned-1-y}" in md


# --- 2. a task names only .py files in its own folder ---------------------------------------

def _secret(path: Path, marker: Path) -> str:
    """A file that must never be hashed into a passing check, shown or run (running it leaves a marker)."""
    text = f"# SECRET-CONTENT\nopen({str(marker)!r}, 'w').write('ran')\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return text


def _point_hello_at(tiny: Path, tmp_path: Path, case: str) -> tuple[str, Path]:
    """Make the task `hello` name a file outside its folder (or not a .py); return (file, target)."""
    if case == "dotdot":
        target = tiny.parent / "secret.txt"  # data/snippets/../../../secret.txt
        return "../../../secret.txt", target
    if case == "absolute":
        target = tmp_path / "elsewhere" / "secret.py"
        return str(target), target
    if case == "symlink":
        target = tmp_path / "elsewhere" / "secret.py"
        link = tiny / SNIPPETS / "hello" / "link.py"
        link.symlink_to(os.path.relpath(target, link.parent))
        return "hello/link.py", target
    if case == "folder-symlink":  # the task's folder itself leads elsewhere
        target = tmp_path / "elsewhere" / "snippet_alpha.py"
        target.parent.mkdir(parents=True)
        folder = tiny / SNIPPETS / "hello"
        (folder / "snippet_alpha.py").unlink()
        folder.rmdir()
        folder.symlink_to(target.parent)
        return "hello/snippet_alpha.py", target
    if case == "not-py":
        target = tiny / SNIPPETS / "hello" / "notes.txt"
        return "hello/notes.txt", target
    raise AssertionError(case)


@pytest.mark.parametrize("case", ["dotdot", "absolute", "symlink", "folder-symlink", "not-py"])
def test_snippet_file_outside_its_task_folder_is_refused(tiny, tmp_path, monkeypatch, case):
    marker = tmp_path / "ran-the-secret"
    file, target = _point_hello_at(tiny, tmp_path, case)
    _secret(target, marker)
    edit(tiny, f"{SNIPPETS}/hello.yaml", replace=["file: hello/snippet_alpha.py", f"file: {json.dumps(file)}"])
    # a recorded run with the secret's hash: before the fix, check passed and the page published it
    runs = _results(tiny)["runs"]
    runs[file] = {**runs.pop("hello/snippet_alpha.py"), "file": f"{SNIPPETS}/{file}", "sha256": sha256(target)}
    _dump(tiny, f"{SNIPPETS}/results.yaml", {"runs": runs})

    _, problems = check_project(tiny, TODAY)
    [p] = [p for p in problems if p.rule == "snippet.path"]
    assert p.text().startswith(f"{SNIPPETS}/hello.yaml:7:11: snippet.path: "), p.text()
    assert "data/snippets/hello/" in p.message + p.hint and p.hint
    assert "internal.rule-crashed" not in {q.rule for q in problems}

    assert "SECRET-CONTENT" not in snippets_page(tiny)

    # the runner never runs (nor reads) it: pointed at this interpreter instead of the heavy env
    monkeypatch.setattr(run.snippet_env, "ensure", lambda *a, **kw: Path(sys.executable))
    before = (tiny / SNIPPETS / "results.yaml").read_bytes()
    assert run.main(["--root", str(tiny), "--record"]) == 1
    assert not marker.exists()
    assert (tiny / SNIPPETS / "results.yaml").read_bytes() == before
    refused = run.run_unit(Path(sys.executable), tiny, file, {}, None)
    assert refused["status"] == "failed" and not marker.exists()


def test_snippet_file_larger_than_the_bound_is_refused_and_not_shown(tiny):
    big = "# SECRET-CONTENT\n" + "x = 1\n" * 40_000
    edit(tiny, f"{SNIPPETS}/hello/snippet_alpha.py", content=big)
    _, problems = check_project(tiny, TODAY)
    assert [p.text()[:40] for p in problems if p.rule == "snippet.path"] == \
        [f"{SNIPPETS}/hello.yaml:7:11: snippet.path: "[:40]]
    md = snippets_page(tiny)
    assert "SECRET-CONTENT" not in md and "not shown" in md


def test_snippet_file_that_is_not_utf8_is_reported(tiny):
    edit(tiny, f"{SNIPPETS}/hello/snippet_alpha.py", raw=b"x = '\xff'\n")
    _, problems = check_project(tiny, TODAY)
    assert [p.text() for p in problems if p.rule == "snippet.path"] == [
        f"{SNIPPETS}/hello.yaml:7:11: snippet.path: hello/snippet_alpha.py is not UTF-8 text (save the file as UTF-8)"]
    assert "not shown" in snippets_page(tiny)


def test_snippet_yaml_symlinked_from_outside_is_not_read(tiny, tmp_path):
    outside = tmp_path / "outside.yaml"
    outside.write_text("id: evil\ntitle: SECRET-CONTENT\nquestion: q\nsnippets:\n  - framework: alpha\n    none: n\n")
    (tiny / SNIPPETS / "evil.yaml").symlink_to(outside)
    _, problems = check_project(tiny, TODAY)
    assert [p.text() for p in problems if p.file.endswith("evil.yaml")] == [
        f"{SNIPPETS}/evil.yaml:0:0: snippet.data: yaml.read: the file leads outside data/snippets/ "
        "(replace the symlink with the file itself)"]
    assert "SECRET-CONTENT" not in snippets_page(tiny)


@pytest.mark.parametrize("line", ["-r ../../../secret.txt", "--index-url http://evil.example/simple",
                                  "-e ../elsewhere", "https://evil.example/alpha-2.0.0.whl", "alpha==2.0.0 --pre"])
def test_requirements_hold_only_pins(tiny, tmp_path, monkeypatch, line):
    """pip reads options, other files and URLs from a requirements file: the snippet env installs pins only."""
    edit(tiny, f"{SNIPPETS}/requirements.txt", replace=["alpha==2.0.0", f"alpha==2.0.0\n{line}"])
    _, problems = check_project(tiny, TODAY)
    [p] = [p for p in problems if p.rule == "snippet.data"]
    assert p.text().startswith(f"{SNIPPETS}/requirements.txt:3:1: snippet.data: ") and "not a pin" in p.message
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    from fwatlas.snippets import env as snippet_env
    with pytest.raises(SystemExit, match="not a pin"):
        snippet_env.ensure(tiny / SNIPPETS / "requirements.txt", log=lambda m: None)
    assert not (tmp_path / "cache").exists()  # nothing was created, nothing installed


# --- 3. broken snippet YAML is a problem at its line, never a crashed rule -------------------

BROKEN = {
    "entry-is-text": (f"{SNIPPETS}/hello.yaml", ["  - framework: beta\n    none: Beta has no snippets.",
                                                 "  - just a string"], 10),
    "snippets-not-a-list": (f"{SNIPPETS}/hello.yaml", ["snippets:\n  - framework: alpha",
                                                       "snippets: {framework: alpha}\nunused:\n  - framework: alpha"], 5),
    "entry-without-framework": (f"{SNIPPETS}/hello.yaml", ["  - framework: beta\n", "  - frame: beta\n"], 10),
    "task-syntax": (f"{SNIPPETS}/hello.yaml", ["title: Hello", "title: Hello: again"], 2),
    "results-syntax": (f"{SNIPPETS}/results.yaml", ["status: passed", 'status: "passed'], 7),
    "results-tab": (f"{SNIPPETS}/results.yaml", ["    status: passed", "\tstatus: passed"], 7),
    "run-is-text": (f"{SNIPPETS}/results.yaml", ["  hello/snippet_alpha.py:\n", "  hello/snippet_alpha.py: oops\n  other:\n"], 3),
    "versions-a-list": (f"{SNIPPETS}/results.yaml", ["versions:\n      alpha: 2.0.0", "versions: [alpha, 2.0.0]"], 10),
    "output-a-date": (f"{SNIPPETS}/results.yaml", ["answer: 42", "answer: 2026-01-01"], 13),
    "equivalents-not-a-list": (f"{SNIPPETS}/equivalents.yaml", ["concepts:\n", "concepts: oops\nx:\n"], 1),
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_broken_snippet_yaml_is_reported_at_its_line(tiny, case):
    rel, replace, line = BROKEN[case]
    edit(tiny, rel, replace=replace)
    _, problems = check_project(tiny, TODAY)
    assert [p.text() for p in problems if p.rule == "internal.rule-crashed"] == []
    mine = [p for p in problems if p.rule == "snippet.data" and p.file == rel]
    assert mine, [p.text() for p in problems]
    assert line in {p.line for p in mine}, [p.text() for p in mine]
    assert all(p.hint for p in mine)
    snippets_page(tiny)  # the page renders what it can read; it does not raise


def test_unknown_framework_ids_are_reported_with_a_suggestion(tiny):
    edit(tiny, f"{SNIPPETS}/hello.yaml", replace=["framework: alpha", "framework: alpah"])
    edit(tiny, f"{SNIPPETS}/equivalents.yaml", replace=["      alpha: print()", "      alfa: print()"])
    _, problems = check_project(tiny, TODAY)
    found = sorted(p.text() for p in problems if p.rule == "snippet.framework")
    assert found == [
        f"{SNIPPETS}/equivalents.yaml:5:7: snippet.framework: unknown framework 'alfa' (did you mean 'alpha'?)",
        f"{SNIPPETS}/hello.yaml:6:16: snippet.framework: unknown framework 'alpah' (did you mean 'alpha'?)",
    ]


# --- 4. the snippet tier compares with the recorded runs and never rewrites them -------------

def _noisy(recorded: dict) -> dict:
    """A rerun that differs only in what varies from run to run: date, duration, byte sizes, timings."""
    r = copy.deepcopy(recorded)
    r["date"], r["duration_s"] = "2031-01-01", r["duration_s"] + 7.3

    def shake(node):
        if isinstance(node, dict):
            return {k: (v + 4 if isinstance(v, int) and not isinstance(v, bool) and k.endswith("bytes")
                        else v * 3 + 1 if isinstance(v, (int, float)) and k.endswith("_s") else shake(v))
                    for k, v in node.items()}
        return node
    r["output"] = shake(r.get("output"))
    return r


def test_compare_ignores_sizes_timings_and_dates_but_not_outcomes():
    recorded = {"file": "data/snippets/export/a.py", "backend": None, "sha256": "a" * 64, "status": "passed",
                "date": "2026-12-01", "duration_s": 3.0, "versions": {"jax": "0.10.2"},
                "output": {"artifact_bytes": 2324, "file_bytes": 15263, "export_s": 1.5, "loss": [1.79503, 1.6864],
                           "outputs_match": True, "shape": [4, 10]}}
    assert run.differences(recorded, _noisy(recorded)) == []
    assert run.differences(recorded, {**recorded, "output": {**recorded["output"], "artifact_bytes": 2328}}) == []
    changed = {
        "status": {**recorded, "status": "failed"},
        "versions": {**recorded, "versions": {"jax": "0.10.3"}},
        "sha256": {**recorded, "sha256": "b" * 64},
        "bool": {**recorded, "output": {**recorded["output"], "outputs_match": False}},
        "shape": {**recorded, "output": {**recorded["output"], "shape": [4, 11]}},
        "loss": {**recorded, "output": {**recorded["output"], "loss": [1.9, 1.6864]}},
        "empty": {**recorded, "output": {**recorded["output"], "artifact_bytes": 0}},
        "size": {**recorded, "output": {**recorded["output"], "artifact_bytes": 5000}},
        "key": {**recorded, "output": {k: v for k, v in recorded["output"].items() if k != "shape"}},
    }
    for name, fresh in changed.items():
        assert run.differences(recorded, fresh), name
    assert run.differences(None, recorded) == ["no recorded run"]


def _git(cwd: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=True).stdout


def test_snippet_run_in_a_clean_clone_leaves_git_status_empty(tmp_path, monkeypatch):
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "--quiet", str(REPO), str(clone)], check=True)
    assert _git(clone, "status", "--porcelain") == ""
    recorded = load_results(clone)
    assert recorded
    calls = []

    def fake_run_unit(python, root, unit, pins, expect_error):
        calls.append(unit)
        return _noisy(recorded[unit])

    monkeypatch.setattr(run, "run_unit", fake_run_unit)
    monkeypatch.setattr(run.snippet_env, "ensure", lambda *a, **kw: Path(sys.executable))  # no heavy env
    assert run.main(["--root", str(clone)]) == 0
    assert sorted(calls) == sorted(recorded)
    assert _git(clone, "status", "--porcelain") == ""
    assert (clone / run.LAST_RUN).is_file()  # this run is kept where git does not look


def _fake_env(tmp_path: Path) -> Path:
    """A tiny virtualenv (no pip) with a fake `alpha` 2.0.0 distribution: the tiny project's pin."""
    env = tmp_path / "fake-env"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(env)], check=True)
    [site] = list(env.glob("lib/python*/site-packages"))
    (site / "alpha.py").write_text("VERSION = '2.0.0'\n")
    info = site / "alpha-2.0.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: alpha\nVersion: 2.0.0\n")
    return env / "bin" / "python"


def test_real_runs_with_a_fake_env_record_once_then_compare_without_writing(tmp_path):
    project = tmp_path / "project"
    (project / "data").mkdir(parents=True)
    subprocess.run(["cp", "-r", str(REPO / "tests/fixtures/tiny/data/snippets"), str(project / "data")], check=True)
    (project / ".gitignore").write_text(".cache/\n")
    # a snippet whose export size and timing change from run to run (2324 vs 2328 bytes)
    edit(project, f"{SNIPPETS}/hello/snippet_alpha.py", content=textwrap.dedent("""\
        import json, os, time
        import alpha
        answer = 6 * 7
        assert answer == 42
        started = time.perf_counter()
        size = 2324 + 4 * (os.getpid() % 2)
        print(json.dumps({"answer": answer, "artifact_bytes": size, "export_s": time.perf_counter() - started}))
        """))
    python = _fake_env(tmp_path)
    cmd = [sys.executable, "-m", "fwatlas.snippets.run", "--root", str(project), "--python", str(python)]
    recorded = subprocess.run(cmd + ["--record"], capture_output=True, text=True)
    assert recorded.returncode == 0, recorded.stderr
    run_ = load_results(project)["hello/snippet_alpha.py"]
    assert run_["status"] == "passed" and run_["versions"] == {"alpha": "2.0.0"}
    _git(project, "init", "--quiet")
    _git(project, "add", ".")
    _git(project, "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "--quiet", "-m", "recorded")
    for _ in range(2):  # both parities of the size
        compared = subprocess.run(cmd, capture_output=True, text=True)
        assert compared.returncode == 0, compared.stderr
        assert _git(project, "status", "--porcelain") == ""
    # a real change of outcome fails the comparison, and still writes nothing tracked
    edit(project, f"{SNIPPETS}/results.yaml", replace=["answer: 42", "answer: 41"])
    _git(project, "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "--quiet", "-am", "wrong")
    compared = subprocess.run(cmd, capture_output=True, text=True)
    assert compared.returncode == 1
    assert "output.answer: recorded 41, now 42" in compared.stderr and "make snippets-record" in compared.stderr
    assert _git(project, "status", "--porcelain") == ""


def test_make_snippets_compares_and_only_snippets_record_records():
    make = (REPO / "Makefile").read_text(encoding="utf-8")
    target = make.split("\nsnippets:", 1)[1].split("\n\n", 1)[0]
    assert "fwatlas.snippets.run" in target and "--record" not in target
    record = make.split("\nsnippets-record:", 1)[1].split("\n\n", 1)[0]
    assert "--record" in record


# --- 5. what a run prints is read up to a bound ------------------------------------------------

def test_run_output_is_read_up_to_a_bound(tmp_path):
    root = tmp_path
    edit(root, f"{SNIPPETS}/loud/noisy.py", content=textwrap.dedent("""\
        import sys
        sys.stdout.write("x" * 3_000_000 + "\\n")
        sys.stderr.write(("e" * 5000 + "\\n") * 600)
        raise RuntimeError("E" * 100_000)
        """))
    edit(root, f"{SNIPPETS}/loud/long.py", content='import json\nprint(json.dumps({"a": "y" * 50_000}))\n')
    edit(root, f"{SNIPPETS}/loud/huge.py", content='import json\nprint(json.dumps({"a": "y" * 5_000_000}))\n')
    noisy = run.run_unit(Path(sys.executable), root, "loud/noisy.py", {}, None)
    assert noisy["status"] == "failed"
    assert len(noisy["error"]) <= run.MAX_ERROR_CHARS and noisy["error"].startswith("RuntimeError: EEE")
    assert len(noisy["_stderr_tail"]) <= 25 * (run.MAX_TAIL_LINE_CHARS + 1)
    long = run.run_unit(Path(sys.executable), root, "loud/long.py", {}, None)
    assert long["status"] == "failed" and long["output"] is None
    assert "more than 10000" in long["error"]
    huge = run.run_unit(Path(sys.executable), root, "loud/huge.py", {}, None)  # only the end of stdout is read
    assert huge["status"] == "failed" and huge["output"] is None and "no output line" in huge["error"]
