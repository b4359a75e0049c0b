"""The caseworkers' page without a browser: every step is a plain form post, so it works without JavaScript."""
from __future__ import annotations

import json
import re

import pytest

pytest.importorskip("fastapi")
from fastapi.testclient import TestClient  # noqa: E402

from conftest import STANDARDS  # noqa: E402
from standards_engine.server.app import create_app, wrap  # noqa: E402


@pytest.fixture(scope="module")
def client():
    with TestClient(wrap(create_app(STANDARDS)), raise_server_exceptions=False) as c:
        yield c


def hidden(page: str) -> dict[str, str]:
    """The state a page's first form carries, as a browser would send it back."""
    import html
    form = page[page.index('<form method="post" action="/interview" class="card">'):]
    return {m.group(1): html.unescape(m.group(2)) for m in re.finditer(r'<input type="hidden" name="(\w+)" value="([^"]*)"', form.split("</form>")[0])}


def start(client, lang="da"):
    return client.post("/interview", data={"action": "start", "choice": "ishoj/sel-107-aflastning", "date": "2025-03-01",
                                           "lang": lang, "profile": "{}", "history": "[]"})


def test_start_page_is_danish_accessible_html(client):
    r = client.get("/")
    assert r.status_code == 200 and '<html lang="da">' in r.text
    assert '<label for="choice">' in r.text and '<label for="date">' in r.text
    assert "Ishøj Kommune" in r.text and "Haderslev Kommune" in r.text
    assert '<html lang="en">' in client.get("/?lang=en").text


def test_one_question_at_a_time_with_ved_ikke_and_back(client):
    r = start(client)
    assert r.status_code == 200 and "Spørgsmål 1" in r.text
    state = hidden(r.text)
    first = state["fact"]
    r = client.post("/interview", data={**state, "action": "unknown"})
    state = hidden(r.text)
    assert "Spørgsmål 2" in r.text and state["fact"] != first
    assert json.loads(state["profile"]) == {first: None}  # "ved ikke" is kept as unknown, never asked again
    r = client.post("/interview", data={**state, "action": "back"})
    assert hidden(r.text)["fact"] == first and json.loads(hidden(r.text)["profile"]) == {}


def test_a_wrong_answer_is_asked_again_with_the_reason(client):
    state = hidden(start(client).text)
    r = client.post("/interview", data={**state, "action": "answer", "answer": "mange"})
    assert r.status_code == 422 and 'role="alert"' in r.text and hidden(r.text)["fact"] == state["fact"]


def test_a_cpr_number_in_an_answer_is_refused_and_not_shown(client):
    state = hidden(start(client).text)
    r = client.post("/interview", data={**state, "action": "answer", "answer": "010190-1234"})
    assert r.status_code == 422 and "010190" not in r.text and "CPR" in r.text
    assert r.headers["content-type"].startswith("text/html")


def test_to_the_recommendation_and_the_letter_by_forms_alone(client):
    answers = {"age": "2001-04-17", "significant_mental_impairment": "ja", "living_situation": "2",
               "relatives_primary_caregivers": "ja", "relief_necessary_to_stay_home": "ja",
               "requested_relief_nights_per_year": "120"}
    r = start(client)
    for _ in range(25):
        if "Anbefaling:" in r.text:
            break
        state = hidden(r.text)
        given = answers.get(state["fact"])
        r = client.post("/interview", data={**state, "action": "answer" if given else "unknown", "answer": given or ""})
        assert r.status_code == 200, r.text
    assert "Anbefaling:" in r.text and "Afgørende regler" in r.text
    link = re.search(r'href="(/v1/standards/ishoj/sel-107-aflastning\?[^"]+)"', r.text).group(1)
    doc = client.get(__import__("html").unescape(link))
    assert doc.status_code == 200 and doc.headers["content-type"].startswith("text/html")
    form = r.text[r.text.index('<form method="post" action="/letter">'):]
    state = {m.group(1): __import__("html").unescape(m.group(2))
             for m in re.finditer(r'<input type="hidden" name="(\w+)" value="([^"]*)"', form.split("</form>")[0])}
    r = client.post("/letter", data={**state, "decision_date": "2025-03-03"})
    assert r.status_code == 200 and "UDKAST TIL AFGØRELSE" in r.text and "31. marts 2025" in r.text
    letter = r.text[r.text.index('<article class="letter"'):r.text.index("</article>")]
    assert "17. april 2001" in letter and "2001-04-17" not in letter  # dates in words
    d = client.post("/letter", data={**state, "decision_date": "2025-03-03", "download": "md"})
    assert d.headers["content-disposition"].startswith("attachment;") and d.text.startswith(">")


@pytest.mark.parametrize("data", [
    {"action": "start", "choice": "../../etc/passwd"},
    {"action": "show", "municipality": "ishoj", "service": "sel-85", "profile": "[[[[", "history": "[]"},
    {"action": "show", "municipality": "ishoj", "service": "sel-85", "profile": '{"agee": 1}', "history": "[]"},
    {"action": "answer", "municipality": "ishoj", "service": "sel-85", "profile": "{}", "history": "[]", "fact": "nope"},
])
def test_tampered_forms_are_4xx_pages(client, data):
    r = client.post("/interview", data=data)
    assert 400 <= r.status_code < 500 and r.headers["content-type"].startswith("text/html")
    assert "Traceback" not in r.text and "root:" not in r.text


def test_the_page_takes_only_form_posts(client):
    r = client.post("/interview", content=b'{"a": 1}', headers={"content-type": "application/json"})
    assert r.status_code == 415


def test_every_control_has_a_label(client):
    """A screen reader names every field: each visible input and select is labelled (by for= or by wrapping)."""
    import html as h
    pages = [client.get("/").text, start(client).text]
    state = hidden(pages[1])
    for answer_kind in ("unknown", "unknown", "unknown"):
        r = client.post("/interview", data={**hidden(pages[-1]), "action": answer_kind})
        if "Spørgsmål" not in r.text:
            break
        pages.append(r.text)
    assert state
    for page in pages:
        ids = set(re.findall(r'<label for="([^"]+)"', page))
        for m in re.finditer(r'<(input|select|textarea)\b([^>]*)>', page):
            attrs = m.group(2)
            if 'type="hidden"' in attrs:
                continue
            before = page[:m.start()]
            wrapped = before.rfind("<label") > before.rfind("</label>")
            own = re.search(r'id="([^"]+)"', attrs)
            assert wrapped or (own and own.group(1) in ids), h.unescape(m.group(0))
