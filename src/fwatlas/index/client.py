"""Read the package index: the JSON Simple API (PEP 691, with PEP 700 fields) and core metadata (PEP 658/714).

Every failure becomes one SyncError naming the URL and what went wrong, so
sync can stop before writing anything and say why.

What an index answers is not trusted:
- credentials in the index URL (`https://user:token@host/simple/`) go to the request
  only, as an Authorization header sent to the index's own scheme, host and port;
  every URL this module hands back or puts in a message is `public_url` (no user
  info, no token parameters);
- every answer is read as a stream, with a cap on its size (counted after gzip
  decoding, so a small compressed answer cannot inflate past it), a wall-clock
  deadline per request and one for the whole run (a server that sends one byte at
  a time, even in its headers, is cut off: a watchdog shuts the connection down).
"""
from __future__ import annotations

import json
import os
import socket
import ssl
import threading
import time
import zlib
from dataclasses import dataclass, field
from typing import Any

import httpx
from packaging.utils import canonicalize_name

from .credentials import public_url, scrub, secrets_of

JSON_ACCEPT = "application/vnd.pypi.simple.v1+json"
CONNECT_SECONDS = 10.0
READ_SECONDS = 30.0  # between two reads; the deadlines below bound a whole answer
REQUEST_SECONDS = 60.0  # one answer, from connecting to its last byte
RUN_SECONDS = 600.0  # the whole sync (about 65 requests and 12 seconds for every framework and tool)
MAX_BYTES = 50_000_000  # a real project page is under 1 MB; bigger is a wrong URL or a broken mirror
# Settings in the environment (the command line passes the same to `run`)
REQUEST_ENV, RUN_ENV, BYTES_ENV = "FWATLAS_SYNC_REQUEST_SECONDS", "FWATLAS_SYNC_SECONDS", "FWATLAS_SYNC_MAX_BYTES"


class SyncError(Exception):
    """The index could not be read; the message says which URL and what failed."""


class RangeFailed(Exception):
    """A range request for part of a file got no usable answer. `transient`: it may work next time
    (a timeout, a 5xx, a dropped connection); otherwise the file cannot be read this way (the server
    ignores Range, answers 404, sends more than asked)."""

    def __init__(self, reason: str, transient: bool = False):
        super().__init__(reason)
        self.reason, self.transient = reason, transient


@dataclass
class RangeAnswer:
    """The bytes of a 206 answer and where they sit in the file (`total`: the file's size), or the
    whole file when a server without Range support answered 200 with a body under the cap."""

    start: int
    body: bytes
    total: int


def printable(text: object, limit: int = 200) -> str:
    """Text from a server or an exception as one inert line: runs of white space become one
    space, and anything else but printable ASCII (escape sequences a terminal would act on,
    C1 controls) becomes '?'."""
    text = "".join(c if " " <= c <= "~" else "?" for c in " ".join(str(text).split()))
    return text if len(text) <= limit else text[:limit] + "..."


@dataclass(frozen=True)
class Limits:
    request_seconds: float = REQUEST_SECONDS
    run_seconds: float = RUN_SECONDS
    max_bytes: int = MAX_BYTES

    @classmethod
    def from_env(cls, request_seconds: float | None = None, run_seconds: float | None = None,
                 max_bytes: int | None = None) -> "Limits":
        """Arguments first, then FWATLAS_SYNC_*, then the defaults; ValueError names a bad setting."""
        def number(value: Any, env: str, default: float, kind: type) -> Any:
            if value is None:
                value = os.environ.get(env, "").strip() or None
            if value is None:
                return default
            unit = "bytes" if kind is int else "seconds"
            try:
                found = kind(value)
            except (TypeError, ValueError):
                found = None
            if found is None or not found > 0 or found != found or found == float("inf"):
                raise ValueError(f"{env} must be a number of {unit} above 0, not {printable(value, 40)!r}")
            return found
        return cls(number(request_seconds, REQUEST_ENV, REQUEST_SECONDS, float),
                   number(run_seconds, RUN_ENV, RUN_SECONDS, float),
                   number(max_bytes, BYTES_ENV, MAX_BYTES, int))


@dataclass
class Page:
    """One project's page: its URL after redirects (public: no credentials) and its files (PEP 691 dicts)."""

    name: str
    url: str
    files: list[dict[str, Any]]
    meta: dict[str, Any] = field(default_factory=dict)


class _Watchdog:
    """Cuts off a request that runs past its deadline, wherever it is blocked (connecting,
    waiting for headers, reading a body that arrives a byte at a time): it shuts down the
    sockets of the client's connections, which the `trace` extension reports as they open."""

    def __init__(self) -> None:
        self._streams: list[Any] = []
        self._timer: threading.Timer | None = None
        self._lock = threading.Lock()
        self.expired = False

    def trace(self, event: str, info: dict) -> None:
        if event in ("connection.connect_tcp.complete", "connection.start_tls.complete"):
            stream = info.get("return_value")
            if stream is not None:
                with self._lock:
                    self._streams.append(stream)

    def arm(self, seconds: float) -> None:
        self.expired = False
        self._timer = threading.Timer(max(seconds, 0.0), self._expire)
        self._timer.daemon = True
        self._timer.start()

    def disarm(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None

    def _expire(self) -> None:
        self.expired = True
        with self._lock:
            streams = list(self._streams)
        for stream in streams:
            try:
                sock = stream.get_extra_info("socket")
                if sock is not None:
                    sock.shutdown(socket.SHUT_RDWR)
            except (OSError, AttributeError, ValueError):
                continue  # already closed


def _content_range(value: str) -> tuple[int | None, int, int]:
    """(first, last, total) of `bytes 10-19/100`; (None, 0, 0) when it is anything else."""
    import re
    match = re.fullmatch(r"\s*bytes\s+(\d{1,15})-(\d{1,15})/(\d{1,15})\s*", value)
    if not match:
        return None, 0, 0
    first, last, total = (int(g) for g in match.groups())
    return (first, last, total) if first <= last else (None, 0, 0)


class IndexClient:
    def __init__(self, index_url: str, verify: bool | str = True, client: httpx.Client | None = None,
                 limits: Limits | None = None, started: float | None = None):
        self.limits = limits or Limits()
        self.requests = 0
        self._secrets = secrets_of(index_url)
        try:
            url = httpx.URL(index_url)
        except (httpx.InvalidURL, TypeError, ValueError):
            raise SyncError(f"the index URL {printable(public_url(index_url))} is not a valid URL") from None
        if url.scheme not in ("http", "https") or not url.host:
            raise SyncError(f"the index URL {printable(public_url(index_url))} is not an http(s) URL")
        # credentials go to the request as a header, never into a URL that could be printed or stored
        self._auth = httpx.BasicAuth(url.username, url.password) if url.username or url.password else None
        self._origin = (url.scheme, url.host, url.port)
        bare = str(url.copy_with(username=None, password=None)) if self._auth else str(url)
        self.index_url = bare if bare.endswith("/") else bare + "/"
        self.public_index = public_url(self.index_url)
        self._run_end = (time.monotonic() if started is None else started) + self.limits.run_seconds
        self._watchdog = _Watchdog()
        if isinstance(verify, str):  # pip's `cert`: a CA bundle file
            verify = ssl.create_default_context(cafile=verify)  # type: ignore[assignment]
        self._client = client or httpx.Client(timeout=httpx.Timeout(READ_SECONDS, connect=CONNECT_SECONDS),
                                              follow_redirects=True, verify=verify,
                                              headers={"User-Agent": "fwatlas-sync"})

    def close(self) -> None:
        self._watchdog.disarm()
        self._client.close()

    def __enter__(self) -> "IndexClient":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def scrub(self, text: str) -> str:
        """A message without the credentials of the index URL, as one printable line."""
        return printable(scrub(str(text), self._secrets), limit=2000)

    def project_url(self, name: str) -> str:
        # PEP 503: the page of a project lives at its normalized name, with a trailing slash
        return f"{self.index_url}{canonicalize_name(name)}/"

    def _auth_for(self, url: str) -> httpx.BasicAuth | None:
        """The index's credentials, for the index's own scheme, host and port only (as pip does):
        a file hosted elsewhere never sees them."""
        if self._auth is None:
            return None
        target = httpx.URL(url)
        return self._auth if (target.scheme, target.host, target.port) == self._origin else None

    def _get(self, url: str, what: str, accept: str) -> tuple[str, str, bytes]:
        """(final URL, content type, body) of a 200 answer, read within the limits."""
        self.requests += 1
        shown = printable(public_url(url))
        now = time.monotonic()
        request_end = now + self.limits.request_seconds
        end = min(request_end, self._run_end)
        late = (f"{what}: {shown} stopped: the sync took longer than {self.limits.run_seconds:g} s in all ({RUN_ENV})"
                if self._run_end <= request_end else
                f"{what}: {shown} took longer than {self.limits.request_seconds:g} s ({REQUEST_ENV}), stopped")
        if end <= now:
            raise SyncError(late)
        left = end - now
        self._watchdog.arm(left)
        try:
            with self._client.stream("GET", url, headers={"Accept": accept, "Accept-Encoding": "gzip"},
                                     auth=self._auth_for(url),
                                     timeout=httpx.Timeout(min(READ_SECONDS, left), connect=min(CONNECT_SECONDS, left)),
                                     extensions={"trace": self._watchdog.trace}) as response:
                if response.status_code != 200:
                    raise SyncError(f"{what}: {shown} answered HTTP {response.status_code} "
                                    f"{printable(response.reason_phrase, 60)}".rstrip())
                body = self._read(response, what, shown, end, late)
                kind = response.headers.get("content-type", "").split(";")[0].strip()
                return str(response.url), kind, body
        except (httpx.HTTPError, httpx.InvalidURL, httpx.StreamError, OSError, ValueError) as exc:
            if self._watchdog.expired or time.monotonic() >= end:
                raise SyncError(late) from None
            raise SyncError(f"{what}: cannot reach {shown}: {type(exc).__name__}: {self.scrub(exc)}") from None
        finally:
            self._watchdog.disarm()

    def _read(self, response: httpx.Response, what: str, shown: str, end: float, late: str) -> bytes:
        """The body, decoded, stopped as soon as it passes the cap or the deadline."""
        limit = self.limits.max_bytes
        too_big = SyncError(f"{what}: {shown} is larger than {limit} bytes ({BYTES_ENV}), stopped")
        encoding = response.headers.get("content-encoding", "").strip().lower()
        if encoding in ("", "identity"):
            inflate = None
            length = response.headers.get("content-length", "").strip()
            if length.isdigit() and int(length) > limit:
                raise too_big  # said so before sending it: not worth reading
        elif encoding in ("gzip", "x-gzip"):
            inflate = zlib.decompressobj(16 + zlib.MAX_WBITS)
        else:
            raise SyncError(f"{what}: {shown} answered in the content encoding {printable(encoding, 40)!r}, "
                            "which sync did not ask for")
        body = bytearray()
        try:
            for chunk in response.iter_raw():
                if inflate is not None:  # at most one byte past the cap comes out of each chunk
                    chunk = inflate.decompress(chunk, limit + 1 - len(body))
                body += chunk
                if len(body) > limit:
                    raise too_big
                if time.monotonic() > end:
                    raise SyncError(late)
            if inflate is not None:
                body += inflate.flush()
        except zlib.error as exc:
            raise SyncError(f"{what}: {shown} is not valid gzip: {printable(exc)}") from None
        if len(body) > limit:
            raise too_big
        return bytes(body)

    def range_get(self, url: str, first: int, last: int | None, *, max_bytes: int, seconds: float) -> RangeAnswer:
        """Bytes `first`..`last` of a file (inclusive; `last` None: the last `first` bytes, a suffix range),
        with HTTP Range, as pip's lazy wheel reads a wheel. Nothing past `max_bytes` is read and no request
        outlives `seconds`: a server that ignores Range and sends the whole file (200) is cut off at the cap.
        Raises RangeFailed; SyncError only when the whole run is out of time."""
        self.requests += 1
        now = time.monotonic()
        if self._run_end <= now:
            raise SyncError(f"reading part of {printable(public_url(url))} stopped: the sync took longer than "
                            f"{self.limits.run_seconds:g} s in all ({RUN_ENV})")
        end = min(now + min(seconds, self.limits.request_seconds), self._run_end)
        wanted = f"bytes={first}-{last}" if last is not None else f"bytes=-{first}"
        self._watchdog.arm(end - now)
        try:
            with self._client.stream("GET", url, headers={"Range": wanted, "Accept": "*/*",
                                                          "Accept-Encoding": "identity"},
                                     auth=self._auth_for(url),
                                     timeout=httpx.Timeout(min(READ_SECONDS, end - now),
                                                           connect=min(CONNECT_SECONDS, end - now)),
                                     extensions={"trace": self._watchdog.trace}) as response:
                return self._range_answer(response, first, last, max_bytes, end)
        except RangeFailed:
            raise
        except (httpx.HTTPError, httpx.InvalidURL, httpx.StreamError, OSError, ValueError) as exc:
            if time.monotonic() >= self._run_end:
                raise SyncError(f"reading part of {printable(public_url(url))} stopped: the sync took longer than "
                                f"{self.limits.run_seconds:g} s in all ({RUN_ENV})") from None
            if self._watchdog.expired or time.monotonic() >= end:
                raise RangeFailed(f"no answer within {end - now:.0f} s", transient=True) from None
            if isinstance(exc, (httpx.InvalidURL, ValueError)):
                raise RangeFailed(f"not a valid URL: {type(exc).__name__}") from None
            raise RangeFailed(f"{type(exc).__name__}: {self.scrub(exc)}", transient=True) from None
        finally:
            self._watchdog.disarm()

    def _range_answer(self, response: httpx.Response, first: int, last: int | None, max_bytes: int,
                      end: float) -> RangeAnswer:
        status = response.status_code
        if status in (429,) or status >= 500:
            raise RangeFailed(f"HTTP {status}", transient=True)
        if status not in (200, 206):
            raise RangeFailed(f"HTTP {status}")
        if response.headers.get("content-encoding", "identity").strip().lower() not in ("", "identity"):
            raise RangeFailed("the answer is content-encoded, though identity was asked for")
        length = response.headers.get("content-length", "").strip()
        if length.isdigit() and int(length) > max_bytes:
            raise RangeFailed("the server ignores Range requests" if status == 200 else
                              f"the answer is larger than {max_bytes} bytes")
        body = bytearray()
        for chunk in response.iter_raw():
            body += chunk
            if len(body) > max_bytes:  # stop reading: the rest of the file is never downloaded
                raise RangeFailed("the server ignores Range requests" if status == 200 else
                                  f"the answer is larger than {max_bytes} bytes")
            if time.monotonic() > end:
                raise RangeFailed("the answer came too slowly", transient=True)
        if status == 200:  # the whole file, and small enough to keep
            return RangeAnswer(0, bytes(body), len(body))
        start, stop, total = _content_range(response.headers.get("content-range", ""))
        if start is None or stop - start + 1 != len(body) or stop >= total:
            raise RangeFailed("the Content-Range header does not match the bytes sent")
        if last is not None and (start != first or stop > last):
            raise RangeFailed("the server sent other bytes than those asked for")
        if last is None and stop != total - 1:
            raise RangeFailed("the server sent other bytes than the end of the file")
        return RangeAnswer(start, bytes(body), total)

    def project(self, name: str) -> Page:
        url = self.project_url(name)
        what = f"the index page of {name}"
        # q=0.1 for HTML lets an old index answer, so the error below can name the real problem
        final_url, kind, body = self._get(url, what, f"{JSON_ACCEPT}, text/html;q=0.1")
        shown = printable(public_url(url))
        if kind != JSON_ACCEPT:
            raise SyncError(f"{what}: {shown} answered {printable(kind, 80) or 'no content type'}, not the "
                            f"JSON Simple API (PEP 691); use an index or mirror that serves {JSON_ACCEPT}")
        try:
            data = json.loads(body)
        except (ValueError, RecursionError) as exc:  # JSONDecodeError, UnicodeDecodeError; nesting too deep
            reason = "nested too deeply" if isinstance(exc, RecursionError) else printable(exc, 120)
            raise SyncError(f"{what}: {shown} is not valid JSON: {reason}") from None
        files = data.get("files") if isinstance(data, dict) else None
        if not isinstance(files, list) or not all(isinstance(f, dict) and isinstance(f.get("filename"), str)
                                                  and isinstance(f.get("url"), str) for f in files):
            raise SyncError(f"{what}: {shown} has no valid `files` list (PEP 691)")
        # file URLs may be relative to the page (PEP 691); make them absolute once, here
        try:
            base = httpx.URL(final_url)
            for f in files:
                f["url"] = str(base.join(f["url"]))
        except (httpx.InvalidURL, ValueError, TypeError):
            raise SyncError(f"{what}: {shown} lists a file whose URL is not valid") from None
        meta = data.get("meta")
        return Page(name=canonicalize_name(name), url=public_url(final_url), files=files,
                    meta=meta if isinstance(meta, dict) else {})

    def metadata(self, file: dict[str, Any]) -> str | None:
        """The core metadata of one file, or None when the index does not offer it (PEP 658/714)."""
        offered = file.get("core-metadata", file.get("data-dist-info-metadata", False))
        if not offered:
            return None  # clients must not guess the URL when the index does not advertise it
        url = file["url"].split("#", 1)[0] + ".metadata"
        _, _, body = self._get(url, f"the metadata of {printable(file['filename'], 120)}", "*/*")
        return body.decode("utf-8", errors="replace")
