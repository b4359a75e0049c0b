"""`standards render`: the standard as a document citizens, the council and the website read."""
from __future__ import annotations

import os
import shutil
import struct
import subprocess
import zlib
from html.parser import HTMLParser
from pathlib import Path

import pytest
from typer.testing import CliRunner

import municipal
from conftest import STANDARDS
from standards_engine.cli import app

runner = CliRunner()
VOID = {"meta", "link", "br", "hr", "img", "input", "col", "area", "base", "wbr", "source", "track"}


class Checked(HTMLParser):
    """Parses the page strictly enough for our own output: every element closed in order, no scripts,
    nothing loaded from outside, the headings in order."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack, self.headings, self.problems, self.lang, self.text = [], [], [], None, []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "html":
            self.lang = a.get("lang")
        if tag in ("script", "iframe", "object", "embed") or any(k.startswith("on") for k in a):
            self.problems.append(f"active content: <{tag}>")
        if any(k in ("src", "href") for k in a) and tag != "a":
            self.problems.append(f"outside resource: <{tag} {a}>")
        if tag in ("h1", "h2", "h3", "h4"):
            self.headings.append(int(tag[1]))
        if tag not in VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        if not self.stack or self.stack[-1] != tag:
            self.problems.append(f"</{tag}> closes {self.stack[-1:] or 'nothing'}")
        else:
            self.stack.pop()

    def handle_data(self, data):
        self.text.append(data)


def page(tmp_path, *args) -> str:
    municipal.write(tmp_path)
    r = runner.invoke(app, ["render", "-m", "greve", "-s", "sel-85", "--standards-dir", str(tmp_path), *args])
    assert r.exit_code == 0, r.output
    return r.stdout


def parsed(text: str) -> Checked:
    p = Checked()
    p.feed(text)
    p.close()
    assert text.startswith("<!DOCTYPE html>")
    assert p.problems == [] and p.stack == [], (p.problems, p.stack)
    return p


def test_the_html_is_one_accessible_self_contained_page_with_what_a_citizen_needs(tmp_path):
    html = page(tmp_path, "--date", "2026-07-01")
    p = parsed(html)
    assert p.lang == "da" and '<meta charset="utf-8">' in html and "@media print" in html
    assert p.headings[0] == 1 and p.headings.count(1) == 1
    assert all(b - a <= 1 for a, b in zip(p.headings, p.headings[1:])), p.headings  # no skipped level
    text = " ".join(" ".join(p.text).split())
    for expected in ("Hvem kan få hjælpen", "Borgeren er fyldt 18 år (følger af loven: serviceloven § 1, stk. 1).", "Det indgår ikke",
                     # the law layer's own rules, marked as law with their paragraph
                     "Afløsning og aflastning af pårørende er en særskilt ydelse efter § 84",
                     "(følger af loven: serviceloven § 84, stk. 1)", "(følger af loven: forvaltningsloven § 22)",
                     "længerevarende botilbud efter § 108 (kommunens serviceniveau).",
                     "højst 5 timer/uge; kommunens serviceniveau", "Frist: 8 uger", "Klagevejledning",
                     "senest 4 uger", "Godkendt af Social- og Sundhedsudvalget, 10. maj 2026", "Gælder fra 1. juni 2026"):
        assert expected in text, expected
    for staff_word in ("max-5-timer", "service_level", "statute", "requested_support_hours_per_week", "linje"):
        assert staff_word not in text


def test_markdown_and_the_revision_on_an_earlier_date(tmp_path):
    md = page(tmp_path, "--date", "2025-07-01", "--format", "markdown")
    assert md.startswith("# Kvalitetsstandard: Socialpædagogisk støtte (servicelovens § 85)\n")
    assert "højst 6 timer/uge" in md and "§ 108" not in md and "## Klagevejledning" in md


def test_text_from_the_file_cannot_become_markup(tmp_path):
    municipal.write(tmp_path)
    f = tmp_path / "standards" / "greve" / "sel-85" / "2026-06-01.yaml"
    f.write_text(f.read_text(encoding="utf-8").replace("text: Borgeren er fyldt 18 år.",
                                                        "text: 'Borgeren er fyldt 18 år <script>alert(1)</script> *fed* [x](y)'"),
                 encoding="utf-8")
    r = runner.invoke(app, ["render", str(f)])
    parsed(r.stdout)
    assert "&lt;script&gt;" in r.stdout
    md = runner.invoke(app, ["render", str(f), "--format", "markdown"]).stdout
    assert "\\<script\\>" in md and "\\*fed\\*" in md and "\\[x\\]" in md


def test_bundled_levels_as_a_table_and_output_file_written_whole(tmp_path):
    out = tmp_path / "sel-85.html"
    r = runner.invoke(app, ["render", "-m", "ishoj", "-s", "sel-85", "--date", "2020-01-01",
                            "--standards-dir", str(STANDARDS), "-o", str(out)])
    assert r.exit_code == 0, r.output
    html = out.read_text(encoding="utf-8")
    parsed(html)
    assert '<th scope="col">Niveau</th>' in html and "<td>over 10 timer/uge</td>" in html
    assert [p.name for p in tmp_path.iterdir()] == ["sel-85.html"]  # no temporary file left behind


def test_english(tmp_path):
    html = page(tmp_path, "--date", "2026-07-01", "--lang", "en")
    assert '<html lang="en">' in html and "Who can get the help" in html


# ---- a real browser ----------------------------------------------------------------------------

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def _pixels(png: bytes) -> tuple[int, int, list[bytes]]:
    """Width, height and rows of an 8-bit RGB(A) PNG (what Chromium writes), unfiltered."""
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, width = 8, b"", 0
    while pos < len(png):
        n, kind = struct.unpack(">I4s", png[pos:pos + 8])
        chunk = png[pos + 8:pos + 8 + n]
        if kind == b"IHDR":
            width, height, depth, colour = struct.unpack(">IIBB", chunk[:10])
            assert depth == 8 and colour in (2, 6)
            bpp = 3 if colour == 2 else 4
        elif kind == b"IDAT":
            idat += chunk
        pos += 12 + n
    raw, stride, rows, prev = zlib.decompress(idat), width * bpp, [], bytearray(width * bpp)
    for y in range(height):
        f, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b, c = prev[i], (prev[i - bpp] if i >= bpp else 0)
            if f == 1:
                line[i] = (line[i] + a) & 255
            elif f == 2:
                line[i] = (line[i] + b) & 255
            elif f == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(bytes(line))
        prev = line
    return width, bpp, rows


def _ink(png: Path) -> float:
    """The share of pixels that differ from the page's background (its top-left pixel)."""
    width, bpp, rows = _pixels(png.read_bytes())
    bg = rows[0][:3]
    inked = sum(1 for r in rows for x in range(0, width * bpp, bpp) if r[x:x + 3] != bg)
    return inked / (width * len(rows))


def browse(html_file: Path, shot: Path) -> str:
    """Load the page in headless Chromium, take a screenshot, return what the page logged to the console."""
    r = subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-extensions",
                        f"--user-data-dir={shot.parent / 'profile'}", "--enable-logging=stderr", "--v=0",
                        "--window-size=900,1300", f"--screenshot={shot}", html_file.resolve().as_uri()],
                       capture_output=True, text=True, timeout=120, env={**os.environ, "LANG": "C.UTF-8"})
    assert shot.is_file(), r.stderr[-2000:]
    return "\n".join(line for line in r.stderr.splitlines() if ":CONSOLE" in line)


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (CI installs it: .ci/run)")
def test_a_headless_browser_loads_the_page_without_console_errors_and_it_is_not_blank(tmp_path):
    municipal.write(tmp_path)
    f = tmp_path / "sel-85.html"
    r = runner.invoke(app, ["render", "-m", "greve", "-s", "sel-85", "--standards-dir", str(tmp_path), "--date", "2026-07-01",
                            "-o", str(f)])
    assert r.exit_code == 0, r.output
    # The console is read from Chromium's log: a page with an error must show up there, or the check proves nothing.
    bad = tmp_path / "bad.html"
    bad.write_text('<!DOCTYPE html><html lang="da"><title>x</title><script>nosuch()</script></html>', encoding="utf-8")
    assert "nosuch is not defined" in browse(bad, tmp_path / "bad.png")
    assert browse(f, tmp_path / "page.png") == ""
    assert _ink(tmp_path / "page.png") > 0.01
    blank = tmp_path / "blank.html"
    blank.write_text('<!DOCTYPE html><html lang="da"><title>x</title></html>', encoding="utf-8")
    browse(blank, tmp_path / "blank.png")
    assert _ink(tmp_path / "blank.png") == 0  # the measure tells a blank page from ours
