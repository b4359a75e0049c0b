"""The routes of the caseworkers' page: /, /interview, /letter, and its two static files."""
from __future__ import annotations

import datetime as dt
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, Response

from .pages import (State, WORDS, _HERE, answer_text, answers, catalogue, letter_body, page, parse_form,
                    recommendation_view, typed)
from .problems import ApiError, from_library

_STATIC = {"style.css": "text/css; charset=utf-8", "app.js": "text/javascript; charset=utf-8"}


def mount(app: FastAPI, repository: Any, index: Any) -> None:
    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    async def start(lang: str = "da") -> HTMLResponse:
        lang = lang if lang in WORDS else "da"
        return HTMLResponse(page("start.html", lang=lang, municipalities=catalogue(index()),
                                 today=dt.date.today().isoformat()))

    @app.get("/static/{name}", include_in_schema=False)
    async def static(name: str) -> Response:
        if name not in _STATIC:  # two fixed files: no path from the request reaches the disk
            raise ApiError(404, "not_found", "Siden findes ikke.", "There is no such page.")
        return Response((_HERE / "static" / name).read_bytes(), media_type=_STATIC[name])

    @app.post("/interview", response_class=HTMLResponse, include_in_schema=False)
    async def interview_step(request: Request) -> HTMLResponse:
        from .. import interview
        form = parse_form(await request.body())
        action = (form.get("action") or ["show"])[-1]
        if action == "start":
            m, _, s = (form.get("choice") or [""])[-1].partition("/")
            form = {**form, "municipality": [m], "service": [s]}
        state = State.from_form(form)
        if "switch_lang" in form:
            state.lang = form["switch_lang"][-1] if form["switch_lang"][-1] in WORDS else "da"
            action = "show"
        error = None
        if action == "back" and state.history:
            for key in state.history.pop():
                state.profile.pop(key, None)
        elif action in ("answer", "unknown"):
            fact = (form.get("fact") or [""])[-1]
            question = from_library(lambda lang: interview.question_for(fact, lang), state.lang)
            text = "ved ikke" if action == "unknown" else answer_text(question, form)
            try:
                new = interview.apply_answer(state.profile, question, text, state.lang)
            except interview.AnswerError as e:
                error = str(e)
            else:
                state.history.append([k for k in new if k not in state.profile or new[k] != state.profile[k]] or [fact])
                state.profile = new
        return _step(state, error)

    @app.post("/letter", include_in_schema=False)
    async def letter_page(request: Request) -> Response:
        from .. import letter as letters
        from ..coerce import parse_date
        form = parse_form(await request.body())
        state = State.from_form(form)
        if "switch_lang" in form:
            state.lang = form["switch_lang"][-1] if form["switch_lang"][-1] in WORDS else "da"
        dates = {}
        for name in ("decision_date", "application_date"):
            value = (form.get(name) or [""])[-1].strip()
            if not value:
                dates[name] = None
                continue
            try:
                dates[name] = parse_date(value)
            except ValueError:
                return _step(state, ("Datoen skal skrives ÅÅÅÅ-MM-DD, fx 2025-03-03." if state.lang == "da" else
                                     "The date must be written YYYY-MM-DD, e.g. 2025-03-03."), status=422)
        decided = dates["decision_date"] or dt.date.today()
        known = typed(state.profile)

        def draft(fmt: str) -> str:
            return from_library(lambda lang: letters.draft_for(known, state.municipality, state.service, decided,
                                                               dates["application_date"], fmt, on=state.on,
                                                               repository=repository), "da", known)
        download = (form.get("download") or [""])[-1]
        if download in ("md", "html"):
            text = draft("markdown" if download == "md" else "html")
            name = f"udkast-{state.municipality}-{state.service}-{decided.isoformat()}.{download}"
            return Response(text, media_type="text/markdown; charset=utf-8" if download == "md" else "text/html; charset=utf-8",
                            headers={"Content-Disposition": f'attachment; filename="{name}"'})
        return HTMLResponse(page("letter.html", lang=state.lang, state=state, heading=_heading(state),
                                 letter_html=letter_body(draft("html")), letter_md=draft("markdown"),
                                 decision_date=decided.isoformat(),
                                 application_date=dates["application_date"].isoformat() if dates["application_date"] else ""))

    def _step(state: State, error: str | None, status: int | None = None) -> HTMLResponse:
        """The page for where the interview stands: the next question, or the recommendation."""
        from .. import interview
        got = from_library(lambda lang: interview.next_question(state.profile, state.municipality, state.service, state.on,
                                                                repository, lang=lang), state.lang, state.profile)
        ctx = dict(lang=state.lang, state=state, heading=_heading(state), answered=answers(state),
                   today=dt.date.today().isoformat())
        if isinstance(got, interview.Question):
            if error:  # the same question again, with why the answer could not be used
                return HTMLResponse(page("question.html", q=got, number=len(state.history) + 1, error=error, **ctx),
                                    status_code=status or 422)
            return HTMLResponse(page("question.html", q=got, number=len(state.history) + 1, error=None, **ctx),
                                status_code=status or 200)
        return HTMLResponse(page("recommendation.html", v=recommendation_view(got, state.lang), **ctx),
                            status_code=status or 200)

    def _heading(state: State) -> str:
        from ..vocabulary import services
        name = next((m.name for m in index() if m.id == state.municipality), state.municipality)
        s = services().get(state.service)
        title = (s.title.get(state.lang) or s.title["da"]) if s else state.service
        return f"{name} · {s.paragraph if s else ''} {title} · {state.on.isoformat()}"
