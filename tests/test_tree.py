"""The one walk over a standards tree: found from a subfolder as git finds a repository, nothing unreadable
skipped in silence, only regular files read."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import copy_service
from conftest import STANDARDS
from standards_engine.cli import app

runner = CliRunner()
AFL = Path("ishoj") / "sel-107-aflastning"


def municipal_repo(tmp_path: Path) -> Path:
    """A municipality's repository: <repo>/standards/<municipality>/<service>/ with one revision and its cases."""
    repo = tmp_path / "repo"
    copy_service(STANDARDS / AFL, repo / "standards" / AFL)
    shutil.copytree(STANDARDS / "_sources", repo / "standards" / "_sources")
    (repo / ".git").mkdir()
    return repo


def test_validate_in_a_subfolder_checks_the_tree_above_and_says_so_first(tmp_path, monkeypatch):
    repo = municipal_repo(tmp_path)
    monkeypatch.delenv("STANDARDS_DIR", raising=False)
    monkeypatch.chdir(repo / "standards" / "ishoj")
    r = runner.invoke(app, ["validate"])
    assert r.exit_code == 0, r.output
    first = r.stdout.splitlines()[0]
    assert first == f"Standardtræ: {(repo / 'standards').resolve()}"
    assert "1 standard kontrolleret" in r.stdout
    r = runner.invoke(app, ["test", "--lang", "en"])
    assert r.exit_code == 0 and r.stdout.splitlines()[0].startswith("Standards tree: ") and "passed" in r.stdout


def test_from_a_repository_root_its_standards_folder_is_the_tree(tmp_path, monkeypatch):
    repo = municipal_repo(tmp_path)
    monkeypatch.delenv("STANDARDS_DIR", raising=False)
    monkeypatch.chdir(repo)
    r = runner.invoke(app, ["validate"])
    assert r.exit_code == 0 and r.stdout.splitlines()[0] == "Standardtræ: standards"


def _unreadable(monkeypatch, folder: Path) -> None:
    """A folder the user may not read (tests run as root, where chmod would not stop it)."""
    real = os.scandir

    def scandir(path="."):
        if Path(path).resolve() == folder.resolve():
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)
    monkeypatch.setattr(os, "scandir", scandir)


@pytest.mark.parametrize("command", ["validate", "test", "describe"])
def test_an_unreadable_folder_is_an_error_that_names_it(tmp_path, monkeypatch, command):
    repo = municipal_repo(tmp_path)
    blocked = repo / "standards" / "ishoj"
    _unreadable(monkeypatch, blocked)
    r = runner.invoke(app, [command, "--standards-dir", str(repo / "standards")])
    assert r.exit_code == (2 if command == "describe" else 1), r.output  # 1 is validate's and test's "found errors"
    assert str(blocked) in r.output and "kan ikke læses" in r.output


def test_an_unreadable_service_folder_is_named_by_check_too(tmp_path, monkeypatch):
    repo = municipal_repo(tmp_path)
    blocked = repo / "standards" / AFL
    real = Path.iterdir

    def iterdir(self):
        if self.resolve() == blocked.resolve():
            raise PermissionError(13, "Permission denied")
        return real(self)
    monkeypatch.setattr(Path, "iterdir", iterdir)
    profile = tmp_path / "p.yaml"
    profile.write_text("age: 30\n", encoding="utf-8")
    r = runner.invoke(app, ["check", str(profile), "-m", "ishoj", "-s", "sel-107-aflastning", "--date", "2025-03-01",
                            "--standards-dir", str(repo / "standards")])
    assert r.exit_code == 2 and str(blocked) in r.output and "kan ikke læses" in r.output


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
@pytest.mark.parametrize("kind", ["fifo", "dev_zero"])
def test_a_fifo_or_device_named_like_a_revision_is_skipped_with_its_name_never_read(tmp_path, kind):
    """Run as its own process with a timeout: a read of a FIFO would hang, /dev/zero would never end."""
    repo = municipal_repo(tmp_path)
    odd = repo / "standards" / AFL / "2016-01-01.yaml"
    if kind == "fifo":
        os.mkfifo(odd)
    else:
        odd.symlink_to("/dev/zero")
    env = {**os.environ, "STANDARDS_CACHE_DIR": str(tmp_path / "cache")}
    for command in ("validate", "describe"):
        r = subprocess.run([sys.executable, "-m", "standards_engine", command, "--standards-dir", str(repo / "standards")],
                           capture_output=True, text=True, timeout=60, env=env)
        assert r.returncode == (1 if command == "validate" else 2), (command, r.stdout, r.stderr)
        assert "2016-01-01.yaml" in r.stdout + r.stderr and ("FIFO" in r.stderr or "enhed" in r.stderr)


def test_a_symlink_loop_in_the_tree_does_not_walk_forever(tmp_path):
    repo = municipal_repo(tmp_path)
    (repo / "standards" / "ishoj" / "loop").symlink_to(repo / "standards" / "ishoj")
    r = runner.invoke(app, ["validate", "--standards-dir", str(repo / "standards")])
    assert "1 standard kontrolleret" in r.stdout
