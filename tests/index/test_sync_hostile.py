"""`fwatlas sync` against an index that leaks, stalls, floods or lies (issue #25).

A local 127.0.0.1 server serves the recorded pages of tests/fixtures/index plus
hostile answers: credentials in the index URL, an answer that drips, a chunked
answer without Content-Length, a gzip bomb, absurd wheel tags, out-of-range
upload times, markup in metadata. Every test checks what reaches the data
files, the terminal and the pages.
"""
from __future__ import annotations

import base64
import copy
import gzip
import io
import json
import os
import re
import resource
import signal
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from support import TODAY, edit
from fwatlas.index import sync

FIXTURES = Path(__file__).parents[1] / "fixtures" / "index"
JSON = "application/vnd.pypi.simple.v1+json"
SECRET = "s3cret"
TOKEN = "t0kenvalue"


class Handler(BaseHTTPRequestHandler):
    """/simple/<name>/ and /files/<file>.metadata: the recorded index.
    Hostile prefixes: /s500/ (HTTP 500), /drip/ (the body one byte at a time), /driphead/ (the
    status line one byte at a time), /huge/ (a chunked answer without Content-Length), /bomb/
    (a gzip bomb), /custom/ (pages and metadata the test sets in server.custom), /creds/
    (a redirect to the recorded page with credentials and a token in the address)."""

    def do_GET(self):  # noqa: N802 (http.server's name)
        server = self.server
        path = self.path.split("?", 1)[0]
        server.seen.append((self.path, self.headers.get("Host"), self.headers.get("Authorization")))
        try:
            if m := re.fullmatch(r"/simple/([a-z0-9-]+)/", path):
                return self._file(FIXTURES / f"{m[1]}.json", JSON)
            if m := re.fullmatch(r"/files/([^/]+\.metadata)", path):
                name = m[1]
                if name in server.custom:
                    return self._send(200, server.custom[name], "application/octet-stream")
                return self._file(FIXTURES / "files" / name, "application/octet-stream")
            if m := re.fullmatch(r"/custom/([a-z0-9-]+)/", path):
                if m[1] in server.custom:
                    return self._send(200, server.custom[m[1]], JSON)
                return self._file(FIXTURES / f"{m[1]}.json", JSON)
            if path.startswith("/s500/"):
                return self._send(500, b"<h1>broken</h1>", "text/html")
            if m := re.fullmatch(r"/creds/([a-z0-9-]+)/", path):
                self.send_response(302)
                port = server.server_address[1]
                self.send_header("Location", f"http://user:{SECRET}@127.0.0.1:{port}/simple/{m[1]}/?token={TOKEN}&page=1")
                self.send_header("Content-Length", "0")
                self.end_headers()
                return None
            if path.startswith("/drip/"):
                return self._drip(b"HTTP/1.1 200 OK\r\nContent-Type: " + JSON.encode() + b"\r\n"
                                  b"Content-Length: 100000\r\n\r\n", b"[" * 100)
            if path.startswith("/driphead/"):
                return self._drip(b"", b"HTTP/1.1 200 OK\r\nContent-Type: " + JSON.encode() + b"\r\n" + b"X: " * 30)
            if path.startswith("/huge/"):
                return self._huge()
            if path.startswith("/bomb/"):
                return self._bomb()
            return self._send(404, b"not found", "text/plain")
        except OSError:  # the client went away (a broken pipe, a TLS connection cut short)
            return None

    def _drip(self, head: bytes, slow: bytes):
        """`head` at once, then `slow` one byte every 0.2 s: bounded, it stops by itself."""
        self.close_connection = True
        self.wfile.write(head)
        self.wfile.flush()
        for i in range(len(slow)):
            time.sleep(0.2)
            self.wfile.write(slow[i:i + 1])
            self.wfile.flush()
            self.server.dripped += 1

    def _huge(self):
        """A JSON page sent in chunks, generated as it goes, with no Content-Length."""
        self.close_connection = True
        self.wfile.write(b"HTTP/1.1 200 OK\r\nContent-Type: " + JSON.encode() + b"\r\n"
                         b"Transfer-Encoding: chunked\r\n\r\n")
        chunk = b'{"files": [' + b" " * (64 * 1024 - 11)
        pad = b" " * (64 * 1024)
        while self.server.sent < self.server.huge_total:
            data = chunk if self.server.sent == 0 else pad
            self.wfile.write(b"%x\r\n%s\r\n" % (len(data), data))
            self.server.sent += len(data)
        self.wfile.write(b"0\r\n\r\n")

    def _bomb(self):
        """A small gzip answer that inflates to 50 MB."""
        body = self.server.bomb
        self.close_connection = True
        self.send_response(200)
        self.send_header("Content-Type", JSON)
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

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


_BOMB: list[bytes] = []


def _bomb_body() -> bytes:
    if not _BOMB:
        out = io.BytesIO()
        with gzip.GzipFile(fileobj=out, mode="wb", compresslevel=9) as f:
            f.write(b'{"files": [')
            block = b" " * (1024 * 1024)
            for _ in range(50):
                f.write(block)
        _BOMB.append(out.getvalue())
    return _BOMB[0]


@pytest.fixture
def index():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    server.seen, server.custom = [], {}  # type: ignore[attr-defined]
    server.dripped = server.sent = 0  # type: ignore[attr-defined]
    server.huge_total = 0  # type: ignore[attr-defined]
    server.bomb = b""  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture(autouse=True)
def quiet_env(monkeypatch):
    """No pip configuration or proxy of the machine leaks into these tests."""
    for name in ("PIP_INDEX_URL", "PIP_CONFIG_FILE", "PIP_CERT", "FWATLAS_SYNC_REQUEST_SECONDS",
                 "FWATLAS_SYNC_SECONDS", "FWATLAS_SYNC_MAX_BYTES", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY",
                 "http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("NO_PROXY", "*")
    monkeypatch.setenv("PIP_CONFIG_FILE", os.devnull)


def base(server, prefix="simple", auth: str = "") -> str:
    return f"http://{auth}127.0.0.1:{server.server_address[1]}/{prefix}/"


@pytest.fixture
def project(tiny):
    """The tiny project; alpha names torch and tensorflow as its packages (no machine file yet)."""
    edit(tiny, "data/frameworks/alpha.yaml", replace=["homepage: https://alpha.example.org/\n",
                                                      "homepage: https://alpha.example.org/\n"
                                                      "packages: [torch, tensorflow]\n"])
    (tiny / "data/index/alpha.yaml").unlink()
    return tiny


def run(root: Path, *frameworks: str, index_url: str | None = None, dry_run: bool = False) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = sync.run(root, list(frameworks) or None, dry_run, index_url, out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted((root / "data").rglob("*")) if p.is_file()}


def no_secret_anywhere(root: Path, *texts: str, secret: str = SECRET) -> None:
    for text in texts:
        assert secret not in text
    for rel, data in snapshot(root).items():
        assert secret.encode() not in data, rel


def printable(text: str) -> bool:
    """One line per message, nothing a terminal would act on."""
    return all(" " <= c <= "~" or c == "\n" for c in text)


def render(root: Path) -> dict[str, str]:
    """The framework page of alpha and the Python and platforms page, as Markdown."""
    from fwatlas.load import load
    from fwatlas.render.pages import SiteRenderer
    kb, _ = load(root, TODAY)
    renderer = SiteRenderer(kb)
    return {"alpha": renderer.framework(kb.frameworks["alpha"]).markdown, "platforms": renderer.platforms().markdown}


def schema_problems(root: Path) -> list[str]:
    from fwatlas.pipeline import check_project
    _, problems = check_project(root, TODAY)
    return [p.text() for p in problems if p.severity == "error" and not p.rule.startswith("index.")]


# -- 1. credentials ----------------------------------------------------------

def test_credentials_in_pip_index_url_are_sent_but_never_written_printed_or_rendered(project, index, monkeypatch):
    monkeypatch.setenv("PIP_INDEX_URL", base(index, auth=f"user:{SECRET}@"))
    code, out, err = run(project, "alpha")
    assert code == 1 and err == "", err  # 1: the disagreements with hand-written facts
    expected = "Basic " + base64.b64encode(f"user:{SECRET}".encode()).decode()
    assert [a for _, _, a in index.seen] == [expected] * len(index.seen) and len(index.seen) == 5
    text = (project / "data/index/alpha.yaml").read_text()
    assert f"index: {base(index)}\n" in text and f"url: {base(index)}torch/\n" in text
    no_secret_anywhere(project, out, err)
    assert "user:" not in text and "user:" not in out
    pages = render(project)
    no_secret_anywhere(project, *pages.values())
    assert f'href="{base(index)}torch/"' in pages["alpha"]
    assert schema_problems(project) == []


def test_credentials_written_by_an_older_sync_are_removed(project, index, monkeypatch):
    leaked = base(index, auth=f"user:{SECRET}@")
    (project / "data/index/alpha.yaml").write_text(
        f"id: alpha\nindex: {leaked}\npackages:\n  - name: torch\n    url: {leaked}torch/\n    releases: []\n")
    monkeypatch.setenv("PIP_INDEX_URL", leaked)
    code, out, err = run(project, "alpha")
    assert code == 1 and err == ""
    no_secret_anywhere(project, out, err)


def test_credentials_are_not_printed_on_a_network_error(project, index, monkeypatch):
    port_url = base(index, auth=f"user:{SECRET}@")
    index.shutdown()
    index.server_close()  # connection refused from now on
    monkeypatch.setenv("PIP_INDEX_URL", port_url)
    code, out, err = run(project, "alpha")
    assert code == 2
    assert f"fwatlas sync: the index page of torch: cannot reach {base(index)}torch/: ConnectError" in err
    no_secret_anywhere(project, out, err)
    assert "user" not in err and printable(err)


def test_credentials_are_not_printed_on_an_http_error(project, index, monkeypatch):
    before = snapshot(project)
    monkeypatch.setenv("PIP_INDEX_URL", base(index, "s500", auth=f"user:{SECRET}@"))
    code, out, err = run(project, "alpha")
    assert code == 2
    assert f"the index page of torch: {base(index, 's500')}torch/ answered HTTP 500 Internal Server Error" in err
    no_secret_anywhere(project, out, err)
    assert snapshot(project) == before


def test_credentials_passed_as_index_url_and_on_the_command_line(project, index):
    code, out, err = run(project, "alpha", index_url=base(index, auth=f"__token__:{SECRET}@"))
    assert code == 1
    no_secret_anywhere(project, out, err)
    result = subprocess.run([sys.executable, "-m", "fwatlas.index.sync", "--root", str(project), "--dry-run",
                             "--index-url", base(index, "s500", auth=f"__token__:{SECRET}@"), "alpha"],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 2 and "answered HTTP 500" in result.stderr
    no_secret_anywhere(project, result.stdout, result.stderr)


def test_credentials_go_only_to_the_index_host(project, index):
    """A file on another host (localhost, not 127.0.0.1) gets no Authorization header."""
    page = json.loads((FIXTURES / "torch.json").read_text())
    port = index.server_address[1]
    for f in page["files"]:
        f["url"] = f"http://localhost:{port}/files/{f['filename']}"
    index.custom["torch"] = json.dumps(page).encode()
    code, out, err = run(project, "alpha", index_url=base(index, "custom", auth=f"user:{SECRET}@"))
    assert code == 1 and err == "", err
    on_index = [a for p, host, a in index.seen if host.startswith("127.0.0.1")]
    elsewhere = [a for p, host, a in index.seen if host.startswith("localhost")]
    assert elsewhere and all(a is None for a in elsewhere)
    assert on_index and all(a is not None for a in on_index)


def test_a_redirect_to_an_address_with_credentials_and_a_token_is_stored_without_them(project, index):
    code, out, err = run(project, "alpha", index_url=base(index, "creds"))
    assert code == 1 and err == "", err
    text = (project / "data/index/alpha.yaml").read_text()
    assert f"url: {base(index)}torch/?page=1\n" in text
    no_secret_anywhere(project, out, err)
    no_secret_anywhere(project, out, err, secret=TOKEN)


def test_the_renderer_never_shows_user_info(project):
    path = project / "data/index/alpha.yaml"
    (project / "data/index/alpha.yaml").write_text(
        (FIXTURES.parents[0] / "tiny/data/index/alpha.yaml").read_text()
        .replace("url: https://index.example.org/", f"url: https://user:{SECRET}@index.example.org/"))
    assert SECRET in path.read_text()
    pages = render(project)
    assert SECRET not in pages["alpha"] and 'href="https://index.example.org/simple/alpha/"' in pages["alpha"]


def test_rule_source_credentials_names_every_url_with_user_info(tiny):
    from fwatlas.pipeline import check_project
    edit(tiny, "data/frameworks/alpha.yaml", replace=["homepage: https://alpha.example.org/",
                                                      "homepage: https://me:pw@alpha.example.org/"])
    edit(tiny, "data/frameworks/alpha.yaml", replace=["value: https://github.com/example/alpha",
                                                      "value: https://me:pw@github.com/example/alpha"])
    edit(tiny, "data/tools/alpha-serving.yaml", replace=["url: https://alpha.example.org/serving",
                                                         "url: https://alpha.example.org/serving?access_token=x\n"
                                                         "    archived: https://me@web.archive.org/x"])
    edit(tiny, "data/index/alpha.yaml", replace=["index: https://index.example.org/simple/",
                                                 "index: https://__token__:pypi-x@index.example.org/simple/"])
    edit(tiny, "data/index/alpha.yaml", replace=["url: https://index.example.org/simple/alpha/",
                                                 "url: https://index.example.org/simple/alpha/?token=x"])
    _, problems = check_project(tiny, TODAY)
    found = sorted((p.file, p.line) for p in problems if p.rule == "source.credentials")
    assert found == [("data/frameworks/alpha.yaml", 5), ("data/frameworks/alpha.yaml", 20),
                     ("data/index/alpha.yaml", 6), ("data/index/alpha.yaml", 9),
                     ("data/tools/alpha-serving.yaml", 10), ("data/tools/alpha-serving.yaml", 11)]
    mine = [p for p in problems if p.rule == "source.credentials"]
    assert all(p.severity == "error" and "credentials" in p.hint for p in mine)
    assert all("pw" not in p.message and "pypi-x" not in p.message for p in mine)


# -- 2. deadlines and size caps ------------------------------------------------

@pytest.mark.parametrize("prefix", ["drip", "driphead"])
def test_a_dripping_answer_stops_at_the_request_deadline(project, index, monkeypatch, prefix):
    monkeypatch.setenv("FWATLAS_SYNC_REQUEST_SECONDS", "1")
    before = snapshot(project)
    started = time.monotonic()
    code, out, err = run(project, "alpha", index_url=base(index, prefix, auth=f"user:{SECRET}@"))
    took = time.monotonic() - started
    assert code == 2 and took < 4, (took, err)
    first = err.splitlines()[0]
    assert first == (f"fwatlas sync: the index page of torch: {base(index, prefix)}torch/ took longer than 1 s "
                     "(FWATLAS_SYNC_REQUEST_SECONDS), stopped")
    assert err.endswith("fwatlas sync: nothing was written\n") and len(err.splitlines()) == 2
    assert snapshot(project) == before
    no_secret_anywhere(project, out, err)


def test_the_whole_run_has_a_deadline(project, index, monkeypatch):
    monkeypatch.setenv("FWATLAS_SYNC_SECONDS", "1.5")
    started = time.monotonic()
    code, out, err = run(project, "alpha", index_url=base(index, "drip"))
    assert code == 2 and time.monotonic() - started < 4.5
    assert (f"the index page of torch: {base(index, 'drip')}torch/ stopped: the sync took longer than 1.5 s "
            "in all (FWATLAS_SYNC_SECONDS)") in err


def test_deadlines_as_arguments(project, index):
    out, err = io.StringIO(), io.StringIO()
    started = time.monotonic()
    code = sync.run(project, ["alpha"], False, base(index, "drip"), out=out, err=err, request_seconds=0.5)
    assert code == 2 and time.monotonic() - started < 3.5 and "took longer than 0.5 s" in err.getvalue()


def test_a_huge_answer_without_content_length_stops_at_the_cap(project, index, monkeypatch):
    monkeypatch.setenv("FWATLAS_SYNC_MAX_BYTES", "1000000")
    index.huge_total = 4_000_000  # a few MB more than the cap: bounded, whatever the client does
    before = snapshot(project)
    code, out, err = run(project, "alpha", index_url=base(index, "huge"))
    assert code == 2
    assert (f"fwatlas sync: the index page of torch: {base(index, 'huge')}torch/ is larger than 1000000 bytes "
            "(FWATLAS_SYNC_MAX_BYTES), stopped") in err
    assert snapshot(project) == before


def test_a_gzip_bomb_stops_at_the_cap(project, index, monkeypatch):
    monkeypatch.setenv("FWATLAS_SYNC_MAX_BYTES", "1000000")
    index.bomb = _bomb_body()
    assert len(index.bomb) < 1_000_000
    code, out, err = run(project, "alpha", index_url=base(index, "bomb"))
    assert code == 2 and f"{base(index, 'bomb')}torch/ is larger than 1000000 bytes" in err


def test_bad_limits_are_a_clear_error(project, index, monkeypatch):
    monkeypatch.setenv("FWATLAS_SYNC_SECONDS", "soon")
    code, out, err = run(project, "alpha", index_url=base(index))
    assert code == 2 and err.startswith("fwatlas sync: FWATLAS_SYNC_SECONDS must be a number of seconds above 0")


# -- 3, 4. values the index gives are validated before they are written --------------------

def _torch_page(extra_files: list[dict]) -> bytes:
    page = json.loads((FIXTURES / "torch.json").read_text())
    template = page["files"][0]
    for f in extra_files:
        entry = copy.deepcopy(template)
        entry.update(f)
        entry.setdefault("url", f"../../files/{entry['filename']}")
        page["files"].append(entry)
    return json.dumps(page).encode()


ABSURD = [
    {"filename": "torch-2.15.0-cp313-cp313-<script>alert(1)</script>.whl"},
    {"filename": "torch-2.15.0-cp313-cp313-manylinux_2_28_" + "x" * 10_000 + ".whl"},
    {"filename": "torch-2.15.0-cp31000000-cp31000000-manylinux_2_28_x86_64.whl"},
    {"filename": "torch-2.15.0-cp313-abi3-" + "a" * 300 + ".whl"},
    # a release whose only file has an absurd tag never appears
    {"filename": "torch-2.16.0-cp313-cp313-MANYLINUX_<b>.whl"},
    # a Python minor that would take ages to enumerate (abi3 up to the newest minor seen)
    {"filename": "torch-2.16.0-cp399999999999-abi3-manylinux_2_28_x86_64.whl"},
]


def test_absurd_wheel_tags_are_skipped_and_counted(project, index):
    index.custom["torch"] = _torch_page(ABSURD)
    started = time.monotonic()
    code, out, err = run(project, "alpha", index_url=base(index, "custom"))
    assert time.monotonic() - started < 10
    assert code == 1 and err == "", err
    assert "6 file(s) skipped: wheel tags the data files cannot hold" in out
    text = (project / "data/index/alpha.yaml").read_text()
    assert "<" not in text and "xxxxxxxx" not in text and "aaaaaaaa" not in text and "2.16.0" not in text
    assert "3.1000000" not in text
    assert '      - version: "2.15.0"\n' in text
    assert schema_problems(project) == []


def test_local_versions_are_kept_and_an_absurd_requires_python_is_not(project, index):
    """A private index's +cu118 is a valid version; an 80 KB requires-python is not a value to keep."""
    index.custom["torch"] = _torch_page([{"filename": "torch-2.17.0+cu118-cp313-cp313-manylinux_2_28_x86_64.whl"},
                                         {"filename": "torch-2.18.0-cp313-cp313-manylinux_2_28_x86_64.whl",
                                          "requires-python": ">=3.11" + ",!=3.12.*" * 10_000}])
    code, out, err = run(project, "alpha", index_url=base(index, "custom"))
    assert code == 1 and err == "", err
    text = (project / "data/index/alpha.yaml").read_text()
    assert '"2.17.0+cu118"' in text and '"2.18.0"' in text
    assert "!=3.12.*,!=3.12.*" not in text
    assert schema_problems(project) == []


def test_a_release_that_fails_the_model_is_skipped(project, index, monkeypatch):
    """The last line of defence: whatever derive makes of a release is checked against the model."""
    from fwatlas.index import derive
    real = derive.releases

    def broken(files, *args, **kwargs):
        infos = real(files, *args, **kwargs)
        infos[0].python = ["three"]
        return infos

    monkeypatch.setattr(derive, "releases", broken)
    code, out, err = run(project, "alpha", index_url=base(index))
    assert code == 1 and err == "", err
    assert "2 release(s) skipped: values the data files cannot hold" in out
    text = (project / "data/index/alpha.yaml").read_text()
    assert "three" not in text and '"2.15.0"' not in text and '"2.9.1"' in text
    assert schema_problems(project) == []


@pytest.mark.parametrize("stamp", ["9999-12-31T23:59:59-23:59", "0001-01-01T00:00:00+23:59", "1970-01-01T00:00:00Z",
                                   "3026-01-01T00:00:00Z", "2026-13-45T00:00:00Z", 1700000000, None])
def test_odd_upload_times_are_unknown(project, index, stamp):
    page = json.loads((FIXTURES / "torch.json").read_text())
    for f in page["files"]:
        if f["filename"].startswith("torch-2.9.1-"):
            f["upload-time"] = stamp
    index.custom["torch"] = json.dumps(page).encode()
    code, out, err = run(project, "alpha", index_url=base(index, "custom"))
    assert code == 1 and err == "", err
    text = (project / "data/index/alpha.yaml").read_text()
    assert '      - version: "2.9.1"\n        uploaded: unknown\n' in text
    assert schema_problems(project) == []


def test_extras_with_markup_in_metadata_are_not_written(project, index):
    name = "torch-2.15.0-cp313-cp313-manylinux_2_28_x86_64.whl.metadata"
    index.custom[name] = (
        b"Metadata-Version: 2.4\nName: torch\nVersion: 2.15.0\n"
        b'Provides-Extra: <script>alert(1)</script>\n'
        b'Requires-Dist: nvidia-cudnn-cu12==9.1; extra == "<script>alert(1)</script>"\n'
        b"Provides-Extra: and-cuda\n"
        b'Requires-Dist: nvidia-cudnn-cu13==9.1; extra == "and-cuda"\n')
    code, out, err = run(project, "alpha", index_url=base(index, "custom"))
    assert code == 1 and err == "", err
    text = (project / "data/index/alpha.yaml").read_text()
    assert "<" not in text and "accelerator_extras: {and-cuda: cuda-13}" in text


@pytest.mark.parametrize("body", [
    b'{"files": [{"filename": 12, "url": "x"}]}',
    b'{"files": [{"filename": "torch-2.0.0-py3-none-any.whl", "url": ["x"]}]}',
    b'{"files": [{"filename": "torch-2.0.0-py3-none-any.whl", "url": "http://[::1"}]}',
    b"[" * 100_000 + b"]" * 100_000,
    b"\xff\xfe not json",
])
def test_a_malformed_page_is_a_clear_error(project, index, body):
    index.custom["torch"] = body
    code, out, err = run(project, "alpha", index_url=base(index, "custom"))
    assert code == 2 and err.startswith(f"fwatlas sync: the index page of torch: {base(index, 'custom')}torch/ ")
    assert "Traceback" not in err and len(err.splitlines()) == 2 and printable(err)


def test_server_text_in_messages_is_printable(project, index):
    """A content type with bytes a terminal would act on (h11 allows obs-text) is printed inert."""
    class Odd(Handler):
        def do_GET(self):  # noqa: N802
            self.send_response(200)
            self.send_header("Content-Type", "text/html\x9b31m\xad")
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"{}")
    index.RequestHandlerClass = Odd
    code, out, err = run(project, "alpha", index_url=base(index))
    assert code == 2 and "not the JSON Simple API" in err and printable(err)


# -- 5. writes are all or nothing ---------------------------------------------------

@pytest.fixture
def two(project):
    """alpha (torch, tensorflow) and beta (tinygrad): two machine files to write."""
    edit(project, "data/frameworks/beta.yaml", replace=["summary:", "packages: [tinygrad]\nsummary:"])
    return project


def _stray_temps(root: Path) -> list[str]:
    return [p.name for p in (root / "data/index").iterdir()
            if p.name not in ("alpha.yaml", "beta.yaml", "tool-beta-gpu-plugin.yaml")]


def test_a_directory_where_the_temp_file_would_go_does_not_stop_the_sync(project, index):
    (project / "data/index/alpha.yaml.tmp").mkdir()
    code, out, err = run(project, "alpha", index_url=base(index))
    assert code == 1 and err == "", err
    assert (project / "data/index/alpha.yaml").is_file() and (project / "data/index/alpha.yaml.tmp").is_dir()


def test_a_failed_rename_restores_the_files_already_written(two, index, monkeypatch):
    run(two, "alpha", index_url=base(index))
    edit(two, "data/frameworks/alpha.yaml", replace=["packages: [torch, tensorflow]", "packages: [torch]"])
    before = snapshot(two)
    real = os.replace
    renamed = []

    def failing(src, dst):
        if str(dst).endswith("beta.yaml"):
            raise OSError(28, "No space left on device")
        renamed.append(dst)
        return real(src, dst)

    monkeypatch.setattr(os, "replace", failing)
    code, out, err = run(two, "alpha", "beta", index_url=base(index))
    monkeypatch.setattr(os, "replace", real)
    assert code == 2 and renamed  # alpha was renamed before beta failed
    assert err == ("fwatlas sync: cannot write data/index/beta.yaml: No space left on device\n"
                   "fwatlas sync: nothing was written\n")
    assert snapshot(two) == before and _stray_temps(two) == []


def test_a_full_disk_leaves_no_partial_file(two, index):
    """A file size limit (RLIMIT_FSIZE binds root too) makes the first temp file fail half-written."""
    run(two, "alpha", index_url=base(index))
    edit(two, "data/frameworks/alpha.yaml", replace=["packages: [torch, tensorflow]", "packages: [torch]"])
    before = snapshot(two)

    def limit():
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (200, 200))

    env = {**os.environ, "FWATLAS_NO_CACHE": "1", "PYTHONDONTWRITEBYTECODE": "1"}
    result = subprocess.run([sys.executable, "-m", "fwatlas.index.sync", "--root", str(two), "--index-url",
                             base(index), "alpha", "beta"], capture_output=True, text=True, timeout=120,
                            preexec_fn=limit, env=env)
    assert result.returncode == 2, result.stderr
    assert result.stderr == ("fwatlas sync: cannot write data/index/alpha.yaml: File too large\n"
                             "fwatlas sync: nothing was written\n")
    assert snapshot(two) == before and _stray_temps(two) == []


def test_an_unreadable_machine_file_is_a_clear_error(project, index):
    (project / "data/index/alpha.yaml").mkdir()
    code, out, err = run(project, "alpha", index_url=base(index))
    assert code == 2 and err.startswith("fwatlas sync: cannot read data/index/alpha.yaml: ") and "Traceback" not in err
    (project / "data/index/alpha.yaml").rmdir()
    (project / "data/index/alpha.yaml").write_bytes(b"id: alpha\n\xff\xfe\n")
    code, out, err = run(project, "alpha", index_url=base(index))
    assert code == 2 and err.startswith("fwatlas sync: cannot read data/index/alpha.yaml: ")


def test_a_machine_file_that_would_fail_the_schema_is_not_written(project, index):
    """A person's edit the model rejects (an unknown key) stays; sync writes nothing and says why."""
    run(project, "alpha", index_url=base(index))
    path = project / "data/index/alpha.yaml"
    path.write_text(path.read_text().replace("id: alpha\n", "id: alpha\nowner: me\n"))
    before = snapshot(project)
    code, out, err = run(project, "alpha", index_url=base(index))
    assert code == 2 and snapshot(project) == before
    assert err.startswith("fwatlas sync: data/index/alpha.yaml would not pass `fwatlas check`, not written: ")
    assert "owner" in err and err.endswith("fwatlas sync: nothing was written\n")


# -- 6. what reaches the pages --------------------------------------------------------

def test_markup_in_a_machine_file_is_escaped_on_the_pages(project):
    text = (FIXTURES.parents[0] / "tiny/data/index/alpha.yaml").read_text()
    text = text.replace("accelerator: cuda-12", "accelerator: <img src=x onerror=alert(1)>")
    text = text.replace("- name: alpha", "- name: <b>alpha</b>")
    text = text.replace('requires_python: ">=3.10"', 'requires_python: "<script>alert(2)</script>"')
    (project / "data/index/alpha.yaml").write_text(text)
    pages = render(project)
    for page in pages.values():
        assert "<img" not in page and "<b>alpha" not in page and "<script>alert" not in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in pages["alpha"]


def test_fwatlas_check_never_prints_credentials_a_data_file_holds(tiny):
    """An index file written before the fix still holds credentials: the index.* rules cite its
    package URL without them, and source.credentials points at it without repeating them."""
    from fwatlas.pipeline import check_project
    edit(tiny, "data/frameworks/alpha.yaml", replace=['value: "3.10-3.14"', 'value: "3.11-3.15"'])
    edit(tiny, "data/index/alpha.yaml", replace=["url: https://index.example.org/simple/alpha/",
                                                 f"url: https://user:{SECRET}@index.example.org/simple/alpha/"
                                                 f"?private_token={TOKEN}"])
    _, problems = check_project(tiny, TODAY)
    rules = {p.rule for p in problems}
    assert {"index.python-range", "source.credentials"} <= rules
    for p in problems:
        assert SECRET not in p.text() and TOKEN not in p.text() and "user:" not in p.text()
    [p] = [p for p in problems if p.rule == "index.python-range"]
    assert "(https://index.example.org/simple/alpha/)" in p.message


@pytest.mark.parametrize("metadata", [
    "Requires-Dist: nvidia-cudnn-cu" + "9" * 5000 + "\n",  # int() of 5000 digits raises ValueError
    "Requires-Dist: cuda-toolkit==" + "9" * 5000 + "\n",
    'Requires-Dist: nvidia-cudnn-cu12; python_version < "' + "3" * 5000 + '"\n',
])
def test_numbers_in_metadata_are_bounded(metadata):
    from fwatlas.index import derive
    assert derive.accelerators(metadata, "3.12") == ("none", {})


def test_numbers_in_file_names_are_bounded():
    from fwatlas.index import derive
    files = [{"filename": "torch-1." + "9" * 5000 + "-py3-none-any.whl", "url": "x"},
             {"filename": "torch-2.0.0-cp3" + "1" * 5000 + "-cp31-linux_x86_64.whl", "url": "x"},
             {"filename": "torch-2.0.0-cp312-cp312-linux_x86_64.whl", "url": "x"}]
    skipped: list[str] = []
    [release] = derive.releases(files, skipped)
    assert release.version == "2.0.0" and release.python == ["3.12"] and len(skipped) == 2


@pytest.fixture
def tls_index(index, tmp_path, monkeypatch):
    """The same server behind TLS, with a self-signed certificate given to sync as pip's `cert`."""
    import shutil
    import ssl
    if shutil.which("openssl") is None:
        pytest.skip("needs the openssl command to make a certificate")
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key), "-out",
                    str(cert), "-days", "2", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"],
                   check=True, capture_output=True, timeout=60)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler, bind_and_activate=False)
    server.daemon_threads = True
    server.server_bind()
    server.server_activate()
    server.socket = context.wrap_socket(server.socket, server_side=True)
    server.seen, server.custom, server.dripped = [], {}, 0  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    monkeypatch.setenv("PIP_CERT", str(cert))
    yield server
    server.shutdown()
    server.server_close()


def test_a_dripping_answer_over_tls_stops_at_the_deadline(project, tls_index, monkeypatch):
    """The watchdog cuts the TLS connection too (its socket is not the one TCP opened)."""
    port = tls_index.server_address[1]
    code, out, err = run(project, "alpha", index_url=f"https://user:{SECRET}@127.0.0.1:{port}/simple/")
    assert code == 1 and err == "", err  # the certificate and the credentials work over TLS
    assert all(a is not None for _, _, a in tls_index.seen)
    monkeypatch.setenv("FWATLAS_SYNC_REQUEST_SECONDS", "1")
    started = time.monotonic()
    # the status line arrives a byte at a time: only the watchdog can stop that
    code, out, err = run(project, "alpha", index_url=f"https://user:{SECRET}@127.0.0.1:{port}/driphead/")
    assert code == 2 and time.monotonic() - started < 4, err
    assert f"https://127.0.0.1:{port}/driphead/torch/ took longer than 1 s" in err
    no_secret_anywhere(project, out, err)
