"""Every file the program writes is written whole or not at all (standards_engine.atomic)."""
import os
import resource
import subprocess
import sys
import textwrap

import pytest

from standards_engine.atomic import write_bytes, write_text


def _leftovers(folder):
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def test_replaces_the_whole_file_and_keeps_its_mode(tmp_path):
    target = tmp_path / "page.md"
    target.write_text("old text\n")
    target.chmod(0o640)
    write_text(target, "ny tekst med æøå\n")
    assert target.read_text("utf-8") == "ny tekst med æøå\n"
    assert (target.stat().st_mode & 0o777) == 0o640
    assert _leftovers(tmp_path) == []


def test_a_file_size_limit_leaves_the_old_file_and_no_temporary_file(tmp_path):
    """Under `ulimit -f` the write fails half-way: the page must be as it was."""
    target = tmp_path / "page.md"
    original = "hand-written text\n" * 100
    target.write_text(original)
    script = textwrap.dedent(f"""
        import resource, signal, sys
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (16384, 16384))
        from standards_engine.atomic import write_text
        try:
            write_text({str(target)!r}, "x" * 100000)
        except OSError as e:
            sys.exit(3)
    """)
    rc = subprocess.run([sys.executable, "-c", script]).returncode
    assert rc == 3
    assert target.read_text() == original
    assert _leftovers(tmp_path) == []


def test_a_read_only_file_is_refused_and_untouched(tmp_path):
    if os.geteuid() == 0:
        pytest.skip("root may write any file")
    target = tmp_path / "page.md"
    target.write_text("keep\n")
    target.chmod(0o444)
    with pytest.raises(PermissionError):
        write_text(target, "new\n")
    assert target.read_text() == "keep\n"
    assert _leftovers(tmp_path) == []


def test_text_that_cannot_be_encoded_creates_nothing(tmp_path):
    target = tmp_path / "out.json"
    with pytest.raises(UnicodeEncodeError):
        write_text(target, "lone \ud800 surrogate")
    assert not target.exists() and _leftovers(tmp_path) == []


def test_a_folder_is_not_replaced(tmp_path):
    (tmp_path / "d").mkdir()
    with pytest.raises(OSError):
        write_bytes(tmp_path / "d", b"x")
    assert (tmp_path / "d").is_dir()
