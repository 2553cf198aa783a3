"""A wheel's METADATA read with HTTP range requests (index/lazywheel.py), against a local 127.0.0.1
server that serves real wheels built here with zipfile, with and without Range support, and hostile
ones: a central directory pointing outside the file, a huge METADATA member, a zip bomb, a slow
server, a server that lies about the bytes it sends, credentials in the index URL.
"""
from __future__ import annotations

import base64
import io
import os
import re
import struct
import threading
import time
import zipfile
import zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from fwatlas.index import lazywheel
from fwatlas.index.client import IndexClient, Limits, SyncError

SECRET = "s3cret-token"
METADATA = ("Metadata-Version: 2.4\nName: demo\nVersion: 1.0.0\nRequires-Python: >=3.10\n"
            'Requires-Dist: numpy\nRequires-Dist: nvidia-cudnn-cu12==9.1; platform_system == "Linux"\n'
            "Provides-Extra: cuda13\n"
            'Requires-Dist: nvidia-cudnn-cu13==9.1; extra == "cuda13"\n\nA demo wheel.\n')


def build_wheel(*, filler: int = 2_000_000, files: int = 5, metadata: str = METADATA,
                extra_names: tuple[str, ...] = (), compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    """A real wheel, as bdist_wheel lays it out: the package first (here `filler` incompressible bytes
    and `files` small modules), then the .dist-info files, METADATA before RECORD."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression) as zf:
        zf.writestr("demo/__init__.py", "VERSION = '1.0.0'\n")
        if filler:
            zf.writestr(zipfile.ZipInfo("demo/_native.so"), os.urandom(filler), compress_type=zipfile.ZIP_STORED)
        for i in range(files):
            zf.writestr(f"demo/mod_{i:06d}.py", f"X = {i}\n")
        for name in extra_names:
            zf.writestr(name, b"\x7fELF")
        zf.writestr("demo-1.0.0.dist-info/METADATA", metadata)
        zf.writestr("demo-1.0.0.dist-info/WHEEL", "Wheel-Version: 1.0\nRoot-Is-Purelib: false\n")
        zf.writestr("demo-1.0.0.dist-info/RECORD", "demo/__init__.py,,\n" * 50)
    return out.getvalue()


class Handler(BaseHTTPRequestHandler):
    """/files/<name>: server.files[name], honouring Range unless the path starts with /norange/.
    /drip/: the status line a byte at a time. /s500/: HTTP 500. /lie/: a 206 for other bytes.
    /gzip/: a content-encoded answer. /endless/: ignores Range and sends an endless body."""

    protocol_version = "HTTP/1.1"

    def do_GET(self):  # noqa: N802
        server = self.server
        server.seen.append((self.path, self.headers.get("Range"), self.headers.get("Authorization"),
                            self.headers.get("Host")))
        prefix, _, name = self.path.lstrip("/").partition("/")
        name = name.removeprefix("files/")
        try:
            if prefix == "drip":
                self.close_connection = True
                for byte in b"HTTP/1.1 206 Partial Content\r\n":
                    time.sleep(0.2)
                    self.wfile.write(bytes([byte]))
                    self.wfile.flush()
                return None
            if prefix == "s500":
                return self._send(500, b"broken", {})
            if prefix == "endless":
                self.close_connection = True
                self.send_response(200)
                self.send_header("Content-Type", "application/octet-stream")
                self.end_headers()
                block = b"\0" * 65536
                while server.sent < 400_000_000:
                    self.wfile.write(block)
                    server.sent += len(block)
                return None
            body = server.files.get(name)
            if body is None:
                return self._send(404, b"not found", {})
            wanted = self.headers.get("Range", "")
            if prefix == "norange" or not wanted:
                return self._send(200, body, {})
            first, last = self._range(wanted, len(body))
            part = body[first:last + 1]
            if prefix == "lie":
                first, part = max(0, first - 10), body[max(0, first - 10):last - 9]
            headers = {"Content-Range": f"bytes {first}-{first + len(part) - 1}/{len(body)}"}
            if prefix == "gzip":
                headers["Content-Encoding"] = "gzip"
            return self._send(206, part, headers)
        except (BrokenPipeError, ConnectionResetError):
            return None

    @staticmethod
    def _range(header: str, size: int) -> tuple[int, int]:
        m = re.fullmatch(r"bytes=(\d*)-(\d*)", header)
        assert m, header
        if not m[1]:
            return max(0, size - int(m[2])), size - 1
        return int(m[1]), min(int(m[2]), size - 1) if m[2] else size - 1

    def _send(self, status: int, body: bytes, headers: dict):
        self.send_response(status)
        self.send_header("Content-Type", "application/octet-stream")
        self.send_header("Content-Length", str(len(body)))
        for k, v in headers.items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)
        self.server.sent += len(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    srv = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    srv.daemon_threads = True
    srv.files, srv.seen, srv.sent = {}, [], 0  # type: ignore[attr-defined]
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    yield srv
    srv.shutdown()
    srv.server_close()


@pytest.fixture(autouse=True)
def no_proxy(monkeypatch):
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("NO_PROXY", "*")


def base(srv, prefix: str = "files", host: str = "127.0.0.1", auth: str = "") -> str:
    return f"http://{auth}{host}:{srv.server_address[1]}/{prefix}/"


def entry(srv, name: str, body: bytes, prefix: str = "files", sized: bool = True, host: str = "127.0.0.1") -> dict:
    srv.files[name] = body
    found = {"filename": name, "url": base(srv, prefix, host) + name}
    if sized:
        found["size"] = len(body)
    return found


def client(srv, **limits) -> IndexClient:
    return IndexClient(base(srv, "simple"), limits=Limits(**limits) if limits else None)


# -- reading real wheels ---------------------------------------------------------------

def test_reads_only_the_metadata_of_a_wheel(server):
    wheel = build_wheel(filler=4_000_000)
    with client(server) as c:
        got = lazywheel.read(c, entry(server, "demo-1.0.0-cp312-cp312-manylinux_2_28_x86_64.whl", wheel))
        assert got.failure is None and got.metadata == METADATA
        assert "demo/_native.so" in got.names and c.requests == 1  # the tail held directory and METADATA
    assert server.sent <= lazywheel.TAIL < len(wheel) / 10
    assert server.seen[0][1] == f"bytes={len(wheel) - lazywheel.TAIL}-{len(wheel) - 1}"  # PEP 700 size: absolute


def test_without_a_size_a_suffix_range_is_asked_for(server):
    wheel = build_wheel()
    with client(server) as c:
        got = lazywheel.read(c, entry(server, "demo.whl", wheel, sized=False))
    assert got.metadata == METADATA and server.seen[0][1] == f"bytes=-{lazywheel.TAIL}"


def test_a_large_central_directory_and_an_early_metadata_take_more_requests(server):
    """20 000 members: the central directory is larger than the tail; METADATA sits before them."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("demo-1.0.0.dist-info/METADATA", METADATA)
        zf.writestr(zipfile.ZipInfo("demo/_native.so"), os.urandom(1_000_000))
        for i in range(20_000):
            zf.writestr(f"demo/sub/module_number_{i:06d}.py", "")
    wheel = out.getvalue()
    with client(server) as c:
        got = lazywheel.read(c, entry(server, "big.whl", wheel))
        assert got.metadata == METADATA and len(got.names) == 20_002 and c.requests == 3
    assert server.sent < len(wheel) / 2


def test_zip64_archives_are_read(server):
    """More than 65 535 members: the end record says 0xFFFF and the real counts sit in the ZIP64 record."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as zf:
        for i in range(70_000):
            zf.writestr(f"d/{i}", b"")
        zf.writestr("demo-1.0.0.dist-info/METADATA", METADATA)
    wheel = out.getvalue()
    assert wheel[-22:-18] == b"PK\x05\x06" and struct.unpack_from("<H", wheel, len(wheel) - 12)[0] == 0xFFFF
    with client(server) as c:
        got = lazywheel.read(c, entry(server, "z64.whl", wheel))
    assert got.metadata == METADATA and len(got.names) == 70_001


def test_a_stored_member_and_a_bundled_cuda_runtime(server):
    wheel = build_wheel(compression=zipfile.ZIP_STORED,
                        extra_names=("torch/lib/libcudart-9335f6a2.so.10.2", "torch/lib/libnvrtc.so.10.2"))
    with client(server) as c:
        got = lazywheel.read(c, entry(server, "t.whl", wheel))
    assert got.metadata == METADATA and lazywheel.bundled_cuda(got.names) == 10
    assert lazywheel.bundled_cuda(["a/libcudart.so.12", "b/libcudart.so.11.0"]) == 12
    assert lazywheel.bundled_cuda(["a/libcudart_static.a", "a/cudart.dll", "a/libcudart.so"]) is None


def test_a_server_that_ignores_range_is_cut_off_at_the_cap(server):
    with client(server) as c:
        started = time.monotonic()
        got = lazywheel.read(c, entry(server, "w.whl", b"", prefix="endless", sized=False))
        assert time.monotonic() - started < 5
    assert got.metadata is None and not got.transient and got.failure == "the server ignores Range requests"
    time.sleep(0.3)
    assert server.sent < 40_000_000  # the cap plus socket buffers, not the 400 MB it would send


def test_a_server_that_ignores_range_with_a_content_length_is_not_read(server):
    wheel = build_wheel(filler=3_000_000)
    with client(server) as c:
        got = lazywheel.read(c, entry(server, "w.whl", wheel, prefix="norange"))
    assert got.failure == "the server ignores Range requests" and not got.transient


def test_a_small_wheel_from_a_server_without_range_is_read_whole(server):
    wheel = build_wheel(filler=0)
    assert len(wheel) < lazywheel.TAIL
    with client(server) as c:
        got = lazywheel.read(c, entry(server, "small.whl", wheel, prefix="norange"))
        assert got.metadata == METADATA and c.requests == 1


# -- hostile servers and hostile zips ------------------------------------------------------

def _eocd(wheel: bytes) -> int:
    return wheel.rindex(b"PK\x05\x06")


def _patch(wheel: bytes, at: int, fmt: str, value: int) -> bytes:
    data = bytearray(wheel)
    struct.pack_into(fmt, data, at, value)
    return bytes(data)


def _central_entry(wheel: bytes, name: bytes) -> int:
    return wheel.rindex(b"PK\x01\x02", 0, wheel.rindex(name))


def read_one(server, body: bytes, prefix: str = "files", **limits) -> lazywheel.WheelRead:
    with client(server, **limits) as c:
        return lazywheel.read(c, entry(server, "h.whl", body, prefix=prefix))


def test_a_central_directory_pointing_outside_the_file(server):
    wheel = build_wheel()
    bad = _patch(wheel, _eocd(wheel) + 16, "<L", len(wheel) + 1000)
    got = read_one(server, bad)
    assert got.failure == "the central directory points outside the file" and not got.transient


def test_a_member_pointing_outside_the_file(server):
    wheel = build_wheel()
    at = _central_entry(wheel, b"demo-1.0.0.dist-info/METADATA")
    got = read_one(server, _patch(wheel, at + 42, "<L", 0x7FFFFFF0))
    assert "points outside the file" in got.failure and not got.transient


def test_a_huge_metadata_member_is_not_fetched(server):
    big = METADATA + "X" * (lazywheel.MAX_MEMBER + 10)
    wheel = build_wheel(metadata=big, compression=zipfile.ZIP_STORED, filler=6_000_000)
    got = read_one(server, wheel)
    assert got.failure == f"METADATA is larger than {lazywheel.MAX_MEMBER} bytes"
    assert server.sent < 2 * lazywheel.TAIL + 100_000


def test_a_zip_bomb_stops_at_the_cap(server):
    """METADATA whose directory entry says 500 bytes but which inflates to 100 MB."""
    bomb = zlib.compressobj(9, zlib.DEFLATED, -15)
    data = bomb.compress(b"A" * 100_000_000) + bomb.flush()
    assert len(data) < 200_000
    wheel = build_wheel(metadata="M" * len(data), compression=zipfile.ZIP_STORED)
    # swap the stored body for the bomb, and say deflate, 500 bytes
    start = wheel.index(b"M" * len(data))
    wheel = wheel[:start] + data + wheel[start + len(data):]
    at = _central_entry(wheel, b"demo-1.0.0.dist-info/METADATA")
    wheel = _patch(_patch(wheel, at + 10, "<H", 8), at + 24, "<L", 500)
    started = time.monotonic()
    got = read_one(server, wheel)
    assert got.failure == f"METADATA inflates to more than {lazywheel.MAX_MEMBER} bytes"
    assert time.monotonic() - started < 5


def test_a_wrong_crc_is_caught(server):
    wheel = build_wheel()
    at = _central_entry(wheel, b"demo-1.0.0.dist-info/METADATA")
    got = read_one(server, _patch(wheel, at + 16, "<L", 1234))
    assert got.failure == "METADATA does not match the size and CRC the zip file gives"


@pytest.mark.parametrize("body, reason", [
    (os.urandom(300_000), "no end-of-central-directory record: not a zip file"),
    (b"PK\x05\x06" + b"\0" * 18, "a zip file without members"),
    (build_wheel(extra_names=("other-1.0.dist-info/METADATA",)), "more than one .dist-info/METADATA"),
    (build_wheel(metadata="").replace(b"dist-info/METADATA", b"dist-info/METADATX"), "no .dist-info/METADATA member"),
])
def test_what_is_not_a_readable_wheel(server, body, reason):
    got = read_one(server, body)
    assert got.failure == reason and not got.transient and got.metadata is None


def test_an_encrypted_or_bzip2_metadata_is_not_read(server):
    wheel = build_wheel()
    at = _central_entry(wheel, b"demo-1.0.0.dist-info/METADATA")
    assert read_one(server, _patch(wheel, at + 8, "<H", 1)).failure == "METADATA is encrypted"
    assert read_one(server, _patch(wheel, at + 10, "<H", 12)).failure.startswith("METADATA is compressed with method 12")


def test_a_server_that_sends_other_bytes_than_asked(server):
    got = read_one(server, build_wheel(), prefix="lie")
    assert got.failure == "the server sent other bytes than those asked for" and not got.transient


def test_a_content_encoded_answer_is_refused(server):
    got = read_one(server, build_wheel(), prefix="gzip")
    assert got.failure == "the answer is content-encoded, though identity was asked for"


def test_missing_files_are_unknown_and_server_errors_are_transient(server):
    with client(server) as c:
        got = lazywheel.read(c, {"filename": "x.whl", "url": base(server) + "nope.whl", "size": 1000})
    assert got.failure == "HTTP 404" and not got.transient
    got = read_one(server, build_wheel(), prefix="s500")
    assert got.failure == "HTTP 500" and got.transient


def test_a_size_that_disagrees_with_the_index_is_caught(server):
    wheel = build_wheel()
    with client(server) as c:
        got = lazywheel.read(c, {**entry(server, "s.whl", wheel), "size": len(wheel) + 5})
    assert got.failure.startswith("the server sent other bytes") or "not the" in got.failure


def test_a_slow_server_is_a_transient_failure_within_the_time_bound(server, monkeypatch):
    monkeypatch.setattr(lazywheel, "SECONDS", 1.0)
    started = time.monotonic()
    got = read_one(server, build_wheel(), prefix="drip")
    assert got.transient and got.metadata is None and time.monotonic() - started < 4, got


def test_the_run_deadline_stops_the_sync(server):
    with client(server, run_seconds=0.5) as c:
        time.sleep(0.6)
        with pytest.raises(SyncError, match="the sync took longer than 0.5 s in all"):
            lazywheel.read(c, entry(server, "d.whl", build_wheel()))


def test_credentials_go_to_the_index_host_only_and_never_into_messages(server):
    wheel = build_wheel()
    port = server.server_address[1]
    with IndexClient(f"http://user:{SECRET}@127.0.0.1:{port}/simple/") as c:
        here = lazywheel.read(c, entry(server, "a.whl", wheel))
        elsewhere = lazywheel.read(c, entry(server, "b.whl", wheel, host="localhost"))
        failed = lazywheel.read(c, entry(server, "c.whl", wheel, prefix="s500"))
    assert here.metadata == METADATA and elsewhere.metadata == METADATA and failed.transient
    expected = "Basic " + base64.b64encode(f"user:{SECRET}".encode()).decode()
    assert {a for _, _, a, host in server.seen if host.startswith("127.0.0.1")} == {expected}
    assert {a for _, _, a, host in server.seen if host.startswith("localhost")} == {None}
    assert SECRET not in (failed.failure or "")


def test_a_url_the_client_cannot_use_is_unknown(server):
    with client(server) as c:
        got = lazywheel.read(c, {"filename": "x.whl", "url": "http://[::1", "size": 10})
    assert got.metadata is None and not got.transient
