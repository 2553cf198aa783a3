"""`fwatlas sync` against a local 127.0.0.1 index serving recorded, trimmed PEP 691/700 pages."""
from __future__ import annotations

import io
import re
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from support import edit
from fwatlas.index import config, sync

FIXTURES = Path(__file__).parents[1] / "fixtures" / "index"
JSON = "application/vnd.pypi.simple.v1+json"


class IndexHandler(BaseHTTPRequestHandler):
    """/simple/<name>/: a recorded page; /moved/<name>/: 301 to it; /html/<name>/: an HTML-only
    index; /files/<file>.metadata: recorded core metadata."""

    def do_GET(self):  # noqa: N802 (http.server's name)
        path = self.path.split("?", 1)[0]
        self.server.seen.append(path)  # type: ignore[attr-defined]
        if m := re.fullmatch(r"/simple/([a-z0-9-]+)/", path):
            return self._file(FIXTURES / f"{m[1]}.json", JSON)
        if m := re.fullmatch(r"/moved/([a-z0-9-]+)/", path):
            self.send_response(301)
            self.send_header("Location", f"/simple/{m[1]}/")
            self.end_headers()
            return None
        if re.fullmatch(r"/html/([a-z0-9-]+)/", path):
            return self._send(200, b"<!DOCTYPE html><html><body></body></html>", "text/html")
        if m := re.fullmatch(r"/files/([^/]+\.metadata)", path):
            return self._file(FIXTURES / "files" / m[1], "application/octet-stream")
        return self._send(404, b"not found", "text/plain")

    def _file(self, path: Path, kind: str):
        if not path.is_file():
            return self._send(404, b"not found", "text/plain")
        return self._send(200, path.read_bytes(), kind)

    def _send(self, status: int, body: bytes, kind: str):
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def index():
    server = ThreadingHTTPServer(("127.0.0.1", 0), IndexHandler)
    server.seen = []  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def url(server, prefix="simple") -> str:
    return f"http://127.0.0.1:{server.server_address[1]}/{prefix}/"


@pytest.fixture
def project(tiny):
    """The tiny project; alpha names torch and tensorflow as its packages, lists a 2.9
    release four days before its first upload, and keeps its Python range of 3.10-3.14."""
    edit(tiny, "data/frameworks/alpha.yaml", replace=["homepage: https://alpha.example.org/\n",
                                                      "homepage: https://alpha.example.org/\n"
                                                      "packages: [torch, tensorflow]\n"])
    edit(tiny, "data/frameworks/alpha.yaml", replace=[
        "releases:\n", "releases:\n  - version: \"0.1\"\n    date: 2015-01-01\n    sources:\n"
        "      - url: https://alpha.example.org/0.1\n        title: Release 0.1\n"])
    text = (tiny / "data/frameworks/alpha.yaml").read_text()
    (tiny / "data/frameworks/alpha.yaml").write_text(
        text + "  - version: \"2.9\"\n    date: 2025-10-11\n    sources:\n"
               "      - url: https://alpha.example.org/2.9\n        title: Release 2.9\n")
    (tiny / "data/index/alpha.yaml").unlink()
    return tiny


NEWEST = 'version: "2.9"'  # the newest hand-written release of the project below


def line_of(root: Path, text: str) -> int:
    lines = (root / "data/frameworks/alpha.yaml").read_text().splitlines()
    return next(i for i, line in enumerate(lines, 1) if text in line)


def run(root: Path, *args: str, index_url: str | None = None) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = sync.run(root, [a for a in args if not a.startswith("--")] or None, "--dry-run" in args, index_url,
                    out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted((root / "data").rglob("*")) if p.is_file()}


def test_sync_writes_the_machine_file_and_reports_disagreements(project, index):
    code, out, err = run(project, "alpha", index_url=url(index))
    assert err == ""
    lines = out.splitlines()
    assert lines[:3] == [
        f"data/frameworks/alpha.yaml:{line_of(project, '3.10-3.14')}:12: index.python-range: execution.python is '3.10-3.14', but the newest "
        f"release on the index, torch 2.15.0, gives '3.11-3.15' ({url(index)}torch/) (make the value '3.11-3.15' "
        "(with its note and as_of), or explain in the note why the index differs)",
        f"data/frameworks/alpha.yaml:{line_of(project, NEWEST)}:14: index.newer-release: warning: the newest "
        f"release listed for Alpha is 2.9, but the index has a newer series: torch 2.15.0, uploaded 2026-10-28 "
        f"({url(index)}torch/) (add release 2.15 (its date and a source) to `releases:`; sync never adds it)",
        f"data/frameworks/alpha.yaml:{line_of(project, '2025-10-11')}:11: index.release-date: notice: Alpha 2.9 is dated 2025-10-11, but the "
        f"first file of torch 2.9.0 was uploaded to the index on 2025-10-15 ({url(index)}torch/); the date rests "
        "on other sources too (release notes, a tag) (if the date is the announcement or tag day, say so in a "
        "comment; sync never changes it)",
    ]
    assert re.fullmatch(r"fwatlas sync: 2 packages, 4 releases \(4 new\), 5 requests, [0-9.]+ s; 1 file\(s\) "
                        r"written; 3 disagreement\(s\) with hand-written facts", lines[3])
    assert code == 1
    text = (project / "data/index/alpha.yaml").read_text()
    assert text.startswith("# yaml-language-server: $schema=../schema/index.schema.json\n# Written by `fwatlas sync`")
    assert f"  - name: torch\n    url: {url(index)}torch/\n    releases:\n" \
           '      - version: "2.15.0"\n        uploaded: 2026-10-28\n        python: ["3.11", "3.13", "3.15"]\n' \
           '        free_threaded: ["3.14"]\n' \
           "        platforms: [linux-aarch64, linux-x86_64, macos-arm64, windows-x86_64]\n" \
           '        accelerator: cuda-13\n        requires_python: ">=3.11"\n' in text
    assert "        accelerator: none\n        accelerator_extras: {and-cuda: cuda-12}\n" in text
    # metadata once per series: 2.15.0, 2.9.1 (not 2.9.0) and tensorflow 2.21.0
    assert sorted(p for p in index.seen if p.endswith(".metadata")) == [
        "/files/tensorflow-2.21.0-cp312-cp312-manylinux_2_27_x86_64.whl.metadata",
        "/files/torch-2.15.0-cp313-cp313-manylinux_2_28_x86_64.whl.metadata",
        "/files/torch-2.9.1-cp312-cp312-manylinux_2_28_x86_64.whl.metadata"]
    # the hand-written file is never changed
    assert 'value: "3.10-3.14"' in (project / "data/frameworks/alpha.yaml").read_text()


def test_the_machine_file_loads_and_the_rules_agree(project, index):
    from fwatlas.pipeline import check_project
    from support import TODAY
    run(project, "alpha", index_url=url(index))
    kb, problems = check_project(project, TODAY)
    assert [p.version for p in kb.index["alpha"].packages[0].releases] == ["2.15.0", "2.9.1", "2.9.0"]
    rules = sorted((p.rule, p.line) for p in problems if p.rule.startswith("index."))
    assert rules == [("index.newer-release", line_of(project, NEWEST)),
                     ("index.python-range", line_of(project, "3.10-3.14")),
                     ("index.release-date", line_of(project, "2025-10-11"))]


def test_second_sync_keeps_comments_and_fetches_no_metadata(project, index):
    run(project, "alpha", index_url=url(index))
    path = project / "data/index/alpha.yaml"
    text = path.read_text()
    # a person's comment, and an older state without the newest torch release
    newest = text[text.index('      - version: "2.15.0"'):text.index('      - version: "2.9.1"')]
    older = text.replace(newest, "").replace('      - version: "2.9.1"\n',
                                             '      - version: "2.9.1"\n        # checked against the release notes\n')
    path.write_text(older)
    index.seen.clear()
    code, out, _ = run(project, "alpha", index_url=url(index))
    new = path.read_text()
    assert "        # checked against the release notes\n" in new
    assert new == text.replace('      - version: "2.9.1"\n',
                               '      - version: "2.9.1"\n        # checked against the release notes\n')
    # only the new 2.15.0 needed metadata
    assert [p for p in index.seen if p.endswith(".metadata")] == [
        "/files/torch-2.15.0-cp313-cp313-manylinux_2_28_x86_64.whl.metadata"]
    index.seen.clear()
    before = path.read_bytes()
    run(project, "alpha", index_url=url(index))
    assert path.read_bytes() == before and not [p for p in index.seen if p.endswith(".metadata")]


def test_dry_run_prints_the_diff_and_writes_nothing(project, index):
    before = snapshot(project)
    code, out, _ = run(project, "alpha", "--dry-run", index_url=url(index))
    assert snapshot(project) == before
    assert out.startswith("--- a/data/index/alpha.yaml\n+++ b/data/index/alpha.yaml\n@@ -0,0 +1,")
    assert '+      - version: "2.15.0"\n' in out
    assert "would change (dry run, nothing written)" in out
    assert code == 1  # the disagreements are reported in a dry run too


def test_redirects_are_followed_and_the_final_page_is_cited(project, index):
    code, out, err = run(project, "alpha", index_url=url(index, "moved"))
    assert err == "" and "/moved/torch/" in index.seen
    text = (project / "data/index/alpha.yaml").read_text()
    assert f"url: {url(index)}torch/" in text and f"index: {url(index, 'moved')}" in text


def test_network_error_exits_2_and_writes_nothing(project, index):
    run(project, "alpha", index_url=url(index))
    before = snapshot(project)
    port_url = url(index)
    index.shutdown()
    index.server_close()  # connection refused from now on
    code, out, err = run(project, "alpha", index_url=port_url)
    assert code == 2
    assert f"fwatlas sync: the index page of torch: cannot reach {port_url}torch/: ConnectError" in err
    assert err.endswith("fwatlas sync: nothing was written\n")
    assert snapshot(project) == before


def test_missing_package_and_html_index_are_clear_errors(project, index):
    edit(project, "data/frameworks/alpha.yaml", replace=["packages: [torch, tensorflow]", "packages: [torch, nope]"])
    before = snapshot(project)
    code, _, err = run(project, "alpha", index_url=url(index))
    assert code == 2 and f"the index page of nope: {url(index)}nope/ answered HTTP 404 Not Found" in err
    code, _, err = run(project, "alpha", index_url=url(index, "html"))
    assert code == 2 and "answered text/html, not the JSON Simple API (PEP 691)" in err
    assert snapshot(project) == before


def test_pep_503_names_and_unknown_upload_times(tiny, index):
    edit(tiny, "data/frameworks/beta.yaml", replace=["summary:", "packages: [Theano, tinygrad]\nsummary:"])
    code, out, err = run(tiny, "beta", index_url=url(index))
    assert err == "" and code == 0, out
    text = (tiny / "data/index/beta.yaml").read_text()
    assert f"  - name: theano\n    url: {url(index)}theano/\n" in text
    assert '      - version: "0.1.0"\n        uploaded: unknown\n' in text


def test_command_line(project, index):
    result = subprocess.run([sys.executable, "-m", "fwatlas.index.sync", "--root", str(project), "--dry-run",
                             "--index-url", url(index), "alpha"], capture_output=True, text=True, timeout=120)
    assert result.returncode == 1 and "+++ b/data/index/alpha.yaml" in result.stdout
    assert not (project / "data/index/alpha.yaml").exists()


def test_fwatlas_sync_as_a_user_types_it(project, index):
    fwatlas = Path(sys.executable).parent / "fwatlas"
    result = subprocess.run([str(fwatlas), "sync", "--root", str(project), "--dry-run", "--index-url", url(index),
                             "alpha"], capture_output=True, text=True, timeout=120)
    assert result.returncode == 1 and "+++ b/data/index/alpha.yaml" in result.stdout
    assert not (project / "data/index/alpha.yaml").exists()


def test_pip_configuration_order(tmp_path, monkeypatch):
    for name in ("PIP_INDEX_URL", "PIP_CONFIG_FILE", "VIRTUAL_ENV", "XDG_CONFIG_HOME", "XDG_CONFIG_DIRS"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_CONFIG_DIRS", str(tmp_path / "etc-xdg"))
    monkeypatch.setattr(config.sys, "prefix", str(tmp_path / "venv"))
    monkeypatch.setattr(config, "config_files", _without_etc(config.config_files))

    def write(rel: str, text: str) -> Path:
        path = tmp_path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
        return path

    assert config.index_url() == "https://pypi.org/simple/"
    write("etc-xdg/pip/pip.conf", "[global]\nindex-url = https://global.example/simple\n")
    assert config.index_url() == "https://global.example/simple/"
    write("home/.config/pip/pip.conf", "[global]\nindex_url = https://user.example/simple/\n")
    assert config.index_url() == "https://user.example/simple/"
    write("venv/pip.conf", "[global]\nindex-url = https://site.example/simple/\n")
    assert config.index_url() == "https://site.example/simple/"
    # [install] beats [global] whichever file it is in
    write("home/.pip/pip.conf", "[install]\nindex-url = https://legacy-install.example/simple/\n")
    assert config.index_url() == "https://legacy-install.example/simple/"
    # PIP_CONFIG_FILE is read last and, when it exists, the user files are skipped
    env_file = write("env.conf", "[global]\nindex-url = https://env-file.example/simple/\n")
    monkeypatch.setenv("PIP_CONFIG_FILE", str(env_file))
    assert config.index_url() == "https://env-file.example/simple/"
    monkeypatch.setenv("PIP_INDEX_URL", "https://env.example/simple")
    assert config.index_url() == "https://env.example/simple/"


def _without_etc(files):
    """The machine's own /etc/pip.conf must not leak into the test."""
    return lambda: [p for p in files() if str(p) != "/etc/pip.conf"]


def test_a_date_backed_by_release_notes_too_is_a_notice_with_both_days(tiny):
    from fwatlas.pipeline import check_project
    from support import edit

    edit(tiny, "data/frameworks/alpha.yaml", replace=["date: 2019-09-30", "date: 2019-09-26"])
    _, problems = check_project(tiny)
    [p] = [p for p in problems if p.rule == "index.release-date"]
    assert p.severity == "notice" and (p.file, p.line) == ("data/frameworks/alpha.yaml", 109)
    assert "2019-09-26" in p.message and "2019-09-30" in p.message and "other sources" in p.message
