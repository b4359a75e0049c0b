"""Unreadable files and folders, tried as a user without the power to read them (issue 7 items 6 and 7).

CI runs as root, and root reads anything whatever its mode says, so `chmod 000` alone proves nothing: a
program that skipped an unreadable folder in silence would pass. So each command here runs as its own
process with the permission checks in force: as the user running the tests when that is not root, and when
it is root, as root without its capabilities (the bounding set emptied before exec, as `setpriv
--bounding-set=-all` does), so a mode of 000 stops it as it stops anyone. A probe checks that this holds
before any case runs; the cases are skipped only when privileges cannot be dropped at all.

Each case must end with exit 2 (1 for validate and test) and name what could not be read; never exit 70,
never a traceback, never a silent exit 0.
"""
from __future__ import annotations

import ctypes
import ctypes.util
import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent.parent
PR_CAPBSET_DROP = 24


def _drop_capabilities() -> None:
    """In the child before exec: empty the capability bounding set, so root after exec has no capabilities
    (no CAP_DAC_OVERRIDE, no CAP_DAC_READ_SEARCH) and file modes apply to it as to its owner."""
    libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
    for cap in range(64):
        libc.prctl(PR_CAPBSET_DROP, cap, 0, 0, 0)  # past the last capability it fails (EINVAL): nothing to drop


def _preexec():
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        return None  # an ordinary user: permissions apply already
    if not sys.platform.startswith("linux"):
        return "skip"
    return _drop_capabilities


def run(args: list[str], cwd: Path, cache: Path | str | None = None, stdin: bytes = b"") -> subprocess.CompletedProcess:
    pre = _preexec()
    env = {**os.environ, "PYTHONIOENCODING": "utf-8",
           "STANDARDS_CACHE_DIR": str(cache) if cache is not None else str(cwd / "cache")}
    env.pop("STANDARDS_DIR", None)
    env.pop("STANDARDS_DEBUG", None)
    return subprocess.run([sys.executable, "-m", "standards_engine", *args], input=stdin, capture_output=True,
                          env=env, cwd=cwd, timeout=120, preexec_fn=pre if callable(pre) else None)


@pytest.fixture(scope="module")
def unprivileged(tmp_path_factory) -> None:
    """Skip unless a command run by `run` is refused a file of mode 000 (the probe the whole module rests on)."""
    pre = _preexec()
    if pre == "skip":
        pytest.skip("running as root where privileges cannot be dropped")
    d = tmp_path_factory.mktemp("probe")
    secret = d / "secret"
    secret.write_text("x")
    secret.chmod(0)
    r = subprocess.run([sys.executable, "-c", f"open({str(secret)!r}).read()"], capture_output=True,
                       preexec_fn=pre if callable(pre) else None, timeout=60)
    if r.returncode == 0:
        pytest.skip("a file of mode 000 is readable here even without privileges (cannot test unreadable files)")


@pytest.fixture
def tree(tmp_path, unprivileged) -> Path:
    """A copy of the standards tree (so same_as pointers and _sources are there), in a working folder;
    permissions are restored afterwards so pytest can remove it."""
    shutil.copytree(REPO / "standards", tmp_path / "standards")
    (tmp_path / "profile.yaml").write_text("age: 40\nliving_situation: own_home\n", "utf-8")
    yield tmp_path / "standards"
    for folder, dirs, files in os.walk(tmp_path):
        for name in dirs:
            os.chmod(os.path.join(folder, name), 0o755)
    for p in tmp_path.rglob("*"):
        if not p.is_symlink() and p.is_file():
            p.chmod(0o644)


def said(r: subprocess.CompletedProcess) -> str:
    return (r.stdout + r.stderr).decode("utf-8", errors="replace")


def kept_promise(r: subprocess.CompletedProcess, code: int, *names: str) -> None:
    out = said(r)
    assert r.returncode != 70 and "Traceback" not in out, out
    assert r.returncode == code, out
    for name in names:
        assert name in out, f"{name!r} not named:\n{out}"


def check_args(municipality: str, service: str) -> list[str]:
    return ["check", "profile.yaml", "-m", municipality, "-s", service, "--date", "2025-03-01",
            "--standards-dir", "standards"]


@pytest.mark.parametrize("folder", ["haderslev", "ishoj/sel-85"], ids=["municipality folder", "service folder"])
def test_an_unreadable_folder_is_an_error_for_every_command(tree, folder):
    blocked = tree / folder
    blocked.chmod(0)
    cwd = tree.parent
    kept_promise(run(["validate", "--standards-dir", "standards"], cwd), 1, folder)
    kept_promise(run(["test", "--standards-dir", "standards"], cwd), 1, folder)
    kept_promise(run(["describe", "--standards-dir", "standards"], cwd), 2, folder)
    municipality, _, service = folder.partition("/")
    kept_promise(run(check_args(municipality, service or "sel-102"), cwd), 2, folder)


def test_an_unreadable_revision_is_named(tree):
    (tree / "ishoj" / "sel-85" / "2024-01-01.yaml").chmod(0)
    cwd = tree.parent
    kept_promise(run(["validate", "--standards-dir", "standards"], cwd), 1, "ishoj/sel-85/2024-01-01.yaml")
    kept_promise(run(["describe", "standards/ishoj/sel-85", "--standards-dir", "standards"], cwd), 2,
                 "ishoj/sel-85/2024-01-01.yaml")
    kept_promise(run(check_args("ishoj", "sel-85"), cwd), 2, "ishoj/sel-85/2024-01-01.yaml")


def test_an_unreadable_case_file_fails_test(tree):
    case_file = next((tree / "ishoj" / "sel-85" / "tests").glob("*.yaml"))
    case_file.chmod(0)
    r = run(["test", "--standards-dir", "standards"], tree.parent)
    kept_promise(r, 1, case_file.name, "kan ikke læses")
    r = run(["test", "standards/ishoj/sel-85", "--standards-dir", "standards", "--lang", "en"], tree.parent)
    kept_promise(r, 1, case_file.name, "cannot be read")


def test_an_unreadable_tests_folder_fails_test(tree):
    (tree / "ishoj" / "sel-85" / "tests").chmod(0)
    kept_promise(run(["test", "--standards-dir", "standards"], tree.parent), 1, "ishoj/sel-85/tests")


def test_a_same_as_pointer_into_an_unreadable_folder(tree):
    (tree / "ishoj" / "sel-85").chmod(0)
    cwd = tree.parent
    pointer = "vallensbaek/sel-85/2015-11-01.yaml"
    kept_promise(run(["validate", "standards/vallensbaek", "--standards-dir", "standards"], cwd), 1, pointer, "same_as")
    kept_promise(run(["describe", "standards/vallensbaek/sel-85", "--standards-dir", "standards"], cwd), 2, pointer)
    kept_promise(run(["test", "standards/vallensbaek", "--standards-dir", "standards"], cwd), 1, pointer)
    kept_promise(run(check_args("vallensbaek", "sel-85"), cwd), 2, pointer)


def test_an_unreadable_sources_folder_fails_validate(tree):
    (tree / "_sources").chmod(0)
    kept_promise(run(["validate", "standards/ishoj/sel-85", "--standards-dir", "standards"], tree.parent), 1, "_sources")


def test_an_unreadable_source_document_fails_validate(tree):
    (tree / "_sources" / "003_638059255b5fe559.txt").chmod(0)
    kept_promise(run(["validate", "standards/ishoj/sel-85", "--standards-dir", "standards"], tree.parent), 1,
                 "003_638059255b5fe559.txt", "Permission denied")


def test_an_unreadable_profile_is_named(tree):
    (tree.parent / "profile.yaml").chmod(0)
    kept_promise(run(check_args("ishoj", "sel-85"), tree.parent), 2, "profile.yaml")


def test_describe_update_on_a_read_only_page_leaves_it_whole(tree):
    page = tree.parent / "page.md"
    text = "# Side\n<!-- standards describe standards/ishoj/sel-85 -->\n<!-- /standards describe -->\nHåndskrevet tekst.\n"
    page.write_text(text, "utf-8")
    page.chmod(0o444)
    r = run(["describe", "--update", "page.md", "--standards-dir", "standards"], tree.parent)
    kept_promise(r, 2, "page.md")
    assert page.read_text("utf-8") == text
    page.chmod(0o644)
    tree.parent.chmod(0o555)  # the folder read-only: no temporary file can be made beside the page
    try:
        r = run(["describe", "--update", "page.md", "--standards-dir", "standards"], tree.parent)
    finally:
        tree.parent.chmod(0o755)
    kept_promise(r, 2, "page.md")
    assert page.read_text("utf-8") == text
    assert not [p for p in tree.parent.iterdir() if p.name.endswith(".tmp")]


def test_schema_to_a_read_only_folder(tree):
    out = tree.parent / "out"
    out.mkdir()
    out.chmod(0o555)
    kept_promise(run(["schema", "-o", "out/standard.schema.json"], tree.parent), 2, "standard.schema.json")
    assert list(out.iterdir()) == []


def _entries(cache: Path) -> list[Path]:
    return sorted(p for p in cache.iterdir() if p.name.endswith(".json"))


# (empty, non-UTF-8 and wrong-shaped entries are tried in process by tests/test_cache.py; here what needs a real user)
DAMAGES = ["mode 000", "truncated", "a fifo", "edited"]


def test_a_damaged_cache_entry_is_a_miss(tree):
    """Whatever is wrong with an entry, the answer is the one without a cache: exit 0, the same output."""
    cwd = tree.parent
    cache = cwd / "cache"
    args = check_args("ishoj", "sel-85") + ["--format", "json"]
    cold = run(args, cwd, cache="")
    assert cold.returncode == 0, said(cold)
    for damage in DAMAGES:
        kept_promise(run(args, cwd, cache), 0)  # writes (or rewrites) the entries
        entries = _entries(cache)
        assert entries, "no cache entries were written"
        for p in entries:
            data = p.read_bytes()
            if damage == "mode 000":
                p.chmod(0)
            elif damage == "empty":
                p.write_bytes(b"")
            elif damage == "truncated":
                p.write_bytes(data[: len(data) // 2])
            elif damage == "not utf-8":
                p.write_bytes(b"\xff\xfe" + data[2:])
            elif damage == "a folder":
                p.unlink()
                p.mkdir()
            elif damage == "a fifo":
                p.unlink()
                os.mkfifo(p)
            elif damage == "edited":
                p.write_bytes(data.replace(b"90", b"200"))
        warm = run(args, cwd, cache)
        kept_promise(warm, 0)
        assert warm.stdout == cold.stdout, damage
        assert not [p for p in cache.iterdir() if p.name.endswith(".tmp")], damage
        for p in cache.iterdir():
            if p.is_dir():
                p.rmdir()
            elif not p.is_file():
                p.unlink()
    kept_promise(run(["validate", "standards/ishoj", "--standards-dir", "standards"], cwd, cache), 0)


def test_an_unreadable_cache_folder_turns_the_cache_off(tree):
    cwd = tree.parent
    cache = cwd / "cache"
    cache.mkdir(mode=0o700)
    args = check_args("ishoj", "sel-85") + ["--format", "json"]
    cold = run(args, cwd, cache="")
    cache.chmod(0)
    try:
        warm = run(args, cwd, cache)
    finally:
        cache.chmod(0o700)
    kept_promise(warm, 0)
    assert warm.stdout == cold.stdout
    assert stat.S_IMODE(cache.stat().st_mode) == 0o700
