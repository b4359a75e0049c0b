"""Hostile documents made by hypothesis: whole profiles (YAML and JSON) and standards, with unicode, control and
bidi characters, lone surrogates, CPR numbers in every spelling, deep nesting, huge numbers and odd tags.

The promises checked on each (issue 7): never a traceback or exit 70; exit 0 or 2 only (a profile); never a
CPR number shown back, in any spelling; never a raw control or direction character in what is printed; and an
error that says where: file:line:column for what the reader cannot read, the fact's name for what it means.
Example counts are modest: the suite runs on two shared cores.
"""
from __future__ import annotations

import json
import re
import shutil

import pytest
from pathlib import Path

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from standards_engine.cli import app
from standards_engine.cpr import normalise
from standards_engine.vocabulary import input_facts

from test_cpr import cpr_digits, spellings  # the suite's one list of CPR spellings

REPO = Path(__file__).resolve().parent.parent.parent
FACTS = sorted(input_facts())
SETTINGS = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
runner = CliRunner()

# What must never reach a terminal raw: C0/C1 controls but line breaks, DEL, bidi and zero-width controls.
_RAW_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200b-\u200f\u202a-\u202e\u2066-\u2069]")
_LOCATED = re.compile(r"<stdin>:\d+:\d+: ")

# Characters that hide in text or break a reader: controls, bidi, zero-width, BOM, non-characters,
# a lone surrogate, no-break and thin spaces, digits of other scripts.
ODD = ["\x00", "\x07", "\x1b", "\x1b[31m", "\x7f", "\x85", "\x9b", "\u00ad", "\u200b", "\u200d", "\u2060",
       "\u202e", "\u2066", "\u061c", "\ufeff", "\ufffe", "\uffff", "\ud800", "\udfff", "\u00a0", "\u2009",
       "٣", "३", "３", "\r", "\u2028"]
odd_text = st.lists(st.one_of(st.sampled_from(ODD), st.text(st.characters(exclude_categories=()), max_size=4),
                              st.text("abcæøå 0123456789-:#'\"{}[],&*!%|>", max_size=6)), max_size=8).map("".join)
cpr_text = st.tuples(cpr_digits, st.integers(0, 100), st.text("abc ", max_size=3)).map(
    lambda t: (t[0], t[2] + spellings(t[0])[t[1] % len(spellings(t[0]))] + t[2]))
huge = st.one_of(st.integers(-10**40, 10**40), st.floats(allow_nan=True, allow_infinity=True),
                 st.sampled_from([10**400, -(10**400)]))
scalars = st.one_of(st.none(), st.booleans(), st.integers(-5, 200), huge, odd_text, st.sampled_from(["own_home", "2025-03-01"]))
values = st.recursive(scalars, lambda inner: st.one_of(st.lists(inner, max_size=3),
                                                       st.dictionaries(odd_text, inner, max_size=3)), max_leaves=8)
TAGS = ["!!binary ", "!!python/object/apply:os.system ", "!x ", "!!set ", "!!str ", "!!float ", "!!timestamp ",
        "!!omap ", "&a ", "*a ", "!<tag:yaml.org,2002:binary> "]


def yaml_quoted(s: str, escape: bool) -> str:
    """A double-quoted YAML scalar: every character escaped (\\uXXXX, so a lone surrogate is an escape), or
    only quote and backslash, the rest raw (so a control character stands in the file as it is)."""
    out = []
    for c in s:
        if c in '"\\':
            out.append("\\" + c)
        elif escape and (ord(c) < 0x20 or ord(c) > 0x7e):
            out.append(f"\\u{ord(c):04x}" if ord(c) <= 0xFFFF else f"\\U{ord(c):08x}")
        else:
            out.append(c)
    return '"' + "".join(out) + '"'


def yaml_value(v, escape: bool) -> str:
    if isinstance(v, str):
        return yaml_quoted(v, escape)
    if isinstance(v, bool) or v is None:
        return {True: "true", False: "false", None: "null"}[v]
    if isinstance(v, float):
        return ".nan" if v != v else ".inf" if v == float("inf") else "-.inf" if v == float("-inf") else repr(v)
    if isinstance(v, int):
        return str(v)
    if isinstance(v, list):
        return "[" + ", ".join(yaml_value(x, escape) for x in v) + "]"
    return "{" + ", ".join(f"{yaml_quoted(str(k), escape)}: {yaml_value(x, escape)}" for k, x in v.items()) + "}"


@st.composite
def profiles(draw) -> tuple[bytes, list[str]]:
    """A whole profile as bytes, and the CPR numbers (ten ASCII digits) planted in it."""
    planted: list[str] = []
    doc: dict = {}
    for _ in range(draw(st.integers(0, 6))):
        key = draw(st.one_of(st.sampled_from(FACTS), odd_text))
        if key in doc:  # a second value under the same key would replace the first, and a number planted there
            continue
        kind = draw(st.sampled_from(["value", "value", "cpr", "deep", "fact"]))
        if kind == "cpr":
            digits, text = draw(cpr_text)
            planted.append(digits)
            doc[key] = draw(st.sampled_from([text, int(digits) if digits[0] != "0" else text, [text], {"x": text}]))
        elif kind == "deep":
            n = draw(st.integers(1, 300))
            doc[key] = json.loads("[" * n + "1" + "]" * n)
        elif kind == "fact":
            doc[key] = draw(st.sampled_from([40, True, "own_home", ["finances"], "2025-03-01", "sag-1"]))
        else:
            doc[key] = draw(values)
    form = draw(st.sampled_from(["yaml-escaped", "yaml-raw", "json-ascii", "json-raw"]))
    if form.startswith("json"):
        text = json.dumps(doc, ensure_ascii=form == "json-ascii", allow_nan=True, default=str)
    else:
        lines = []
        for k, v in doc.items():
            tag = draw(st.sampled_from(TAGS)) if draw(st.integers(0, 5)) == 0 else ""
            lines.append(f"{yaml_quoted(str(k), form == 'yaml-escaped')}: {tag}{yaml_value(v, form == 'yaml-escaped')}")
        if draw(st.booleans()):
            lines.insert(0, draw(st.sampled_from(["%YAML 1.1", "---", "# kommentar", "--- !!map", "%TAG ! tag:x,2000:"])))
        text = "\n".join(lines) + "\n"
    for digits in planted:  # every digit run of a planted number must be refused, however it was serialised
        assume(digits not in ("0000000000",))
    return text.encode("utf-8", errors="surrogatepass"), planted


def check(stdin: bytes, *extra: str):
    return runner.invoke(app, ["check", "-", "-m", "ishoj", "-s", "sel-85", "--date", "2025-03-01",
                               "--standards-dir", str(REPO / "standards"), *extra], input=stdin)


def _digits_seen(out: str) -> str:
    """The output as a reader sees its digits: normalised, every separator gone."""
    return re.sub(r"[^0-9]", "", normalise(out))


def promises_kept(r, planted: list[str]) -> str:
    assert r.exception is None or isinstance(r.exception, SystemExit), repr(r.exception)
    out = r.stdout + r.stderr
    assert "Traceback" not in out and r.exit_code in (0, 2), (r.exit_code, out)
    seen = _digits_seen(out)
    for digits in planted:
        assert digits not in seen and digits[::-1] not in seen, (digits, out)
    assert not _RAW_CONTROL.search(out), ascii(out)
    out.encode("utf-8")  # no lone surrogate: it could not be printed
    return out


@SETTINGS
@given(profiles(), st.sampled_from(["text", "json", "markdown"]))
def test_a_hostile_profile_is_answered_or_refused_with_a_located_message(doc, fmt):
    raw, planted = doc
    r = check(raw, "--format", fmt)
    out = promises_kept(r, planted)
    if planted:
        assert r.exit_code == 2, out
    if r.exit_code == 2:
        # Where: file:line:column for what cannot be read as YAML/JSON, else the fact it is about (in quotes),
        # or a whole-profile refusal that says why (a CPR number, not a mapping, nested too deep).
        assert (_LOCATED.search(r.stderr) or re.search(r"'[^']*'", r.stderr) or "CPR" in r.stderr
                or "samling af faktanavne" in r.stderr), r.stderr


VALID = ("age: 40\nsignificant_mental_impairment: true\nliving_situation: own_home\nresources_in_some_areas: true\n"
         "motivated: true\ndifficulty_managing_daily_life: true\nrequested_support_tasks: [daily_structure, finances]\n"
         "requested_support_hours_per_week: 3\ncase_id: \"sag-17\"\n")
VALID_JSON = json.dumps({"age": 40, "living_situation": "own_home", "case_id": "sag-17"}, indent=1)
BAD_CHARS = ["\x00", "\x01", "\x07", "\x08", "\x0b", "\x0c", "\x1b", "\x7f", "\x80", "\x9f", "\ufffe", "\uffff"]


@SETTINGS
@given(st.sampled_from([VALID, VALID_JSON]), st.data())
def test_a_control_character_anywhere_is_reported_at_its_line_and_column(text, data):
    at = data.draw(st.integers(0, len(text)))
    char = data.draw(st.sampled_from(BAD_CHARS))
    r = check((text[:at] + char + text[at:]).encode("utf-8"))
    out = promises_kept(r, [])
    line = text.count("\n", 0, at) + 1
    col = at - (text.rfind("\n", 0, at) + 1) + 1
    assert r.exit_code == 2 and f"<stdin>:{line}:{col}: " in r.stderr and f"U+{ord(char):04X}" in r.stderr, out


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cpr_digits, st.integers(0, 100), st.sampled_from(FACTS + ["case_id", "note"]))
def test_a_cpr_number_in_any_spelling_is_refused_and_never_shown(digits, which, key):
    spelled = spellings(digits)[which % len(spellings(digits))]
    for text in (f"{key}: {yaml_quoted(spelled, False)}\n", f"{key}: {yaml_quoted(spelled, True)}\n",
                 json.dumps({key: spelled}), json.dumps({key: spelled}, ensure_ascii=False)):
        r = check(text.encode("utf-8"))
        promises_kept(r, [digits])
        assert r.exit_code == 2, r.stdout + r.stderr


# --- standards: a hostile value in a standard's text is a located validation error, never a crash or an echo
# A revision that holds approved_by itself (the 2015 ones take it from their catalogue file).
STANDARD = (REPO / "standards" / "ishoj" / "sel-85" / "2024-01-01.yaml").read_text("utf-8")
assert re.search(r"(?m)^approved_by:", STANDARD)
FIELD = re.compile(r"(?m)^approved_by:.*$")


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(st.one_of(odd_text.map(lambda s: (yaml_quoted(s, True), [])), odd_text.map(lambda s: (yaml_quoted(s, False), [])),
                 cpr_text.map(lambda t: (yaml_quoted(t[1], False), [t[0]])),
                 st.tuples(st.sampled_from(TAGS), odd_text).map(lambda t: (t[0] + yaml_quoted(t[1], True), [])),
                 st.integers(1, 300).map(lambda n: ("[" * n + "]" * n, [])), huge.map(lambda v: (yaml_value(v, True), []))))
def test_a_hostile_value_in_a_standard_is_a_located_error(tmp_path_factory, value):
    written, planted = value
    tree = tmp_path_factory.mktemp("tree")
    folder = tree / "ishoj" / "sel-85"
    folder.mkdir(parents=True)
    shutil.copytree(REPO / "standards" / "_sources", tree / "_sources", dirs_exist_ok=True)
    (folder / "2024-01-01.yaml").write_bytes(
        FIELD.sub(lambda m: "approved_by: " + written, STANDARD, count=1).encode("utf-8", errors="surrogatepass"))
    for command in ("validate", "describe"):
        r = runner.invoke(app, [command, str(tree), "--standards-dir", str(tree)])
        assert r.exception is None or isinstance(r.exception, SystemExit), repr(r.exception)
        out = r.stdout + r.stderr
        assert r.exit_code in (0, 1), out
        seen = _digits_seen(out)
        assert all(d not in seen for d in planted), out
        assert not _RAW_CONTROL.search(out), ascii(out)
        if r.exit_code == 1:
            assert re.search(r"2024-01-01\.yaml:\d+:\d+: ", out), out


def test_a_text_fact_given_as_data_is_held_to_the_same_rule():
    """The API hands parsed JSON straight to parse_profile: no file reader has looked at it."""
    import pytest

    from standards_engine.coerce import parse_profile
    from standards_engine.errors import InputError
    for bad in ("\ud800", "sag\udfff", "\x1b[31m", "sag\u202e71"):
        with pytest.raises(InputError) as e:
            parse_profile({"case_id": bad})
        assert "case_id" in str(e.value) and bad not in str(e.value)
    with pytest.raises(InputError) as e:
        parse_profile({"x\x1by\ud800": 1})
    assert "\x1b" not in str(e.value) and "\ud800" not in str(e.value)


@pytest.mark.parametrize("char", ["\u200b", "\u200e", "\u2060", "\ufeff", "\u061c"])
def test_an_unseen_character_in_a_standard_is_refused_at_its_place_not_echoed(tmp_path, char):
    """An approver's name with a zero-width space or a direction mark inside would print as another text."""
    tree = tmp_path / "tree"
    shutil.copytree(REPO / "standards" / "_sources", tree / "_sources")
    folder = tree / "ishoj" / "sel-85"
    folder.mkdir(parents=True)
    (folder / "2024-01-01.yaml").write_text(
        FIELD.sub(lambda m: f"approved_by: Byråd{char}et", STANDARD, count=1), encoding="utf-8")
    for command in ("validate", "describe"):
        r = runner.invoke(app, [command, str(tree), "--standards-dir", str(tree)])
        out = r.stdout + r.stderr
        assert r.exit_code == 1 if command == "validate" else r.exit_code in (1, 2), out
        assert char not in out
        assert re.search(r"2024-01-01\.yaml:\d+:\d+: ", out), out
