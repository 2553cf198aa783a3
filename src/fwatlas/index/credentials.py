"""Credentials in URLs: kept for the request, never stored, printed or shown.

pip index URLs often carry a token (`https://user:token@host/simple/`, or
PIP_INDEX_URL in CI), and an index or a redirect may put one in the query string
(`?token=...`, a signed download link). `public_url` is the form that may be
written, printed or rendered; `credentials_in` names what a URL carries (for the
rule source.credentials); `scrub` is the last line of defence for text that
came from elsewhere (an exception message) before it is printed.

Plain string work (urllib only), so the checker and the renderer can use it
without importing the HTTP client.
"""
from __future__ import annotations

import re
from urllib.parse import SplitResult, unquote, urlsplit, urlunsplit

# Query (or fragment) parameter names that carry a secret: token=, access_token=, private_token=,
# key=, api_key=, password=, secret=, X-Amz-Signature=, sig=, ...
_SECRET_NAME = re.compile(
    r"^(key|sig|pwd|pass|auth|apikey)$"
    r"|token|passw|secret|credential|signature|authorization|api[-_]?key|access[-_]?key|private[-_]?key",
    re.IGNORECASE)
# "//user:password@host": user info anywhere in a text, for scrub()
_USERINFO_IN_TEXT = re.compile(r"(?<=//)[^/?#@\s]*@")
_SECRET_PARAM_IN_TEXT = re.compile(r"([?&#;]([^=&#\s]*)=)([^&#\s]*)")
MASK = "***"


def secret_name(name: str) -> bool:
    return bool(_SECRET_NAME.search(unquote(name).strip()))


def _split(url: str) -> SplitResult | None:
    try:
        return urlsplit(url)
    except ValueError:  # a malformed host ("http://[::1"): handled by the text scrub
        return None


def _kept_params(text: str) -> tuple[str, list[str]]:
    """A query or fragment without its secret parameters, and the names dropped."""
    if "=" not in text:
        return text, []
    kept, dropped = [], []
    for part in text.split("&"):
        name, eq, _ = part.partition("=")
        if eq and secret_name(name):
            dropped.append(unquote(name))
        else:
            kept.append(part)
    return "&".join(kept), dropped


def credentials_in(url: str) -> list[str]:
    """What in this URL is a credential: "user info", "the query parameter token", ... (empty: none)."""
    parts = _split(url)
    if parts is None:
        return ["user info"] if _USERINFO_IN_TEXT.search(url) else []
    found = ["user info"] if "@" in parts.netloc else []
    for text in (parts.query, parts.fragment):
        found += [f"the parameter {name}=" for name in _kept_params(text)[1]]
    return found


def public_url(url: str) -> str:
    """The URL without user info and without parameters that look like secrets; unchanged when it
    carries none (so a URL is never re-encoded for nothing)."""
    parts = _split(url)
    if parts is None:
        return scrub(url)
    if "@" not in parts.netloc and not credentials_in(url):
        return url
    netloc = parts.netloc.rpartition("@")[2]
    query, _ = _kept_params(parts.query)
    fragment, _ = _kept_params(parts.fragment)
    return urlunsplit((parts.scheme, netloc, parts.path, query, fragment))


def secrets_of(url: str) -> list[str]:
    """The secret strings a URL carries (user name, password, secret parameter values), raw and
    decoded, for scrub()."""
    parts = _split(url)
    if parts is None:
        return []
    found = []
    userinfo = parts.netloc.rpartition("@")[0] if "@" in parts.netloc else ""
    for piece in userinfo.split(":", 1) if userinfo else []:
        found += [piece, unquote(piece)]
    for text in (parts.query, parts.fragment):
        for part in text.split("&"):
            name, eq, value = part.partition("=")
            if eq and value and secret_name(name):
                found += [value, unquote(value)]
    # a short user name ("user", "ci") is not worth hiding and would garble every message
    return sorted({s for s in found if len(s) >= 4}, key=len, reverse=True)


def scrub(text: str, secrets: list[str] | tuple[str, ...] = ()) -> str:
    """Text without user info in any URL it quotes, without the values of secret-looking
    parameters, and without any of the given secret strings."""
    for secret in secrets:
        text = text.replace(secret, MASK)
    text = _USERINFO_IN_TEXT.sub("", text)
    return _SECRET_PARAM_IN_TEXT.sub(lambda m: m[1] + MASK if secret_name(m[2]) else m[0], text)
