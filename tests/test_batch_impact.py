"""`standards batch` and `standards impact` as someone with a caseload uses them."""
from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys

import pytest
from hypothesis import given, settings, strategies as st

from conftest import DATE, REPO, STANDARDS
from standards_engine import check, open_repository

ARGS = ["-m", "ishoj", "-s", "sel-104", "--standards-dir", str(STANDARDS)]
PROFILES = [
    {"case_id": "a1", "age": 30, "significant_mental_impairment": True, "living_situation": "residential",
     "current_services": ["sel-103"], "requested_days_per_week": 4},
    {"case_id": "a2", "age": 17, "significant_mental_impairment": True},
    {"age": 45, "significant_physical_impairment": True, "living_situation": "own_home", "lives_alone": True,
     "current_services": [], "requested_days_per_week": 5, "requested_holiday_days_per_year": 2},
    {"case_id": "a4", "age": 50, "significant_mental_impairment": True, "living_situation": "with_relatives",
     "special_considerations": True, "current_services": [], "requested_days_per_week": 5},
]


def standards(*args, input: bytes | None = None, cwd=None):
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    return subprocess.run([sys.executable, "-m", "standards_engine", *args], input=input, capture_output=True,
                          cwd=cwd, env=env)


def jsonl(profiles) -> bytes:
    return "".join(json.dumps(p, ensure_ascii=False) + "\n" for p in profiles).encode("utf-8")


def test_batch_gives_one_line_per_profile_in_order_with_the_engines_outcome_and_bad_ones_as_error_lines(tmp_path):
    lines = jsonl(PROFILES[:2]) + b'{"age": 30, "age": 31}\n{not json\n\n{"case_id": "0101901234"}\n' \
        + b'{"case_id": "z9", "age": "tretten"}\n' + jsonl(PROFILES[2:])
    (tmp_path / "sager.jsonl").write_bytes(lines)
    r = standards("batch", str(tmp_path / "sager.jsonl"), *ARGS, "--date", "2025-03-01", "--outcome-only")
    assert r.returncode == 1, r.stderr  # some profiles could not be evaluated; the rest were
    out = [json.loads(line) for line in r.stdout.decode().splitlines()]
    assert [o["line"] for o in out] == [1, 2, 3, 4, 6, 7, 8, 9]
    repo = open_repository(STANDARDS)
    good = [o for o in out if "error" not in o]
    assert len(good) == 4
    for o, p in zip(good, PROFILES):
        rec = check(p, "ishoj", "sel-104", DATE, repository=repo)
        assert o["outcome"] == rec.outcome and o["case_id"] == p.get("case_id")
    assert out[0]["against"] == ["andet-dagtilbud", "botilbud-kombination", "dage-botilbud"]
    assert out[0]["recommended"] == {"requested_days_per_week": 3, "requested_holiday_days_per_year": 3}
    errors = {o["line"]: o for o in out if "error" in o}
    assert "to gange" in errors[3]["error"] and "JSON" in errors[4]["error"]
    assert "CPR" in errors[6]["error"] and errors[6]["case_id"] is None
    assert errors[7]["case_id"] == "z9" and "'age'" in errors[7]["error"]
    assert b"0101901234" not in r.stdout + r.stderr
    err = r.stderr.decode()
    assert "8 profiler" in err and "4 kunne ikke vurderes (linje 3, linje 4, linje 6, linje 7)" in err


def test_batch_full_recommendations_are_the_json_output_of_check_one_per_line():
    r = standards("batch", "-", *ARGS, "--date", "2025-03-01", input=jsonl(PROFILES))
    assert r.returncode == 0, r.stderr
    out = [json.loads(line) for line in r.stdout.decode().splitlines()]
    for o, p in zip(out, PROFILES):
        c = standards("check", "-", *ARGS, "--date", "2025-03-01", "--format", "json", input=json.dumps(p).encode())
        want = json.loads(c.stdout)
        assert {k: v for k, v in o.items() if k != "line"} == want


def test_batch_reads_csv_with_list_facts_and_unknown_cells_and_writes_csv(tmp_path):
    (tmp_path / "sager.csv").write_text(
        "case_id,age,significant_mental_impairment,living_situation,current_services,requested_days_per_week,lives_alone\n"
        "k1,30,ja,residential,sel-103;sel-85,4,\n"
        'k2,45,true,own_home,[],"2,5",true\n'
        "k3,x,true,own_home,,,\n", encoding="utf-8")
    r = standards("batch", str(tmp_path / "sager.csv"), *ARGS, "--date", "2025-03-01", "--format", "csv", "--outcome-only")
    rows = list(csv.DictReader(io.StringIO(r.stdout.decode())))
    assert [row["case_id"] for row in rows] == ["k1", "k2", "k3"]
    assert rows[0]["outcome"] == "assess" and rows[0]["against"] == "andet-dagtilbud;botilbud-kombination;dage-botilbud"
    assert rows[0]["outcome_label"] == "kræver konkret vurdering"
    assert rows[1]["outcome"] == "grant" and rows[1]["recommended"].startswith("requested_days_per_week=2.5")
    assert rows[2]["outcome"] == "" and "'age'" in rows[2]["error"]


def test_a_csv_header_that_names_no_fact_stops_before_anything_is_evaluated(tmp_path):
    (tmp_path / "sager.csv").write_text("case_id,alder\nk1,30\n", encoding="utf-8")
    r = standards("batch", str(tmp_path / "sager.csv"), *ARGS)
    assert r.returncode == 2 and r.stdout == b""
    assert "'alder'" in r.stderr.decode() and "Traceback" not in r.stderr.decode()


def test_batch_output_file_is_written_whole_or_not_at_all(tmp_path):
    src = tmp_path / "sager.jsonl"
    src.write_bytes(jsonl(PROFILES))
    out = tmp_path / "udfald.jsonl"
    r = standards("batch", str(src), *ARGS, "--date", "2025-03-01", "--outcome-only", "-o", str(out))
    assert r.returncode == 0 and r.stdout == b""
    assert len(out.read_text("utf-8").splitlines()) == 4
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []
    r = standards("batch", str(src), *ARGS, "-o", str(tmp_path / "mangler" / "udfald.jsonl"))
    assert r.returncode == 2 and "intet er skrevet" in r.stderr.decode()


def test_impact_over_the_example_cases_counts_every_case_and_lists_the_changed_ones():
    args = ["-m", "ishoj", "-s", "sel-85", "--standards-dir", str(STANDARDS), "--from", "2023-06-01", "--to", "2025-03-01"]
    r = standards("impact", "--cases", *args, "--format", "json")
    assert r.returncode == 0, r.stderr
    d = json.loads(r.stdout)
    total = sum(n for row in d["counts"].values() for n in row.values())
    assert total == d["total"] > 10
    changed = sum(n for a, row in d["counts"].items() for b, n in row.items() if a != b)
    assert 0 < changed <= d["changed_count"] == len(d["changed"])
    assert d["from"]["standard"].endswith("2015-11-01.yaml") and d["to"]["standard"].endswith("2024-01-01.yaml")
    for ch in d["changed"]:
        assert ch["case_id"] and ch["file"].endswith("cases.yaml")
        if ch["from"] != ch["to"]:
            assert ch["rules"]
    text = standards("impact", "--cases", *args).stdout.decode()
    assert "| fra \\ til |" in text and "bevilling anbefales" in text


def test_impact_between_two_revision_files_names_the_lowered_limit(tmp_path):
    src = (STANDARDS / "ishoj" / "sel-107-aflastning" / "2015-11-01.yaml").read_text("utf-8")
    draft = tmp_path / "2026-01-01.yaml"
    draft.write_text(src.replace("max: 90", "max: 60").replace("valid_from: 2015-11-01", "valid_from: 2026-01-01"), "utf-8")
    folder = tmp_path / "profiler"
    folder.mkdir()
    (folder / "a.yaml").write_text((REPO / "examples" / "aflastning-120-doegn.yaml").read_text("utf-8"), "utf-8")
    (folder / "b.json").write_text(json.dumps({"case_id": "b", "age": 30, "significant_mental_impairment": True,
                                               "living_situation": "with_relatives", "relatives_primary_caregivers": True,
                                               "relief_necessary_to_stay_home": True, "requested_relief_nights_per_year": 75}), "utf-8")
    r = standards("impact", str(folder), "-m", "ishoj", "-s", "sel-107-aflastning", "--standards-dir", str(STANDARDS),
                  "--from", "2025-03-01", "--to", str(draft), "--date", "2025-03-01", "--format", "json")
    assert r.returncode == 0, r.stderr
    d = json.loads(r.stdout)
    by = {ch["case_id"] or ch["file"]: ch for ch in d["changed"]}
    assert by["b"]["from"] == "grant" and by["b"]["to"] == "partial" and by["b"]["rules"] == ["max-90-doegn"]
    assert by["b"]["recommended_to"]["requested_relief_nights_per_year"] == 60
    assert d["total"] == 2


def test_impact_refuses_a_revision_of_another_service():
    other = STANDARDS / "ishoj" / "sel-104" / "2015-11-01.yaml"
    r = standards("impact", "--cases", "-m", "ishoj", "-s", "sel-85", "--standards-dir", str(STANDARDS),
                  "--from", "2025-03-01", "--to", str(other))
    assert r.returncode == 2 and "sel-104" in r.stderr.decode()


def _big_caseload(path, n: int = 11_000) -> None:
    """Over 4 MB of § 85 profiles (impact reads such a file in parts), with bad lines among them (2 blank, 10 errors)."""
    sys.path.insert(0, str(REPO / "benchmarks"))
    from profiles import generate
    pool = generate("sel-85", 2_000, unknown=0.1)
    bad = [b'{"case_id": "010190-1234", "age": 40}', b"{not json", b"", b'{"age": 30, "age": 31}', b'{"alder": 3}',
           b'{"case_id": "x", "requested_support_hours_per_week": 101901234}']
    with open(path, "wb") as f:
        for i in range(n):
            f.write(bad[i // 997 % len(bad)] + b"\n" if i % 997 == 0 else
                    json.dumps({**pool[i % len(pool)], "case_id": f"sag-{i}"}).encode() + b"\n")


def test_impact_in_parts_writes_what_one_process_writes(tmp_path):
    src = tmp_path / "sager.jsonl"
    _big_caseload(src)
    assert src.stat().st_size > 4 << 20
    args = ["-m", "ishoj", "-s", "sel-85", "--standards-dir", str(STANDARDS), "--from", "2023-06-01", "--to", "2025-03-01"]
    for fmt in ("csv", "json", "text"):
        one = standards("impact", str(src), *args, "--format", fmt, "--jobs", "1")
        two = standards("impact", str(src), *args, "--format", fmt, "--jobs", "2")
        assert one.returncode == two.returncode == 1, two.stderr  # the bad lines could not be evaluated; the rest were
        assert one.stdout == two.stdout and one.stderr == two.stderr
        assert b"1234" not in two.stdout + two.stderr and b"101901234" not in two.stdout + two.stderr
    d = json.loads(two.stdout if fmt == "json" else standards("impact", str(src), *args, "--format", "json").stdout)
    assert d["total"] == 10_998 and len(d["errors"]) == 10 and d["changed_count"] == len(d["changed"]) > 0


def test_a_caseload_cut_in_parts_gives_every_line_once_with_its_number(tmp_path):
    from standards_engine.caseload import jsonl_parts, open_caseload, open_jsonl_part
    raw = b"\xef\xbb\xbf" + b"".join(
        (b"" if i % 7 == 3 else b"{not json" if i % 11 == 5 else json.dumps({"case_id": f"s{i}", "age": i % 90}).encode()
         + b" " * (i * 37 % 300)) + b"\n" for i in range(400)) + b'{"age": 1}'  # a BOM first, blank lines, no last newline
    src = tmp_path / "sager.jsonl"
    src.write_bytes(raw)

    def seen(load):
        return [(e.line, e.data, e.error and e.error.say("da")) for e in load]
    whole = seen(open_caseload(str(src)))
    for parts in (2, 3, 7, 400, 1000):
        cuts = jsonl_parts(str(src), parts, smallest=0)
        assert cuts[0][0] == 0 and cuts[-1][1] == len(raw) and all(a[1] == b[0] for a, b in zip(cuts, cuts[1:]))
        assert [x for c in cuts for x in seen(open_jsonl_part(str(src), *c))] == whole
    assert jsonl_parts(str(src), 2) is None  # too small to pay


_PIECES = [b'{"age": 30}', b'{"age": 3', b'{"age": 30, "age": 31}', b'{"a": {"b": 1}}', b'{"x": [1, [2]]}', b"[1]",
           b'{"t": "a:b"}', b'{"l": ["x", "y"]}', b"\xff\xfe", b"\xef\xbb\xbf{}", b"   ", b"", b"\r", b"x" * 30,
           b'{"case_id": "' + b"9" * 25 + b'"}', b"{}", b'"\\u00e6"', b'{"n": NaN}']


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=12), st.booleans(), st.integers(1, 9), st.integers(0, 3), st.booleans())
def test_json_lines_read_in_blocks_are_read_as_line_by_line(pieces, last_break, block, parts, with_orjson):
    """Lines cut from blocks (with a line longer than the limit, the block boundary anywhere, a file in parts,
    read by orjson where it is installed, or by json) give the entries that reading each line alone gives."""
    import io
    import tempfile
    from unittest import mock

    from standards_engine import caseload
    raw = b"\n".join(pieces) + (b"\n" if last_break and pieces else b"")

    def seen(entries):
        return [(e.line, e.data, e.error and e.error.say("da")) for e in entries]
    fast = caseload._fast_loads if with_orjson else (lambda: None)
    with mock.patch.object(caseload, "MAX_PROFILE_BYTES", 28), mock.patch.object(caseload, "_BLOCK", block), \
            mock.patch.object(caseload, "_fast_loads", fast):
        lines = raw.split(b"\n")
        if last_break and pieces:
            lines.pop()
        want = seen(e for i, line in enumerate(lines) for e in caseload._line_entries(i + 1, line))
        assert seen(caseload._jsonl(io.BytesIO(raw))) == want
        with tempfile.NamedTemporaryFile(suffix=".jsonl") as f:
            f.write(raw)
            f.flush()
            cuts = caseload.jsonl_parts(f.name, parts, smallest=0) if raw else None
            if cuts:
                assert [x for c in cuts for x in seen(caseload.open_jsonl_part(f.name, *c))] == want


def _same(a, b) -> bool:
    """Equal, of the same types all the way down (1 is not 1.0, -0.0 is not 0.0)."""
    if type(a) is not type(b):
        return False
    if type(a) is float:
        return repr(a) == repr(b)
    if type(a) is dict:
        return list(a) == list(b) and all(_same(a[k], b[k]) for k in a)
    if type(a) is list:
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b))
    return a == b


_JSON = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(-2 ** 70, 2 ** 70), st.floats(allow_nan=False, allow_infinity=False),
              st.text(max_size=8)),
    lambda kids: st.one_of(st.lists(kids, max_size=3), st.dictionaries(st.text(max_size=4), kids, max_size=3)), max_leaves=8)
_ODD_JSON = st.sampled_from([b"1e400", b"-1e400", b"1E5", b"-0", b"-0.0", b"0.1e-400", b"123456789012345678901234567890",
                             b'"\\ud800"', b'"\\udc00\\ud800"', b'"\x7f"', b'"\t"', b"NaN", b"Infinity", b"\xef\xbb\xbf{}",
                             b'{"a":1}\r', b" {} ", b"\xc3\xa6", b'"\xc3\xa6"', b'"\xed\xa0\x80"', b"1.0", b"[1,]", b"{,}",
                             b"01", b"1.", b".5", b"+1", b"\x0c{}", b"{}\x00", b"-9223372036854775809", b"18446744073709551616",
                             b"1019012340000000000000", b"-0101901234567890123", b"9223372036854775807"])


@settings(max_examples=500, deadline=None)
@given(st.one_of(_JSON.map(lambda v: json.dumps(v, ensure_ascii=False).encode("utf-8", "surrogatepass")),
                 _JSON.map(lambda v: json.dumps(v).encode()), _ODD_JSON,
                 st.tuples(_ODD_JSON, _ODD_JSON).map(lambda t: b'{"a": ' + t[0] + b', "b": [' + t[1] + b"]}")))
def test_a_line_read_with_orjson_is_read_as_json_reads_it(raw):
    """With orjson (the optional extra) a caseload's lines give the entries json alone gives, values of the same
    types (an integer of any size stays one), errors in the same words."""
    import io
    from unittest import mock

    from standards_engine import caseload
    pytest.importorskip("orjson")
    for line in (raw, b'{"case_id": "x", "v": ' + raw + b"}", b'{"l": [' + raw + b"]}"):
        fast = list(caseload._jsonl(io.BytesIO(b"{}\n" + line + b"\n")))
        with mock.patch.object(caseload, "_fast_loads", lambda: None):
            plain = list(caseload._jsonl(io.BytesIO(b"{}\n" + line + b"\n")))
        assert [(e.line, e.error and e.error.say("da")) for e in fast] == [(e.line, e.error and e.error.say("da")) for e in plain]
        assert all(_same(a.data, b.data) for a, b in zip(fast, plain))
