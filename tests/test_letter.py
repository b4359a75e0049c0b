"""Draft decision letters (udkast til afgørelse): what forvaltningsloven §§ 22-25 and retssikkerhedsloven's
complaint rules require, for a refusal, a partial grant and a grant, in Markdown and HTML; the HTML
parsed here and rendered by a headless Chromium when one is installed."""
from __future__ import annotations

import datetime as dt
import html.parser
import os
import shutil
import struct
import subprocess
import zlib

import pytest
from typer.testing import CliRunner

from conftest import STANDARDS
from standards_engine import api, letter
from standards_engine.cli import app
from standards_engine.cpr import looks_like_cpr

REPO = api.open_repository(STANDARDS)
DECIDED = dt.date(2025, 3, 3)       # a Monday: the complaint deadline is the Monday four weeks on
DEADLINE = "31. marts 2025"
BASE = {"case_id": "sag-2025-17", "significant_mental_impairment": True, "living_situation": "with_relatives",
        "relatives_primary_caregivers": True, "relief_necessary_to_stay_home": True}
CASES = {
    "refuse": {"case_id": "sag-2025-17", "birth_date": dt.date(2009, 6, 1)},
    "partial": {**BASE, "birth_date": dt.date(2001, 4, 17), "requested_relief_nights_per_year": 120},
    "grant": {**BASE, "birth_date": dt.date(2001, 4, 17), "requested_relief_nights_per_year": 60,
              "requested_holiday_days_per_year": 3},
}


def draft(outcome: str, fmt: str = "markdown", m: str = "ishoj", s: str = "sel-107-aflastning") -> str:
    rec = api.check(CASES[outcome], m, s, DECIDED, repository=REPO)
    assert rec.outcome == outcome
    return letter.draft_for(CASES[outcome], m, s, DECIDED, dt.date(2025, 1, 20), fmt, repository=REPO)


def plain(text: str) -> str:
    """The words of a Markdown or HTML letter, without markup."""
    class P(html.parser.HTMLParser):
        def __init__(self):
            super().__init__()
            self.out = []

            self.skip = False

        def handle_starttag(self, tag, attrs):
            self.skip = tag in ("style", "title")

        def handle_endtag(self, tag):
            self.skip = False

        def handle_data(self, d):
            if not self.skip:
                self.out.append(d)
    if text.lstrip().startswith("<!DOCTYPE"):
        p = P()
        p.feed(text)
        text = " ".join(p.out)
    return " ".join(text.replace("**", "").replace("> ", "").split())


@pytest.mark.parametrize("fmt", ["markdown", "html"])
def test_every_letter_is_a_draft_with_the_application_and_complaint_guidance(fmt):
    for outcome in CASES:
        t = plain(draft(outcome, fmt))
        assert t.startswith("UDKAST TIL AFGØRELSE") and "underskrive" in t
        assert "Du har den 20. januar 2025 søgt om aflastning efter § 107, stk. 1" in t
        assert "Sagsnummer: sag-2025-17" in t or "Sagsnummer sag-2025-17" in t
        # § 25 and retssikkerhedsloven: to whom, how, the deadline computed and stated as an assumption, reconsideration
        assert "Klagen sendes til Ishøj Kommune, der har truffet afgørelsen – ikke direkte til Ankestyrelsen" in t
        assert "skriftligt" in t and "mundtligt" in t
        assert f"Vi går ud fra, at du modtager dette brev i Digital Post samme dag" in t and f"senest {DEADLINE}" in t
        assert "genvurdering" in t and "videre til Ankestyrelsen" in t and "retssikkerhedsloven §§ 66 og 67" in t
        assert not looks_like_cpr(t)


@pytest.mark.parametrize("fmt", ["markdown", "html"])
def test_refusal_gives_the_rules_the_facts_the_considerations_and_the_referral(fmt):
    t = plain(draft("refuse", fmt))
    assert "Ishøj Kommune giver dig afslag på aflastning efter § 107, stk. 1" in t
    # § 24: the rules applied, the law with § and stk., the municipality's standard with its date
    assert "§ 107, stk. 1 i Lov om Social Service" in t and "ikke opfyldt (loven: serviceloven § 1, stk. 1" in t
    assert "kvalitetsstandard »Ydelseskatalog" in t and "gældende fra 1. november 2015" in t
    # the facts given weight, in words
    assert "Fødselsdato: 1. juni 2009" in t
    # main considerations: a placeholder only the caseworker fills
    assert "[De hovedhensyn" in t
    # referred elsewhere: the rules for children
    assert "Hvor du kan søge i stedet" in t and "barnets lov" in t


@pytest.mark.parametrize("fmt", ["markdown", "html"])
def test_partial_says_what_and_how_much_and_that_the_service_level_must_give_way(fmt):
    t = plain(draft("partial", fmt))
    assert "bevilger dig delvist aflastning" in t and "90 aflastningsdøgn/år (du har søgt om 120)" in t
    assert "afslag på resten af det, du har søgt om: det, der ligger ud over 90 aflastningsdøgn/år" in t
    assert "overskredet (kommunens serviceniveau" in t and "»Som udgangspunkt kan der maximalt visiteres til 90 aflastningsdøgn/år.«" in t
    assert "Vi skal fravige det, hvor dine behov gør det nødvendigt" in t
    assert "[Den konkrete og individuelle vurdering" in t
    assert "Aflastningsdøgn pr. år: 120 aflastningsdøgn/år." in t
    assert "Der følges op" in t and "betaler selv" in t


@pytest.mark.parametrize("fmt", ["markdown", "html"])
def test_grant_needs_no_reasons_but_keeps_limits_follow_up_and_payment(fmt):
    t = plain(draft("grant", fmt))
    assert "Ishøj Kommune bevilger dig aflastning efter § 107, stk. 1" in t and "60 aflastningsdøgn/år" in t
    assert "fuldt ud medhold" in t and "forvaltningsloven § 22" in t
    assert "Afgørelsen er truffet efter disse regler" not in t
    assert "Omfang, opfølgning og betaling" in t and "Der følges op på behovet for aflastning én gang årligt" in t
    assert "Borgeren betaler selv kost" in t


def test_vallensbaek_letter_sends_the_complaint_to_vallensbaek():
    p = {"age": 30, "significant_mental_impairment": True, "living_situation": "own_home",
         "requested_support_tasks": ["daily_structure", "cleaning_laundry"]}
    t = plain(letter.draft_for(p, "vallensbaek", "sel-85", DECIDED, fmt="markdown", repository=REPO))
    assert "Klagen sendes til Vallensbæk Kommune" in t
    assert "bevilger dig delvist" in t and "støtte til struktur i hverdagen" in t and "støtte til rengøring og tøjvask" in t
    assert "Du kan søge om § 83 (Personlig og praktisk hjælp) hos Vallensbæk Kommune" in t


class Strict(html.parser.HTMLParser):
    """Every element closed in order; no script; the document's language and page size."""
    VOID = {"meta", "br", "link", "img", "hr", "input"}

    def __init__(self):
        super().__init__()
        self.stack, self.tags, self.lang = [], [], None

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        if tag == "html":
            self.lang = dict(attrs).get("lang")
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        assert self.stack and self.stack[-1] == tag, (tag, self.stack)
        self.stack.pop()


@pytest.mark.parametrize("outcome", list(CASES))
def test_html_parses_is_danish_print_friendly_and_has_no_script(outcome):
    h = draft(outcome, "html")
    p = Strict()
    p.feed(h)
    p.close()
    assert p.stack == [] and p.lang == "da" and "script" not in p.tags
    assert "@page { size: A4" in h and '<meta charset="utf-8">' in h
    assert "on" + "click" not in h and "javascript:" not in h


def test_letter_command_writes_the_file_whole(tmp_path):
    prof = tmp_path / "p.yaml"
    prof.write_text("case_id: sag-1\nage: 16\n", encoding="utf-8")
    out = tmp_path / "udkast.html"
    r = CliRunner().invoke(app, ["letter", str(prof), "-m", "ishoj", "-s", "sel-107-aflastning", "--decision-date", "2025-03-03",
                                 "--format", "html", "-o", str(out), "--standards-dir", str(STANDARDS)])
    assert r.exit_code == 0, r.output
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert not list(tmp_path.glob("*.tmp*")) and sorted(p.name for p in tmp_path.iterdir()) == ["p.yaml", "udkast.html"]


def _png_is_not_blank(data: bytes) -> bool:
    """Decode the PNG's pixels (stdlib only) and see more than one colour."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, width = 8, b"", 0
    while pos < len(data):
        n, kind = struct.unpack(">I4s", data[pos:pos + 8])
        if kind == b"IHDR":
            width = struct.unpack(">I", data[pos + 8:pos + 12])[0]
        if kind == b"IDAT":
            idat += data[pos + 8:pos + 8 + n]
        pos += 12 + n
    raw = zlib.decompress(idat)
    stride = len(raw) // max(1, len(raw) // (width * 4 + 1)) if width else 1
    rows = [raw[i + 1:i + stride] for i in range(0, len(raw), stride)]
    return len({bytes(r[:64]) for r in rows}) > 5 and len(set(raw)) > 16


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed (.ci/run installs it)")
@pytest.mark.parametrize("outcome", ["refuse", "partial", "grant"])
def test_headless_chromium_renders_the_html_without_console_errors(tmp_path, outcome):
    page = tmp_path / f"udkast-{outcome}.html"
    page.write_text(draft(outcome, "html"), encoding="utf-8")
    shot = tmp_path / f"udkast-{outcome}.png"
    base = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--enable-logging=stderr",
            "--v=0", f"--user-data-dir={tmp_path / 'profile'}", "--window-size=900,1300"]
    r = subprocess.run([*base, f"--screenshot={shot}", page.as_uri()], capture_output=True, text=True, timeout=300)
    assert shot.is_file(), r.stderr[-2000:]
    console = [ln for ln in r.stderr.splitlines() if ":CONSOLE" in ln or "Uncaught" in ln]
    assert console == []
    assert _png_is_not_blank(shot.read_bytes())
    if outcome == "partial":  # the DOM as the browser built it, once (each browser start costs seconds)
        dom = subprocess.run([*base, "--dump-dom", page.as_uri()], capture_output=True, text=True, timeout=300).stdout
        assert '<html lang="da">' in dom and "UDKAST TIL AFGØRELSE" in dom and f"senest {DEADLINE}" in dom
    keep = os.environ.get("LETTER_SCREENSHOTS")  # a folder to keep the screenshots in, to look at them
    if keep:
        shutil.copy(shot, keep)
