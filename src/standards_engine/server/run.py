"""Starting the server: who may connect, what it logs, then uvicorn."""
from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

from ..errors import InputError, msg

TOKEN_ENV = "STANDARDS_TOKEN"
LOOPBACK = ("127.0.0.1", "::1", "localhost")


def token_for(host: str, token_file: Path | None) -> str | None:
    """The bearer token the server demands, or None on loopback without one. Beyond loopback one is required."""
    token = None
    if token_file is not None:
        try:
            token = token_file.read_text(encoding="utf-8").strip()
        except (OSError, UnicodeDecodeError) as e:
            raise InputError(msg("token_file_unreadable", file=token_file, error=e.__class__.__name__)) from None
        if not token:
            raise InputError(msg("token_file_empty", file=token_file))
    elif os.environ.get(TOKEN_ENV, "").strip():
        token = os.environ[TOKEN_ENV].strip()
    if token is not None and len(token) < 16:
        raise InputError(msg("token_too_short"))
    if token is None and host not in LOOPBACK:
        raise InputError(msg("token_needed", host=host, env=TOKEN_ENV))
    return token


def banner(host: str, port: int, root: Path, token: str | None, lang: str = "da") -> str:
    shown = f"[{host}]" if ":" in host else host
    if lang == "en":
        who = ("only this machine can connect" if host in LOOPBACK else "reachable from other machines")
        auth = ("every request except /v1/health must carry 'Authorization: Bearer <token>'" if token else "no token required")
        return (f"standards serve: http://{shown}:{port}/ ({who}; {auth}).\nStandards: {root}\n"
                f"The access log has method, path, status and time only; profiles are never logged or stored.")
    who = "kun denne maskine kan forbinde" if host in LOOPBACK else "kan nås fra andre maskiner"
    auth = ("hver forespørgsel undtagen /v1/health skal have 'Authorization: Bearer <adgangstegn>'" if token
            else "intet adgangstegn kræves")
    return (f"standards serve: http://{shown}:{port}/ ({who}; {auth}).\nStandarder: {root}\n"
            f"Adgangsloggen har metode, sti, status og tid, intet andet; profiler logges og gemmes aldrig.")


def serve(host: str, port: int, root: Path, token: str | None, lang: str = "da") -> None:
    import uvicorn

    from .app import create_app, wrap
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(message)s"))
    for name in ("standards_engine.server.access", "standards_engine.server.error"):
        log = logging.getLogger(name)
        log.handlers[:] = [handler]
        log.setLevel(logging.INFO)
        log.propagate = False
    print(banner(host, port, root.resolve(), token, lang), file=sys.stderr, flush=True)
    # uvicorn's own access log has the client's address and the query string: ours has neither.
    uvicorn.run(wrap(create_app(root), token), host=host, port=port, access_log=False, log_level="warning",
                server_header=False, proxy_headers=False)
