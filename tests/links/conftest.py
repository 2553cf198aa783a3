"""A real HTTP server on 127.0.0.1 (port 0) that plays every case the link checker meets.

Routes (anything else answers 200 with a small page):

    /status/<code>          that status
    /chain/<n>              301 -> /chain/<n-1> ... -> /landing (n hops)
    /loop/a, /loop/b        301 to each other
    /retry-after/<token>    429 (Retry-After: 1) the first time, then 200
    /always-429             429 (Retry-After: 1) every time
    /flaky/<token>          500 for the first two requests, then 200
    /slow                   answers only when the test ends (or after 5 s)
    /head405                405 to HEAD, 200 to GET
    /anchors                a page with id="present" and <a name="named">
    /busy/<group>/<i>       takes 0.15 s; counts requests in flight per group
    /challenge              403 with a bot-protection page
    /denied                 999 (LinkedIn's "request denied")

Nothing here touches the internet.
"""
from __future__ import annotations

import shutil
import socket
import sys
import threading
import time
from collections import Counter, defaultdict
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from fwatlas.links.checker import Settings

TINY_DATA = Path(__file__).resolve().parents[1] / "fixtures" / "tiny" / "data"

ANCHOR_PAGE = b"""<!doctype html><html><body>
<h2 id="present">Present</h2>
<a name="named"></a>
<article><h2 id="user-content-install">Install</h2></article>
</body></html>"""
CHALLENGE_PAGE = b"<html><head><title>Just a moment...</title></head><body>challenge-platform</body></html>"


class State:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.hits: Counter[tuple[str, str]] = Counter()  # (method, path) -> requests
        self.active: Counter[str] = Counter()
        self.max_active: defaultdict[str, int] = defaultdict(int)
        self.stop = threading.Event()

    def count(self, method: str, path: str) -> int:
        with self.lock:
            self.hits[(method, path)] += 1
            return sum(n for (_, p), n in self.hits.items() if p == path)

    def requests(self, path: str) -> int:
        with self.lock:
            return sum(n for (_, p), n in self.hits.items() if p == path)

    def methods(self, path: str) -> Counter[str]:
        with self.lock:
            return Counter({m: n for (m, p), n in self.hits.items() if p == path})


class Handler(BaseHTTPRequestHandler):
    server: "Server"

    def log_message(self, *args) -> None:  # keep pytest output clean
        pass

    def do_GET(self) -> None:
        self._answer(with_body=True)

    def do_HEAD(self) -> None:
        self._answer(with_body=False)

    def _send(self, code: int, body: bytes = b"<html><body>ok</body></html>", headers: dict | None = None,
              with_body: bool = True) -> None:
        self.send_response(code)
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if with_body:
            self.wfile.write(body)

    def _answer(self, with_body: bool) -> None:
        state = self.server.state
        path = self.path.split("?", 1)[0]
        n = state.count(self.command, path)
        parts = path.strip("/").split("/")
        send = lambda *a, **k: self._send(*a, with_body=with_body, **k)  # noqa: E731
        if parts[0] == "status" and len(parts) == 2:
            send(int(parts[1]), b"<html><body>status</body></html>")
        elif parts[0] == "chain":
            hops = int(parts[1])
            send(301, b"", {"Location": f"/chain/{hops - 1}" if hops > 1 else "/landing"})
        elif parts[0] == "loop":
            send(301, b"", {"Location": "/loop/b" if parts[1] == "a" else "/loop/a"})
        elif parts[0] == "retry-after":
            send(429, b"slow down", {"Retry-After": "1"}) if n == 1 else send(200)
        elif parts[0] == "always-429":
            send(429, b"slow down", {"Retry-After": "1"})
        elif parts[0] == "flaky":
            send(500, b"oops") if n <= 2 else send(200)
        elif parts[0] == "slow":
            state.stop.wait(5)
            send(200)
        elif parts[0] == "head405":
            send(405, b"") if self.command == "HEAD" else send(200)
        elif parts[0] == "anchors":
            send(200, ANCHOR_PAGE)
        elif parts[0] == "busy":
            group = parts[1]
            with state.lock:
                state.active[group] += 1
                state.max_active[group] = max(state.max_active[group], state.active[group])
            time.sleep(0.15)
            with state.lock:
                state.active[group] -= 1
            send(200)
        elif parts[0] == "challenge":
            send(403, CHALLENGE_PAGE, {"cf-mitigated": "challenge"})
        elif parts[0] == "denied":
            send(999, b"")
        else:
            send(200)


class Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        self.state = State()

    def handle_error(self, request, client_address) -> None:
        # The checker hangs up on slow endpoints on purpose (timeouts): not an error here.
        if isinstance(sys.exc_info()[1], ConnectionError):
            return
        super().handle_error(request, client_address)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def url(self, path: str) -> str:
        return self.base + path


@pytest.fixture(scope="session")
def server():
    srv = Server()
    thread = threading.Thread(target=srv.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield srv
    srv.state.stop.set()
    srv.shutdown()
    srv.server_close()


@pytest.fixture
def closed_port() -> int:
    """A port nothing listens on: connecting is refused at once."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def fast() -> Settings:
    """Checker settings for tests: short waits, no proxies from the environment."""
    return Settings(timeout=2.0, retries=2, backoff=0.01, max_wait=5.0, trust_env=False)


@pytest.fixture(autouse=True)
def _no_proxies(monkeypatch):
    # The CLI builds its own settings; keep any proxy of the machine away from 127.0.0.1.
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def project(tmp_path: Path, server: Server) -> Path:
    """The tiny data set, its example.org URLs moved onto the test server (all answer 200).

    Its URLs live under /<project.parent.name>/ on the server."""
    root = tmp_path / "proj"
    shutil.copytree(TINY_DATA, root / "data")
    prefix = f"/{tmp_path.name}"  # unique per test, so request counts never mix
    for path in (root / "data").rglob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        text = (text.replace("https://alpha.example.org", server.url(f"{prefix}/alpha"))
                    .replace("https://beta.example.org", server.url(f"{prefix}/beta"))
                    .replace("https://github.com/example", server.url(f"{prefix}/gh")))
        path.write_text(text, encoding="utf-8")
    return root
