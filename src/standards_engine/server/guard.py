"""The outermost layer of the server: what every request passes before any route sees it.

Bearer token (when the server listens beyond loopback), body size (413), content type (415), nesting depth,
CPR numbers anywhere in the path, query or body (422, never echoed), security headers, and the access log
(method, path, status, time: nothing else, since bodies hold personal data). A fault inside a route becomes a
500 in JSON without a traceback, and its log line names the exception's class only.
"""
from __future__ import annotations

import hmac
import json
import logging
import re
import time
from typing import Any, Awaitable, Callable
from urllib.parse import parse_qsl, unquote

from ..cpr import looks_like_cpr, redact
from .problems import ApiError, problem

access_log = logging.getLogger("standards_engine.server.access")
error_log = logging.getLogger("standards_engine.server.error")

MAX_BODY = 256 * 1024      # a profile may have 100 kB (yamlio.MAX_PROFILE_BYTES); the envelope little more
MAX_BATCH_BODY = 32 * 1024 * 1024  # a caseload of some 100,000 profiles; read whole, evaluated as a stream
MAX_DEPTH = 64             # as a profile file (yamlio.MAX_DEPTH)

JSON_TYPES = ("application/json",)
JSONL_TYPES = ("application/x-ndjson", "application/jsonl", "application/jsonlines", "application/json-lines")
FORM_TYPES = ("application/x-www-form-urlencoded",)
# What each POST route takes; anything else is refused before the route sees it.
BODY_TYPES: dict[str, tuple[str, ...]] = {
    "/v1/check": JSON_TYPES, "/v1/interview/next": JSON_TYPES, "/v1/letter": JSON_TYPES,
    "/v1/batch": JSONL_TYPES,
}
PUBLIC = ("/v1/health",)   # a load balancer's probe needs no token

_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.S)
_BRACKET = re.compile(r"[\[\]{}]")

Send = Callable[[dict], Awaitable[None]]


def json_depth(text: str) -> int:
    """How deep a JSON text nests, counted without parsing it (json.loads recurses and would fail past ~1000)."""
    depth = best = 0
    for m in _BRACKET.finditer(_STRING.sub('""', text)):
        depth += 1 if m.group() in "[{" else -1
        best = max(best, depth)
    return best


def media_type(headers: dict[bytes, bytes]) -> str:
    return headers.get(b"content-type", b"").decode("latin-1").split(";")[0].strip().lower()


class Guard:
    def __init__(self, app: Any, token: str | None = None, max_body: int = MAX_BODY):
        self.app, self.token, self.max_body = app, token, max_body

    async def __call__(self, scope: dict, receive: Callable, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        start = time.perf_counter()
        status = {"code": 0}

        async def send_with_headers(message: dict) -> None:
            if message["type"] == "http.response.start":
                status["code"] = message["status"]
                headers = list(message.get("headers") or [])
                given = {k.lower() for k, _ in headers}
                message["headers"] = headers + [(k, v) for k, v in _SECURITY_HEADERS if k not in given]
            await send(message)

        try:
            try:
                body = await self._admit(scope, receive)
            except ApiError as e:
                await self._refuse(scope, e, send_with_headers)
                return
            if body is None:
                inner_receive = receive
            else:
                sent = False

                async def inner_receive() -> dict:
                    nonlocal sent
                    if not sent:
                        sent = True
                        return {"type": "http.request", "body": body, "more_body": False}
                    return await receive()
            await self.app(scope, inner_receive, send_with_headers)
        except Exception as e:  # a fault of ours: one line, no traceback, no data
            error_log.error("internal error %s on %s %s", e.__class__.__name__, scope.get("method"), _safe_path(scope))
            if not status["code"]:
                await self._refuse(scope, problem("internal"), send_with_headers)
        finally:
            access_log.info("%s %s %s %.1fms", scope.get("method"), _safe_path(scope), status["code"] or 500,
                            (time.perf_counter() - start) * 1000)

    async def _admit(self, scope: dict, receive: Callable) -> bytes | None:
        """Check a request before routing; return its body (read whole, up to the limit) or None to stream it."""
        path = scope["path"]
        headers = dict(scope.get("headers") or ())
        if self.token is not None and path not in PUBLIC:
            given = headers.get(b"authorization", b"").decode("latin-1")
            if not (given.startswith("Bearer ") and hmac.compare_digest(given[7:].strip().encode(), self.token.encode())):
                raise problem("unauthorized", headers={"WWW-Authenticate": "Bearer"})
        query = scope.get("query_string", b"").decode("latin-1")
        if looks_like_cpr(unquote(path)) or looks_like_cpr(unquote(query)) or \
                any(looks_like_cpr(v) for _, v in parse_qsl(query, keep_blank_values=True)):
            raise problem("cpr_refused")
        if scope["method"] not in ("POST", "PUT", "PATCH"):
            return None
        expected = BODY_TYPES.get(path, FORM_TYPES if not path.startswith("/v1/") else None)
        mtype = media_type(headers)
        if expected is not None and mtype not in expected:
            raise problem("unsupported_media_type", field="content-type", expected=", ".join(expected))
        limit = MAX_BATCH_BODY if path == "/v1/batch" else self.max_body
        declared = headers.get(b"content-length")
        if declared is not None:
            try:
                if int(declared) > limit:
                    raise problem("too_large", limit=limit)
            except ValueError:
                raise problem("invalid_json") from None
        chunks, size = [], 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                break
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > limit:
                raise problem("too_large", limit=limit)
            chunks.append(chunk)
            if not message.get("more_body"):
                break
        body = b"".join(chunks)
        if path != "/v1/batch":  # a caseload's lines are checked one by one: a bad line is an error line, not a refusal
            check_body(body, mtype)
        return body

    async def _refuse(self, scope: dict, e: ApiError, send: Send) -> None:
        from .pages import error_page
        if scope["path"].startswith("/v1/") or scope["path"] == "/openapi.json":
            payload = json.dumps(e.body(), ensure_ascii=False).encode("utf-8")
            ctype = b"application/json"
        else:
            payload = error_page(e).encode("utf-8")
            ctype = b"text/html; charset=utf-8"
        headers = [(b"content-type", ctype), (b"content-length", str(len(payload)).encode())]
        headers += [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in (e.headers or {}).items()]
        await send({"type": "http.response.start", "status": e.status, "headers": headers})
        await send({"type": "http.response.body", "body": payload})


def check_body(body: bytes, mtype: str) -> None:
    """A JSON or form body: UTF-8, not nested too deep, no CPR number in any spelling (escapes undone first)."""
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        raise problem("invalid_json") from None
    if looks_like_cpr(text):
        raise problem("cpr_refused")
    if mtype in JSON_TYPES:
        if json_depth(text) > MAX_DEPTH:
            raise problem("too_deep", limit=MAX_DEPTH)
        try:
            data = json.loads(text, object_pairs_hook=_no_duplicates, parse_constant=_no_constant)
        except _Duplicate:
            raise problem("duplicate_key") from None
        except (ValueError, RecursionError):
            raise problem("invalid_json") from None
        if looks_like_cpr(data):  # "\u0030101901234" is a CPR number once the escapes are read
            raise problem("cpr_refused")
    elif mtype in FORM_TYPES:
        if any(looks_like_cpr(k) or looks_like_cpr(v) for k, v in parse_qsl(text, keep_blank_values=True)):
            raise problem("cpr_refused")


class _Duplicate(ValueError):
    pass


def _no_duplicates(pairs: list) -> dict:
    """A key given twice would be read as its last value without a word: refused instead."""
    d = dict(pairs)
    if len(d) != len(pairs):
        raise _Duplicate
    return d


def _no_constant(name: str) -> None:
    raise ValueError(name)  # NaN and Infinity are not JSON


def _safe_path(scope: dict) -> str:
    """The path as logged: no query string (it may carry a date or worse), no CPR-like number, no control characters."""
    path = redact(unquote(scope.get("path", "")))
    return "".join(c if c.isprintable() else "?" for c in path)[:200]


_SECURITY_HEADERS = [
    (b"x-content-type-options", b"nosniff"),
    (b"cache-control", b"no-store"),           # answers are about a citizen: no cache keeps them
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"content-security-policy", b"default-src 'self'; style-src 'self'; script-src 'self'; frame-ancestors 'none'; form-action 'self'"),
]
