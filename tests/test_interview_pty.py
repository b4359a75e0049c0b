"""`standards interview` through a real terminal (the stdlib pty module): scripted answers from an
empty profile to each outcome, only questions whose answer could change it, a wrong answer asked
again, end of input and Ctrl-C saving what was answered, and the saved profile reproducing the outcome."""
from __future__ import annotations

import json
import os
import pty
import select
import sys
import time

import pytest
from typer.testing import CliRunner

from conftest import DATE, STANDARDS
from standards_engine import api, interview
from standards_engine.cli import app

REPO = api.open_repository(STANDARDS)
PROMPT = b") > "
HANG = int(os.environ.get("PTY_HANG", "180"))  # only a guard against a hang (2 shared cores); nothing here is timed


class Terminal:
    """The command on a pseudo-terminal, as a caseworker's shell runs it."""

    def __init__(self, *args: str):
        pid, fd = pty.fork()
        if pid == 0:  # the child: the pty is its controlling terminal, so Ctrl-C is a SIGINT
            import signal
            signal.signal(signal.SIGINT, signal.SIG_DFL)  # a background job's shell may have set it to ignore
            env = {**os.environ, "COLUMNS": "200", "TERM": "dumb", "NO_COLOR": "1"}
            os.execve(sys.executable, [sys.executable, "-m", "standards_engine", *args], env)
        self.pid, self.fd, self.out = pid, fd, b""

    def _read(self) -> bool:
        r, _, _ = select.select([self.fd], [], [], 1)
        if not r:
            return True
        try:
            chunk = os.read(self.fd, 65536)
        except OSError:  # EIO: the child has closed the terminal
            return False
        self.out += chunk
        return bool(chunk)

    def expect_prompt(self, n: int) -> None:
        """Wait for the n-th prompt."""
        end = time.monotonic() + HANG
        while self.out.count(PROMPT) < n:
            assert time.monotonic() < end, self.text()
            assert self._read(), self.text()

    def send(self, data: bytes) -> None:
        os.write(self.fd, data)

    def interrupt(self) -> None:
        """Ctrl-C, again after a quiet second while the program still runs: a SIGINT that lands after
        the prompt is written but before the read begins is only noticed at the next key, as in any
        terminal program. Then the rest of the output."""
        end = time.monotonic() + HANG
        self.send(b"\x03")
        while True:
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                self.exitcode = os.waitstatus_to_exitcode(status)
                break
            assert time.monotonic() < end, self.text()
            before = len(self.out)
            if self._read() and len(self.out) == before:
                self.send(b"\x03")
        while self._read() and time.monotonic() < end:
            pass
        os.close(self.fd)

    def finish(self) -> int:
        end = time.monotonic() + HANG
        while self._read():
            assert time.monotonic() < end, self.text()
        _, status = os.waitpid(self.pid, 0)
        os.close(self.fd)
        return os.waitstatus_to_exitcode(status)

    def text(self) -> str:
        return self.out.decode("utf-8", "replace").replace("\r\n", "\n")


def talk(args: list[str], answers: list[str], end: bytes | None = None) -> tuple[int, str]:
    t = Terminal("interview", *args, "--standards-dir", str(STANDARDS))
    for i, a in enumerate(answers, 1):
        t.expect_prompt(i)
        t.send(a.encode() + b"\r")
    if end is not None:
        t.expect_prompt(len(answers) + 1)
        if end == b"\x03":
            t.interrupt()
            return t.exitcode, t.text()
        t.send(end)
    return t.finish(), t.text()


def replay(m: str, s: str, answers: list[str], start: dict | None = None) -> tuple[list[str], object]:
    """The library's interview on the same answers: the facts asked, each checked to be one whose answer
    could still change the outcome at that point; a wrong answer is asked again (no new question)."""
    p, asked = dict(start or {}), []
    q = interview.next_question(p, m, s, DATE, REPO)
    for a in answers:
        assert isinstance(q, interview.Question), f"answer {a!r} given after the interview ended"
        rec = api.check(p, m, s, DATE, repository=REPO)
        assert q.fact in interview.open_facts(rec, interview.unknown_facts(p)), q.fact
        try:
            p = interview.apply_answer(p, q, a)
        except interview.AnswerError:
            continue
        asked.append(q.fact)
        q = interview.next_question(p, m, s, DATE, REPO)
    return asked, q


def questions_shown(text: str) -> int:
    import re
    return len(re.findall(r"^\d+\. ", text, re.M))


def check_saved(path, m: str, s: str) -> str:
    r = CliRunner().invoke(app, ["check", str(path), "-m", m, "-s", s, "--date", DATE.isoformat(),
                                 "--standards-dir", str(STANDARDS), "--format", "json"])
    assert r.exit_code == 0, r.output
    return json.loads(r.stdout)["outcome"]


@pytest.mark.parametrize("m,s,answers,outcome", [
    # grant: every condition met, the nights asked for within the limit
    ("ishoj", "sel-107-aflastning", ["30", "ja", "2", "ja", "ja", "60", "ved ikke"], "grant"),
    # partial: 120 nights, above the 90 the service level allows; a wrong answer on the way
    ("ishoj", "sel-107-aflastning", ["ja", "30", "måske", "ja", "hjemme hos familie eller pårørende", "ja", "ja", "120"], "partial"),
    # refuse: under 18, on the statute, after one question
    ("ishoj", "sel-107-aflastning", ["16"], "refuse"),
    # assess: living in their own home fails a service-level rule
    ("ishoj", "sel-107-aflastning", ["30", "ja", "1"], "assess"),
])
def test_interview_from_an_empty_profile_to_each_outcome(tmp_path, m, s, answers, outcome):
    saved = tmp_path / "profil.yaml"
    code, text = talk(["-m", m, "-s", s, "--date", DATE.isoformat(), "--save", str(saved)], answers)
    assert code == 0, text
    asked, rec = replay(m, s, answers)
    assert rec.outcome == outcome
    # the terminal asked exactly the library's questions: one per accepted answer, none that could not matter
    assert questions_shown(text) == len(asked)
    empty = api.check({}, m, s, DATE, repository=REPO)
    assert len(asked) <= len(interview.open_facts(empty)) + len(empty.limits)
    assert rec.__class__.__name__ == "Recommendation"
    assert check_saved(saved, m, s) == outcome
    assert f"spørgsmål stillet. Profilen er gemt i {saved}" in text
    if "måske" in answers:
        assert "»måske« er hverken ja eller nej" in text and "Traceback" not in text


def test_refusal_after_one_question_asks_nothing_else(tmp_path):
    code, text = talk(["-m", "ishoj", "-s", "sel-85", "--date", DATE.isoformat()], ["16"])
    assert code == 0 and questions_shown(text) == 1 and "AFSLAG ANBEFALES" in text


def test_end_of_input_saves_and_the_interview_resumes_from_the_saved_profile(tmp_path):
    saved = tmp_path / "profil.yaml"
    args = ["-m", "ishoj", "-s", "sel-107-aflastning", "--date", DATE.isoformat(), "--save", str(saved)]
    code, text = talk(args, ["30", "ved ikke"], end=b"\x04")  # Ctrl-D at the third question
    assert code == 1, text
    assert "Afbrudt; 2 svar gemt i" in text and "Traceback" not in text
    assert saved.read_text(encoding="utf-8").count("\n") > 2
    assert "significant_mental_impairment: null" in saved.read_text(encoding="utf-8")
    # resumed: neither the answered nor the "ved ikke" fact is asked again
    code, text = talk([*args, "--profile", str(saved)], ["ja", "2", "ja", "ja", "ved ikke", "ved ikke"])
    assert code == 0, text
    assert "Hvor gammel" not in text and "nedsat psykisk funktionsevne?" not in text
    assert check_saved(saved, "ishoj", "sel-107-aflastning") == "grant"


def test_ctrl_c_saves_and_exits_cleanly(tmp_path):
    saved = tmp_path / "profil.yaml"
    code, text = talk(["-m", "ishoj", "-s", "sel-85", "--date", DATE.isoformat(), "--save", str(saved)], ["ved ikke"], end=b"\x03")
    assert code == 130 and "Traceback" not in text
    assert "Afbrudt; 1 svar gemt i" in text and saved.is_file()


def test_a_cpr_number_typed_as_an_answer_is_refused_and_not_shown(tmp_path):
    saved = tmp_path / "profil.yaml"
    code, text = talk(["-m", "ishoj", "-s", "sel-107-aflastning", "--date", DATE.isoformat(), "--save", str(saved)],
                      ["0101901234", "ved ikke"], end=b"\x04")
    assert "ligner et CPR-nummer" in text
    # the terminal echoes what was typed; nothing the program wrote repeats it, nor the saved file
    assert text.count("0101901234") == 1 and "0101901234" not in saved.read_text(encoding="utf-8")


def test_next_json_for_a_case_system(tmp_path):
    p = tmp_path / "p.json"
    p.write_text(json.dumps({"age": 30, "significant_mental_impairment": True}), encoding="utf-8")
    args = ["interview", "-m", "ishoj", "-s", "sel-107-aflastning", "--date", DATE.isoformat(), "--standards-dir", str(STANDARDS),
            "--profile", str(p), "--next", "--format", "json"]
    r = CliRunner().invoke(app, args)
    assert r.exit_code == 0, r.output
    d = json.loads(r.stdout)
    assert d["kind"] == "question" and d["question"]["fact"] == "living_situation"
    assert {"number": 2, "value": "with_relatives", "label": "hjemme hos familie eller pårørende"} in d["question"]["choices"]
    p.write_text(json.dumps({"age": 16}), encoding="utf-8")
    d = json.loads(CliRunner().invoke(app, args).stdout)
    assert d["kind"] == "recommendation" and d["recommendation"]["outcome"] == "refuse"
