"""`fwatlas sync` for tools (data/index/tool-<id>.yaml), for a framework's variant packages
(role: variant), and for the default wheel's accelerator read with range requests where the index
serves no PEP 658 metadata. A local 127.0.0.1 index serves pages and real wheels built here.
"""
from __future__ import annotations

import io
import json
import re
import threading
import zipfile
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from support import TODAY, edit
from fwatlas.index import store, sync

JSON = "application/vnd.pypi.simple.v1+json"
SECRET = "s3cret-token"
CUDA_METADATA = ("Metadata-Version: 2.4\nName: alpha\nVersion: {v}\n"
                 'Requires-Dist: nvidia-cudnn-cu12==9.1; platform_system == "Linux"\n'
                 "Provides-Extra: cuda13\n"
                 'Requires-Dist: nvidia-cudnn-cu13==9.1; extra == "cuda13"\n')


def wheel(metadata: str, filler: int = 300_000, names: tuple[str, ...] = ()) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(zipfile.ZipInfo("alpha/_native.so"), bytes(range(256)) * (filler // 256),
                    compress_type=zipfile.ZIP_STORED)
        for name in names:
            zf.writestr(name, b"\x7fELF")
        zf.writestr("alpha-1.dist-info/METADATA", metadata)
        zf.writestr("alpha-1.dist-info/RECORD", "")
    return out.getvalue()


class Handler(BaseHTTPRequestHandler):
    """/<prefix>/<name>/: server.pages[name]; /files/<file>: server.files[file] (Range honoured),
    /norange/<file>: the same without Range, /s500/<file>: HTTP 500."""

    protocol_version = "HTTP/1.1"

    def do_GET(self):  # noqa: N802
        server = self.server
        path = self.path.split("?", 1)[0]
        server.seen.append((path, self.headers.get("Authorization")))
        try:
            if m := re.fullmatch(r"/simple/([a-z0-9-]+)/", path):
                page = server.pages.get(m[1])
                return self._send(200 if page else 404, json.dumps(page).encode() if page else b"", JSON)
            if m := re.fullmatch(r"/(files|norange|s500)/([^/]+)", path):
                body = server.files.get(m[2])
                if m[1] == "s500":
                    return self._send(500, b"", "text/plain")
                if body is None:
                    return self._send(404, b"", "text/plain")
                wanted = re.fullmatch(r"bytes=(\d+)-(\d+)", self.headers.get("Range", ""))
                if m[1] == "norange" or not wanted:
                    return self._send(200, body, "application/octet-stream")
                first, last = int(wanted[1]), min(int(wanted[2]), len(body) - 1)
                return self._send(206, body[first:last + 1], "application/octet-stream",
                                  {"Content-Range": f"bytes {first}-{last}/{len(body)}"})
            return self._send(404, b"", "text/plain")
        except (BrokenPipeError, ConnectionResetError):
            return None

    def _send(self, status, body, kind, headers=None):
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def index(monkeypatch):
    for name in ("PIP_INDEX_URL", "HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy", "ALL_PROXY", "all_proxy",
                 "FWATLAS_SYNC_REQUEST_SECONDS", "FWATLAS_SYNC_SECONDS", "FWATLAS_SYNC_MAX_BYTES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("NO_PROXY", "*")
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    server.pages, server.files, server.seen = {}, {}, []  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def url(server, auth: str = "") -> str:
    return f"http://{auth}127.0.0.1:{server.server_address[1]}/simple/"


def files(server, name: str, version: str, uploaded: str, *, tags=("cp312-cp312-manylinux_2_28_x86_64",),
          body: bytes | None = None, where: str = "files") -> list[dict]:
    out = []
    for tag in tags:
        filename = f"{name.replace('-', '_')}-{version}-{tag}.whl"
        entry = {"filename": filename, "url": f"../../{where}/{filename}", "hashes": {},
                 "upload-time": f"{uploaded}T10:00:00Z", "requires-python": ">=3.10", "yanked": False}
        if body is not None:
            server.files[filename] = body
            entry["size"] = len(body)
        out.append(entry)
    return out


def serve(server, name: str, *file_lists: list[dict]) -> None:
    server.pages[name] = {"meta": {"api-version": "1.1"}, "name": name, "files": [f for fl in file_lists for f in fl]}


def run(root: Path, *ids: str, index_url: str, dry_run: bool = False) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = sync.run(root, list(ids) or None, dry_run, index_url, out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def wheel_requests(server) -> list[str]:
    return [p for p, _ in server.seen if p.endswith(".whl")]


@pytest.fixture
def project(tiny):
    """alpha names alpha (the framework) and alpha-cuda12-plugin (a variant); no machine files yet."""
    edit(tiny, "data/frameworks/alpha.yaml", replace=["homepage: https://alpha.example.org/\n",
                                                      "homepage: https://alpha.example.org/\n"
                                                      "packages: [alpha, alpha-cuda12-plugin]\n"])
    (tiny / "data/index/alpha.yaml").unlink()
    (tiny / "data/index/tool-beta-gpu-plugin.yaml").unlink()
    return tiny


# -- tools -------------------------------------------------------------------------------

def test_a_tools_packages_go_to_their_own_machine_file(project, index):
    serve(index, "beta-gpu-plugin", files(index, "beta-gpu-plugin", "0.5.0", "2026-08-20"),
          files(index, "beta-gpu-plugin", "0.6.0", "2026-11-02", tags=("cp312-cp312-manylinux_2_28_x86_64",
                                                                        "cp313-cp313-win_amd64")))
    code, out, err = run(project, "beta-gpu-plugin", index_url=url(index))
    assert err == "" and code == 1, out
    path = project / "data/index/tool-beta-gpu-plugin.yaml"
    text = path.read_text()
    assert text.startswith(store.TOOL_HEADER) and "correct hand-written facts in data/tools/ instead" in text
    assert "id: tool-beta-gpu-plugin\n" in text and '      - version: "0.6.0"\n        uploaded: 2026-11-02\n' in text
    assert "accelerator" not in text and wheel_requests(index) == []  # a tool's wheels are not opened
    assert ("data/tools/beta-gpu-plugin.yaml:9:12: index.tool-last-release: warning: Beta GPU plugin's last_release "
            f"is 0.5.0 (2026-08-20), but the index has a later one: beta-gpu-plugin 0.6.0, uploaded 2026-11-02 "
            f"({url(index)}beta-gpu-plugin/)") in out
    from fwatlas.pipeline import check_project
    kb, problems = check_project(project, TODAY)
    assert [r.version for r in kb.tool_index["beta-gpu-plugin"].packages[0].releases] == ["0.6.0", "0.5.0"]
    assert "tool-beta-gpu-plugin" not in kb.index
    # alpha has no machine file here: its newest release is its hand-written 2.0 of 2019
    assert sorted((p.file, p.rule, p.line) for p in problems if p.severity != "notice") == [
        ("data/frameworks/alpha.yaml", "history.no-recent-release", 15),
        ("data/tools/beta-gpu-plugin.yaml", "index.tool-last-release", 9)]
    [quiet] = [p for p in problems if p.rule == "history.no-recent-release"]
    assert "2.0, is dated 2019-09-30 in its hand-written release history: 85 months" in quiet.message


def test_by_default_every_framework_and_every_tool_with_packages_is_synced(project, index):
    serve(index, "alpha", files(index, "alpha", "2.0.0", "2019-09-30", where="s500"))
    serve(index, "alpha-cuda12-plugin", files(index, "alpha-cuda12-plugin", "2.0.0", "2019-10-01",
                                              tags=("py3-none-any",)))
    serve(index, "beta-gpu-plugin", files(index, "beta-gpu-plugin", "0.5.0", "2026-08-20"))
    code, out, err = run(project, index_url=url(index))
    assert err == "", err
    assert {p.name for p in (project / "data/index").iterdir()} == {"alpha.yaml", "tool-beta-gpu-plugin.yaml"}


def test_unknown_ids_and_a_framework_id_that_looks_like_a_tool_file(project, index):
    code, out, err = run(project, "gamma", index_url=url(index))
    assert code == 2 and err.startswith("fwatlas sync: no framework or tool with packages gamma (frameworks: alpha, "
                                        "beta; tools: beta-gpu-plugin)")
    code, out, err = run(project, "alpha-serving", index_url=url(index))  # a tool without packages
    assert code == 2 and "no framework or tool with packages alpha-serving" in err
    (project / "data/frameworks/beta.yaml").rename(project / "data/frameworks/tool-x.yaml")
    edit(project, "data/frameworks/tool-x.yaml", replace=["id: beta", "id: tool-x"])
    code, out, err = run(project, "tool-x", index_url=url(index))
    assert code == 2 and "starts with 'tool-', which data/index/ keeps for the files of tools" in err


def test_tool_package_names_are_checked_by_the_model(project):
    from fwatlas.pipeline import check_project
    edit(project, "data/tools/beta-gpu-plugin.yaml", replace=["packages: [beta-gpu-plugin]",
                                                              'packages: ["<script>x</script>", "../etc"]'])
    _, problems = check_project(project, TODAY)
    assert {(p.file, p.rule) for p in problems if p.severity == "error"} == {
        ("data/tools/beta-gpu-plugin.yaml", "schema.format")}, [p.text() for p in problems]


def test_credentials_stay_out_of_tool_files(project, index):
    serve(index, "beta-gpu-plugin", files(index, "beta-gpu-plugin", "0.5.0", "2026-08-20"))
    code, out, err = run(project, "beta-gpu-plugin", index_url=url(index, f"__token__:{SECRET}@"))
    assert code == 0 and err == "", (out, err)
    text = (project / "data/index/tool-beta-gpu-plugin.yaml").read_text()
    assert SECRET not in text + out and f"index: {url(index)}\n" in text
    assert all(a is not None for _, a in index.seen)


# -- variants ------------------------------------------------------------------------------

def test_variant_packages_are_marked_and_left_out_of_the_comparisons(project, index):
    """The plugin has a newer series, other Pythons and Windows wheels: none of it is compared with
    alpha's hand-written facts, and the framework's own package stays first."""
    meta = CUDA_METADATA.format(v="2.0.0")
    serve(index, "alpha", files(index, "alpha", "2.0.0", "2019-09-30", body=wheel(meta),
                                tags=("cp310-cp310-manylinux_2_28_x86_64", "cp314-cp314-manylinux_2_28_x86_64",
                                      "cp314-cp314-macosx_14_0_arm64", "cp314-cp314-win_amd64")))
    serve(index, "alpha-cuda12-plugin",
          files(index, "alpha-cuda12-plugin", "9.1.0", "2026-11-01", body=wheel("Name: alpha-cuda12-plugin\n"),
                tags=("cp39-cp39-manylinux_2_28_x86_64", "cp39-cp39-win_arm64")))
    code, out, err = run(project, "alpha", index_url=url(index))
    assert err == "" and code == 0, out
    text = (project / "data/index/alpha.yaml").read_text()
    assert text.index("  - name: alpha\n") < text.index("  - name: alpha-cuda12-plugin\n")
    assert f"  - name: alpha-cuda12-plugin\n    url: {url(index)}alpha-cuda12-plugin/\n    role: variant\n" in text
    assert "accelerator: cuda-12\n        accelerator_extras: {cuda13: cuda-13}\n" in text  # read with range requests
    assert "1 of 2 wheel(s) without PEP 658 metadata" not in out and "2 of 2 wheel(s)" in out
    from fwatlas.load import load
    from fwatlas.render.wheels import primary_package
    kb, _ = load(project)
    assert primary_package(kb.index["alpha"]).name == "alpha"
    from fwatlas.signals import plugin_packages
    [plugin] = [p for p in plugin_packages(kb, "alpha") if p.tool is None]
    assert (plugin.name, plugin.newest.version, plugin.newest.accelerator) == ("alpha-cuda12-plugin", "9.1.0", "none")


def test_variant_roles_follow_the_first_package():
    assert sync.variant_roles(["jax", "jaxlib", "jax-cuda12-plugin", "JAX_cuda13.pjrt"]) == [
        None, None, "variant", "variant"]
    assert sync.variant_roles(["tensorflow", "tensorflow-cpu"]) == [None, "variant"]
    assert sync.variant_roles(["mlx-metal", "mlx"]) == [None, None]
    assert sync.variant_roles([]) == []


# -- accelerators read with range requests ----------------------------------------------------

def _alpha(index, where: str = "files", body: bytes | None = None, versions=("2.0.0",)) -> None:
    lists = [files(index, "alpha", v, "2019-09-30", where=where,
                   body=body if body is not None else wheel(CUDA_METADATA.format(v=v))) for v in versions]
    serve(index, "alpha", *lists)
    serve(index, "alpha-cuda12-plugin", files(index, "alpha-cuda12-plugin", "2.0.0", "2019-10-01",
                                              tags=("py3-none-any",)))


def test_a_server_that_ignores_range_gives_unknown_and_is_not_asked_again(project, index):
    _alpha(index, where="norange", body=wheel(CUDA_METADATA.format(v="2.0.0"), filler=600_000),
           versions=("2.0.0", "1.10.0", "1.0.0"))
    code, out, err = run(project, "alpha", index_url=url(index))
    assert err == "", err
    text = (project / "data/index/alpha.yaml").read_text()
    assert text.count("accelerator: unknown\n") == 3
    assert len(wheel_requests(index)) == 1  # one wheel showed the host ignores Range: the others are not asked
    assert "accelerator unknown for 3 wheel(s): the server ignores Range requests" in out
    index.seen.clear()
    run(project, "alpha", index_url=url(index))
    assert wheel_requests(index) == [] and (project / "data/index/alpha.yaml").read_text() == text


def test_a_transient_failure_leaves_the_value_out_and_the_next_sync_tries_again(project, index):
    _alpha(index, where="s500", versions=("2.0.0", "1.10.0", "1.9.0", "1.8.0", "1.7.0"))
    code, out, err = run(project, "alpha", index_url=url(index))
    assert err == "", err
    text = (project / "data/index/alpha.yaml").read_text()
    assert "accelerator" not in text
    assert len(wheel_requests(index)) == sync.GIVE_UP_AFTER  # then the failing host is left alone
    assert "accelerator left for the next sync for 3 wheel(s): HTTP 500; 2 wheel(s): not tried" in out
    _alpha(index, versions=("2.0.0", "1.10.0", "1.9.0", "1.8.0", "1.7.0"))
    index.seen.clear()
    run(project, "alpha", index_url=url(index))
    assert (project / "data/index/alpha.yaml").read_text().count("accelerator: cuda-12\n") == 5
    assert len(wheel_requests(index)) == 5


def test_series_synced_before_accelerators_could_be_read_are_filled_in_once(project, index):
    """An older sync recorded 1.10.0 and 1.10.1 without an accelerator: its series is read once, at its
    newest release, and never again."""
    serve(index, "alpha", files(index, "alpha", "1.10.1", "2018-08-20", body=wheel(CUDA_METADATA.format(v="1.10.1"))),
          files(index, "alpha", "1.10.0", "2018-08-09", body=wheel(CUDA_METADATA.format(v="1.10.0"))))
    serve(index, "alpha-cuda12-plugin", files(index, "alpha-cuda12-plugin", "1.0.0", "2019-10-01",
                                              tags=("py3-none-any",)))
    path = project / "data/index/alpha.yaml"
    path.write_text(store.HEADER + f"id: alpha\nindex: {url(index)}\npackages:\n  - name: alpha\n"
                    f"    url: {url(index)}alpha/\n    releases:\n"
                    '      - version: "1.10.1"\n        uploaded: 2018-08-20\n        python: ["3.12"]\n'
                    "        platforms: [linux-x86_64]\n        requires_python: \">=3.10\"\n"
                    '      - version: "1.10.0"\n        uploaded: 2018-08-09\n        python: ["3.12"]\n'
                    "        platforms: [linux-x86_64]\n        requires_python: \">=3.10\"\n")
    run(project, "alpha", index_url=url(index))
    assert wheel_requests(index) == ["/files/alpha-1.10.1-cp312-cp312-manylinux_2_28_x86_64.whl"]
    text = path.read_text()
    assert text.count("accelerator: cuda-12") == 1
    index.seen.clear()
    run(project, "alpha", index_url=url(index))
    assert wheel_requests(index) == [] and path.read_text() == text


def test_a_cuda_runtime_bundled_in_the_default_wheel_counts(project, index):
    body = wheel("Metadata-Version: 2.1\nName: alpha\nVersion: 1.10.0\nRequires-Dist: numpy\n",
                 names=("alpha/lib/libcudart-3f3c6934.so.10.2",))
    _alpha(index, body=body, versions=("1.10.0",))
    run(project, "alpha", index_url=url(index))
    assert "        accelerator: cuda-10\n" in (project / "data/index/alpha.yaml").read_text()


def test_pep_658_metadata_is_used_where_the_index_serves_it(project, index):
    _alpha(index)
    page = index.pages["alpha"]
    page["files"][0]["core-metadata"] = {"sha256": "x"}
    index.files[page["files"][0]["filename"] + ".metadata"] = CUDA_METADATA.format(v="2.0.0").replace(
        "cu12", "cu11").encode()
    run(project, "alpha", index_url=url(index))
    assert wheel_requests(index) == []
    assert "        accelerator: cuda-11\n" in (project / "data/index/alpha.yaml").read_text()


def test_a_hostile_wheel_gives_unknown_and_nothing_of_it_is_written(project, index):
    bad = bytearray(wheel("Name: <script>alert(1)</script>\nRequires-Dist: nvidia-x-cu" + "9" * 5000 + "\n"))
    eocd = bytes(bad).rindex(b"PK\x05\x06")
    bad[eocd + 16:eocd + 20] = (len(bad) + 99).to_bytes(4, "little")  # the directory points past the end
    _alpha(index, body=bytes(bad))
    code, out, err = run(project, "alpha", index_url=url(index))
    assert err == "", err
    text = (project / "data/index/alpha.yaml").read_text()
    assert "accelerator: unknown" in text and "<script" not in text + out
    assert "accelerator unknown for 1 wheel(s): the central directory points outside the file" in out


def test_credentials_in_a_tool_file_are_reported_and_never_shown(tiny):
    """A tool file written by an older sync, or edited by hand, with a token: the rule points at it,
    the signals and rules cite the URL without it."""
    from fwatlas import signals
    from fwatlas.load import load
    from fwatlas.pipeline import check_project
    edit(tiny, "data/index/tool-beta-gpu-plugin.yaml", replace=[
        "url: https://index.example.org/simple/beta-gpu-plugin/",
        f"url: https://user:{SECRET}@index.example.org/simple/beta-gpu-plugin/?token={SECRET}"])
    edit(tiny, "data/tools/beta-gpu-plugin.yaml", replace=['version: "0.5.0"\n  date: 2026-08-20',
                                                          'version: "0.4.0"\n  date: 2023-02-02'])
    _, problems = check_project(tiny, TODAY)
    found = {(p.file, p.rule) for p in problems}
    assert ("data/index/tool-beta-gpu-plugin.yaml", "source.credentials") in found
    assert ("data/tools/beta-gpu-plugin.yaml", "index.tool-last-release") in found
    assert all(SECRET not in p.text() for p in problems)
    kb, _ = load(tiny, TODAY)
    newest = signals.newest_tool_release(kb, kb.tools["beta-gpu-plugin"])
    assert SECRET not in newest.url and "user" not in newest.url
    assert all(SECRET not in p.url for p in signals.plugin_packages(kb, "beta"))


def test_a_broken_tool_file_is_a_positioned_problem(tiny):
    from fwatlas.load import load
    edit(tiny, "data/index/tool-beta-gpu-plugin.yaml", replace=["    releases:\n", "    role: plugin\n    releases:\n"])
    kb, problems = load(tiny, TODAY)
    assert "beta-gpu-plugin" not in kb.tool_index
    assert {(p.file, p.line) for p in problems} == {("data/index/tool-beta-gpu-plugin.yaml", 10)}
    edit(tiny, "data/index/tool-beta-gpu-plugin.yaml", content="id: tool-beta-gpu-plugin\npackages: [\n")
    kb, problems = load(tiny, TODAY)
    assert "beta-gpu-plugin" not in kb.tool_index and problems and all(p.line for p in problems)


def test_a_missing_tool_package_stops_the_sync_and_nothing_is_written(project, index):
    serve(index, "alpha", files(index, "alpha", "2.0.0", "2019-09-30", where="s500"))
    serve(index, "alpha-cuda12-plugin", files(index, "alpha-cuda12-plugin", "2.0.0", "2019-10-01",
                                              tags=("py3-none-any",)))
    before = {p.name for p in (project / "data/index").iterdir()}
    code, out, err = run(project, "alpha", "beta-gpu-plugin", index_url=url(index))  # no page for the tool's package
    assert code == 2 and f"the index page of beta-gpu-plugin: {url(index)}beta-gpu-plugin/ answered HTTP 404" in err
    assert err.endswith("fwatlas sync: nothing was written\n")
    assert {p.name for p in (project / "data/index").iterdir()} == before


def test_a_huge_tool_page_stops_at_the_cap(project, index):
    serve(index, "beta-gpu-plugin", files(index, "beta-gpu-plugin", "0.5.0", "2026-08-20") * 20_000)
    out, err = io.StringIO(), io.StringIO()
    code = sync.run(project, ["beta-gpu-plugin"], False, url(index), out=out, err=err, max_bytes=1_000_000)
    assert code == 2 and "is larger than 1000000 bytes" in err.getvalue()
    assert not (project / "data/index/tool-beta-gpu-plugin.yaml").exists()
