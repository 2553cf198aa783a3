"""Fetch external URLs politely and classify each one.

- at most `concurrency` requests at once, and at most `per_host` to one host;
- HEAD first, GET when HEAD is refused or fails (and always GET when a
  #fragment must be found on the page);
- redirects are followed by hand, so loops and long chains are reported;
- 5xx and connection errors are retried with exponential backoff, 429/503
  wait for Retry-After (capped);
- every URL ends as one `Result`: ok, redirected, broken, unverified (a rate
  limit or a bot wall: nobody knows) or anchor (the page is there, the
  fragment is not).

Pages are fetched once however many fragments of them are cited.
"""
from __future__ import annotations

import asyncio
import concurrent.futures
import datetime as dt
import email.utils
import random
import re
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from typing import Iterable, Literal
from urllib.parse import unquote, urldefrag, urljoin, urlsplit

import httpx

from .html import anchor_ids

# unreachable: DNS or connection failure, which says nothing about the page (offline, a
# firewall, an outage); it is never cached and is reported once for the whole run.
Status = Literal["ok", "redirected", "broken", "unverified", "anchor", "unreachable"]
REACHED: tuple[Status, ...] = ("ok", "redirected")

REDIRECT_CODES = {301, 302, 303, 307, 308}
HEAD_REFUSED_RETRY = {429}  # a rate limit on HEAD is waited out, not answered with a GET
BODY_LIMIT = 5_000_000      # enough for any page whose anchors we look for
ERROR_BODY_LIMIT = 65_536   # enough to recognise a challenge page
USER_AGENT = ("Mozilla/5.0 (compatible; FrameworkAtlasLinkCheck/1.0; "
              "+https://github.com/framework-atlas/framework-atlas)")

# Signs that a 403/503/429 is a bot wall (a challenge page), not a missing page.
_CHALLENGE_MARKERS = (
    b"cf-chl", b"challenge-platform", b"just a moment...", b"attention required! | cloudflare",
    b"captcha", b"_incapsula_resource", b"ddos-guard", b"checking your browser", b"px-captcha",
    b"perimeterx", b"bot protection", b"are you a robot", b"access denied | ",
    b"errors.edgesuite.net",  # Akamai's "Access Denied" page
)
# CDNs whose bare 403 means "not for robots" far more often than "forbidden page".
_BOT_WALL_SERVERS = ("cloudflare", "akamaighost", "ddos-guard")


def now_utc() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0)


@dataclass
class Result:
    """What one URL check found."""

    url: str
    status: Status
    code: int | None = None        # last HTTP status seen, if any
    final_url: str | None = None   # where redirects ended
    detail: str = ""               # human-readable reason ("404 Not Found", "redirect loop")
    checked: dt.datetime = field(default_factory=now_utc)
    cached: bool = False           # came from the cache, not from this run

    @property
    def reached(self) -> bool:
        return self.status in REACHED

    def to_json(self) -> dict:
        data = asdict(self)
        data.pop("url")
        data.pop("cached")
        data["checked"] = self.checked.isoformat()
        return data

    @classmethod
    def from_json(cls, url: str, data: dict) -> "Result":
        checked = dt.datetime.fromisoformat(data["checked"])
        if checked.tzinfo is None:
            checked = checked.replace(tzinfo=dt.timezone.utc)
        if data["status"] not in ("ok", "redirected", "broken", "unverified", "anchor", "unreachable"):
            raise ValueError(f"unknown status {data['status']!r}")
        return cls(url=url, status=data["status"], code=data.get("code"), final_url=data.get("final_url"),
                   detail=str(data.get("detail", "")), checked=checked, cached=True)


@dataclass
class Settings:
    timeout: float = 10.0        # seconds, for one request (connect to last byte read)
    retries: int = 2             # extra attempts after 5xx, 429 and connection errors
    concurrency: int = 16        # requests at once, overall
    per_host: int = 2            # requests at once to one host
    max_redirects: int = 10
    backoff: float = 1.0         # first retry waits this long, then twice as long each time
    max_wait: float = 30.0       # cap on a server's Retry-After
    user_agent: str = USER_AGENT
    trust_env: bool = True       # honour HTTP(S)_PROXY / NO_PROXY


# -- small pure helpers -------------------------------------------------------

def fragment_to_find(url: str) -> str | None:
    """The anchor that must exist on the page, or None when there is none to verify.

    Not verifiable from HTML: empty fragments, text fragments (#:~:text=),
    client-side routes (#/x, #!x) and GitHub's line anchors (#L10-L20).
    """
    parts = urlsplit(url)
    frag = unquote(parts.fragment)
    if not frag or ":~:" in frag or frag.startswith(("/", "!")):
        return None
    host = (parts.hostname or "").lower()
    if host.endswith("github.com") and re.fullmatch(r"L\d+(C\d+)?(-L\d+(C\d+)?)?", frag):
        return None
    return frag


def has_anchor(ids: set[str], frag: str) -> bool:
    # GitHub prefixes ids of rendered Markdown headings; its script maps #x to them.
    return frag in ids or f"user-content-{frag}" in ids or f"user-content-{frag.lower()}" in ids


def parse_retry_after(value: str | None, now: dt.datetime | None = None) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.timezone.utc)
    return max(0.0, (when - (now or dt.datetime.now(dt.timezone.utc))).total_seconds())


def is_bot_wall(status: int, headers: httpx.Headers, body: bytes) -> bool:
    if status == 999:  # LinkedIn and a few others: "request denied"
        return True
    if status not in (403, 429, 503):
        return False
    if headers.get("cf-mitigated", "").lower() == "challenge":
        return True
    if headers.get("x-amzn-waf-action", "").lower() in ("captcha", "challenge"):
        return True
    if status == 403 and headers.get("server", "").lower().startswith(_BOT_WALL_SERVERS):
        return True
    lowered = body[:ERROR_BODY_LIMIT].lower()
    return any(marker in lowered for marker in _CHALLENGE_MARKERS)


def _reason(status: int) -> str:
    try:
        from http import HTTPStatus
        return f"{status} {HTTPStatus(status).phrase}"
    except ValueError:
        return str(status)


def _describe(exc: BaseException, timeout: float) -> str:
    if isinstance(exc, (TimeoutError, httpx.TimeoutException)):
        return f"timed out after {timeout:g} s"
    if isinstance(exc, httpx.ConnectError):
        return f"cannot connect: {exc}" if str(exc) else "cannot connect"
    text = str(exc) or type(exc).__name__
    return f"{type(exc).__name__}: {text}" if text != type(exc).__name__ else text


# -- fetching -----------------------------------------------------------------

class _Fatal(Exception):
    """A failure that retrying cannot fix (redirect loop, too many redirects, bad URL)."""


def _off_the_web(target: str) -> str:
    scheme = urlsplit(target).scheme
    return (f"the page sends readers on to {target}, which is not a web page "
            f"(a {scheme or 'scheme-less'} address)")


async def _refuse_other_schemes(response: httpx.Response) -> None:
    location = response.headers.get("location", "").strip()
    if response.status_code in REDIRECT_CODES and location:
        scheme = urlsplit(location).scheme.lower()
        if scheme and scheme not in ("http", "https"):
            raise _Fatal(_off_the_web(location))


@dataclass
class _Reply:
    status: int
    headers: httpx.Headers
    body: bytes
    final_url: str
    hops: int
    is_html: bool
    truncated: bool


@dataclass
class _Page:
    status: Status
    code: int | None = None
    final_url: str | None = None
    detail: str = ""
    ids: set[str] | None = None  # anchor ids when the page was read as HTML


class Checker:
    """Checks URLs with one shared client. Use `async with Checker(settings) as c`."""

    def __init__(self, settings: Settings | None = None, transport: httpx.AsyncBaseTransport | None = None):
        self.s = settings or Settings()
        self._transport = transport
        self._global = asyncio.Semaphore(max(1, self.s.concurrency))
        self._hosts: dict[str, asyncio.Semaphore] = defaultdict(lambda: asyncio.Semaphore(max(1, self.s.per_host)))
        self.client: httpx.AsyncClient | None = None

    async def __aenter__(self) -> "Checker":
        self.client = httpx.AsyncClient(
            follow_redirects=False,
            timeout=httpx.Timeout(self.s.timeout),
            limits=httpx.Limits(max_connections=max(1, self.s.concurrency),
                                max_keepalive_connections=max(1, self.s.concurrency)),
            headers={"User-Agent": self.s.user_agent,
                     "Accept": "text/html,application/xhtml+xml,*/*;q=0.8",
                     "Accept-Language": "en"},
            trust_env=self.s.trust_env,
            transport=self._transport,
            # httpx reads every Location before we see it and would fail with a bare
            # "invalid URL"; a redirect off the web is told in plain words instead
            event_hooks={"response": [_refuse_other_schemes]},
        )
        return self

    async def __aexit__(self, *exc) -> None:
        assert self.client is not None
        await self.client.aclose()

    # one request, no redirects followed
    async def _request(self, method: str, url: str, want_body: bool) -> _Reply:
        assert self.client is not None
        host = (urlsplit(url).hostname or "").lower()
        async with self._hosts[host], self._global:  # host first: waiting for a busy host holds no global slot
            async with asyncio.timeout(self.s.timeout):
                request = self.client.build_request(method, url)
                response = await self.client.send(request, stream=True)
                try:
                    ctype = response.headers.get("content-type", "").lower()
                    is_html = "html" in ctype or not ctype
                    body, truncated = b"", False
                    if method == "GET" and response.status_code not in REDIRECT_CODES:
                        limit = 0
                        if response.status_code >= 400:
                            limit = ERROR_BODY_LIMIT
                        elif want_body and is_html:
                            limit = BODY_LIMIT
                        if limit:
                            body, truncated = await _read_limited(response, limit)
                finally:
                    await response.aclose()
        return _Reply(response.status_code, response.headers, body, url, 0, is_html, truncated)

    async def _follow(self, url: str, method: str, want_body: bool) -> _Reply:
        visits: dict[str, int] = {url: 1}
        current, hops = url, 0
        while True:
            reply = await self._request(method, current, want_body)
            location = reply.headers.get("location")
            if reply.status not in REDIRECT_CODES or not location:
                reply.final_url, reply.hops = current, hops
                return reply
            target = urldefrag(urljoin(current, location.strip())).url
            if urlsplit(target).scheme not in ("http", "https"):
                raise _Fatal(_off_the_web(target))
            hops += 1
            if hops > self.s.max_redirects:
                raise _Fatal(f"too many redirects (more than {self.s.max_redirects})")
            seen = visits.get(target, 0)
            # A page may redirect to itself once to set a cookie; twice, or without a cookie, is a loop.
            if seen >= 2 or (seen and "set-cookie" not in reply.headers):
                raise _Fatal(f"redirect loop ({current} -> {target})")
            visits[target] = seen + 1
            if reply.status == 303:
                method = "GET"
            current = target

    async def _backoff(self, attempt: int) -> None:
        delay = self.s.backoff * (2 ** attempt)
        await asyncio.sleep(delay * (1 + random.random() * 0.1))

    async def check_page(self, page: str, want_body: bool) -> _Page:
        """One page (no fragment), with retries. `want_body`: read the HTML for anchors."""
        method = "GET" if want_body else "HEAD"
        attempt = 0
        while True:
            try:
                reply = await self._follow(page, method, want_body)
            except _Fatal as exc:
                return _Page("broken", detail=str(exc))
            except (httpx.InvalidURL, httpx.UnsupportedProtocol) as exc:
                return _Page("broken", detail=f"invalid URL: {exc}")
            except (httpx.TransportError, TimeoutError) as exc:
                # a HEAD that fails may be a server that mishandles HEAD: go on with GET
                method = "GET"
                if attempt < self.s.retries:
                    await self._backoff(attempt)
                    attempt += 1
                    continue
                if isinstance(exc, (httpx.ConnectError, httpx.ConnectTimeout)):
                    return _Page("unreachable", detail=_describe(exc, self.s.timeout))
                return _Page("broken", detail=_describe(exc, self.s.timeout))
            except httpx.HTTPError as exc:  # e.g. a body that does not decode: retrying will not help
                return _Page("broken", detail=_describe(exc, self.s.timeout))
            status = reply.status
            if method == "HEAD" and status >= 400 and status not in HEAD_REFUSED_RETRY:
                method = "GET"  # HEAD refused (405, 403, 501...) or unreliable: ask again with GET
                continue
            final = reply.final_url if reply.hops else None
            if status < 400:
                ids = anchor_ids(reply.body.decode("utf-8", "replace")) if (want_body and reply.is_html) else None
                if ids is not None and reply.truncated:
                    ids = None  # a page cut short cannot prove an anchor missing
                return _Page("redirected" if reply.hops else "ok", status, final, _reason(status), ids)
            if is_bot_wall(status, reply.headers, reply.body):
                return _Page("unverified", status, final, f"{_reason(status)} (bot protection page)")
            if status == 429 or status >= 500:
                if attempt < self.s.retries:
                    wait = parse_retry_after(reply.headers.get("retry-after")) if status in (429, 503) else None
                    if wait is None:
                        await self._backoff(attempt)
                    else:
                        await asyncio.sleep(min(wait, self.s.max_wait))
                    attempt += 1
                    continue
                tries = f" after {attempt + 1} attempts" if attempt else ""
                if status == 429:
                    return _Page("unverified", status, final, f"{_reason(status)}{tries} (rate limited)")
                return _Page("broken", status, final, f"{_reason(status)}{tries}")
            return _Page("broken", status, final, _reason(status))

    async def check_many(self, urls: Iterable[str]) -> dict[str, Result]:
        by_page: dict[str, list[str]] = defaultdict(list)
        for url in dict.fromkeys(urls):
            by_page[urldefrag(url).url].append(url)

        async def one(page: str, cited: list[str]) -> list[Result]:
            want_body = any(fragment_to_find(u) for u in cited)
            try:
                outcome = await self.check_page(page, want_body)
            except Exception as exc:  # noqa: BLE001  (one odd server must not stop the run)
                outcome = _Page("broken", detail=f"unexpected error: {type(exc).__name__}: {exc}")
            checked = now_utc()
            results = []
            for url in cited:
                frag = fragment_to_find(url)
                status, detail = outcome.status, outcome.detail
                if outcome.status in REACHED and frag and outcome.ids is not None and not has_anchor(outcome.ids, frag):
                    status, detail = "anchor", f"no id or name {frag!r} on the page"
                results.append(Result(url, status, outcome.code, outcome.final_url, detail, checked))
            return results

        done = await asyncio.gather(*(one(page, cited) for page, cited in by_page.items()))
        return {r.url: r for group in done for r in group}


async def _read_limited(response: httpx.Response, limit: int) -> tuple[bytes, bool]:
    chunks, size = [], 0
    async for chunk in response.aiter_bytes():
        chunks.append(chunk)
        size += len(chunk)
        if size >= limit:
            return b"".join(chunks)[:limit], True
    return b"".join(chunks), False


async def check_urls_async(urls: Iterable[str], settings: Settings | None = None,
                           transport: httpx.AsyncBaseTransport | None = None) -> dict[str, Result]:
    async with Checker(settings, transport) as checker:
        return await checker.check_many(urls)


def check_urls(urls: Iterable[str], settings: Settings | None = None,
               transport: httpx.AsyncBaseTransport | None = None) -> dict[str, Result]:
    """Check every URL; returns url -> Result. Never raises for a bad link."""
    urls = list(urls)
    if not urls:
        return {}
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(check_urls_async(urls, settings, transport))
    # Called from code that already runs an event loop (e.g. next to Playwright's
    # sync API): run ours in a worker thread instead of failing.
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, check_urls_async(urls, settings, transport)).result()
