"""`standards serve` as it is started: a real uvicorn on 127.0.0.1 and a free port, asked over the wire."""
from __future__ import annotations

import http.client
import json
import os
import shutil
import subprocess
import sys

import pytest

pytest.importorskip("uvicorn")

from conftest import REPO  # noqa: E402
from live_server import start, stop  # noqa: E402

EXAMPLE = "examples/aflastning-120-doegn.yaml"
CLI_ARGS = ["-m", "ishoj", "-s", "sel-107-aflastning", "--date", "2025-03-01"]


@pytest.fixture(scope="module")
def server():
    proc, port = start()
    yield port
    stop(proc)


def raw(port: int, method: str, path: str, body: bytes = b"", headers: dict | None = None) -> tuple[int, dict, bytes]:
    """A request sent as written: no client tidies the path."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.putrequest(method, path, skip_accept_encoding=True)
    for k, v in {"Content-Length": str(len(body)), **(headers or {})}.items():
        conn.putheader(k, v)
    conn.endheaders(body)
    r = conn.getresponse()
    return r.status, dict(r.getheaders()), r.read()


def cli_json() -> bytes:
    return subprocess.run([sys.executable, "-m", "standards_engine", "check", EXAMPLE, *CLI_ARGS, "--format", "json"],
                          cwd=REPO, capture_output=True, check=True).stdout


def request_body() -> bytes:
    from standards_engine.profile_io import load_profile
    profile = json.loads(json.dumps(load_profile(str(REPO / EXAMPLE)), default=str))
    return json.dumps({"municipality": "ishoj", "service": "sel-107-aflastning", "date": "2025-03-01",
                       "profile": profile}).encode()


def test_check_over_http_is_byte_for_byte_the_cli_json(server):
    status, headers, body = raw(server, "POST", "/v1/check", request_body(), {"Content-Type": "application/json"})
    assert status == 200 and headers["content-type"] == "application/json"
    assert body == cli_json()


@pytest.mark.skipif(shutil.which("curl") is None, reason="curl is not installed")
def test_curl_as_the_readme_shows(server, tmp_path):
    (tmp_path / "req.json").write_bytes(request_body())
    out = subprocess.run(["curl", "-sS", "-H", "Content-Type: application/json", "--data-binary", f"@{tmp_path / 'req.json'}",
                          f"http://127.0.0.1:{server}/v1/check"], capture_output=True, check=True).stdout
    assert out == cli_json()


@pytest.mark.parametrize("path", ["/v1/standards/ishoj/..", "/v1/standards/../../etc/passwd", "/v1/standards/ishoj/%2e%2e",
                                  "/v1/standards/..%2f..%2fetc/passwd", "/v1/standards/ishoj/sel-85/../../../x",
                                  "/../../etc/passwd", "/static/../../../../etc/passwd", "/static/..%2f..%2fapp.py"])
def test_path_tricks_over_the_wire_are_4xx(server, path):
    status, headers, body = raw(server, "GET", path)
    assert 400 <= status < 500, (path, status)
    assert b"root:" not in body and b"Traceback" not in body and b"import" not in body


def test_a_huge_body_is_413_before_it_is_read(server):
    status, _, body = raw(server, "POST", "/v1/check", b"{}", {"Content-Type": "application/json",
                                                               "Content-Length": str(50_000_000)})
    assert status == 413 and json.loads(body)["code"] == "too_large"


def test_beyond_loopback_a_token_is_required():
    r = subprocess.run([sys.executable, "-m", "standards_engine", "serve", "--host", "0.0.0.0", "--port", "1"],
                       cwd=REPO, capture_output=True, text=True, env={k: v for k, v in os.environ.items() if k != "STANDARDS_TOKEN"})
    assert r.returncode == 2 and "--token-file" in r.stderr and "Traceback" not in r.stderr


def test_with_a_token_every_request_but_health_needs_it(tmp_path):
    token = "s3cret-token-for-the-test-0123456789"
    (tmp_path / "token").write_text(token + "\n")
    proc, port = start("--token-file", str(tmp_path / "token"))
    try:
        assert raw(port, "GET", "/v1/health")[0] == 200
        status, headers, body = raw(port, "GET", "/v1/standards")
        assert status == 401 and json.loads(body)["code"] == "unauthorized" and headers["www-authenticate"] == "Bearer"
        assert raw(port, "GET", "/v1/standards", headers={"Authorization": "Bearer wrong"})[0] == 401
        assert raw(port, "GET", "/v1/standards", headers={"Authorization": f"Bearer {token}"})[0] == 200
    finally:
        err = stop(proc)
    assert "Authorization: Bearer" in err  # said at start
    assert token not in err


def test_the_log_holds_no_profile(tmp_path):
    proc, port = start()
    try:
        body = request_body().replace(b"eksempel-aflastning-1", b"hemmelig-sag-42")
        assert raw(port, "POST", "/v1/check?hemmelig=1", body, {"Content-Type": "application/json"})[0] == 200
        assert raw(port, "POST", "/v1/check", body.replace(b"hemmelig-sag-42", b"010190-1234"),
                   {"Content-Type": "application/json"})[0] == 422
    finally:
        err = stop(proc)
    assert "POST /v1/check 200" in err and "POST /v1/check 422" in err
    assert "hemmelig" not in err and "1234" not in err and "with_relatives" not in err


def test_check_imports_none_of_the_servers_libraries():
    """The [server] extra is for `serve`: `standards check` starts as before (decision 0006)."""
    r = subprocess.run([sys.executable, "-X", "importtime", "-m", "standards_engine", "check", EXAMPLE, *CLI_ARGS,
                        "--format", "json"], cwd=REPO, capture_output=True, text=True)
    assert r.returncode == 0
    names = {line.split("|")[-1].strip().split(".")[0] for line in r.stderr.splitlines() if line.startswith("import time:")}
    assert not names & {"fastapi", "starlette", "uvicorn", "jinja2", "httpx", "anyio", "selenium"}
