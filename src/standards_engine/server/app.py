"""The HTTP API under /v1/: each endpoint a thin call of the library the command line uses."""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from pathlib import Path
from typing import Any, Literal

from fastapi import FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response, StreamingResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from .. import api, render
from ..coerce import parse_date
from ..errors import EngineError
from ..repository import Repository
from .guard import Guard, error_log
from .models import (DATE_PATTERN, ERROR_RESPONSES, ID_PATTERN, CheckRequest, Final, Health, InterviewRequest, LetterRequest, MunicipalityInfo,
                     NextQuestion, RevisionInfo, ServiceInfo, StandardDocument, StandardsIndex)
from .problems import ApiError, from_library, problem

_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")


def version() -> str:
    try:
        from importlib.metadata import version as v
        return v("standards-engine")
    except Exception:  # running from a checkout that was never installed
        return "0"


def create_app(root: Path | None = None) -> FastAPI:
    """The FastAPI application over the standards tree at `root` (default: as the command line finds it)."""
    repository = api.open_repository(root)
    app = FastAPI(title="standards-engine", version=version(),
                  description="Kvalitetsstandarder efter serviceloven som regler. The engine recommends; the caseworker "
                              "decides. Every error is JSON with a code, a Danish and an English message and the field "
                              "at fault. Profiles are personal data: never logged, never stored.",
                  docs_url=None, redoc_url=None)  # the interactive docs load scripts from a CDN: not on a municipal network
    app.state.repository = repository

    @app.exception_handler(ApiError)
    async def api_error(request: Request, e: ApiError) -> Response:
        return _error_response(request, e)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, e: RequestValidationError) -> Response:
        return _error_response(request, _validation_problem(e.errors()))

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, e: StarletteHTTPException) -> Response:
        code = {404: "not_found", 405: "method_not_allowed"}.get(e.status_code)
        err = problem(code) if code else ApiError(e.status_code, "http_error", "Forespørgslen kan ikke besvares.",
                                                  "The request cannot be answered.")
        return _error_response(request, err)

    @app.exception_handler(Exception)
    async def internal(request: Request, e: Exception) -> Response:
        return _error_response(request, problem("internal"))

    @app.get("/v1/health", response_model=Health, tags=["service"])
    async def health() -> Health:
        """Whether the server answers, its version, and how many revisions it serves."""
        # counted from the one walk of the tree (tree.index), not compiled: a probe must be cheap
        count = sum(len(revs) for services in _listing(repository).values() for revs in services.values())
        return Health(status="ok", version=version(), standards=count)

    @app.post("/v1/check", tags=["recommendation"], responses={
        200: {"description": "The recommendation: exactly `standards check --format json` (docs/contract.md §4)",
              "content": {"application/json": {"schema": {"type": "object"}}}}, **ERROR_RESPONSES})
    async def check(body: CheckRequest) -> Response:
        """Evaluate a profile against the standard in force on the date: the recommendation, as the CLI's JSON."""
        on = _date(body.date)
        rec = from_library(lambda lang: api.check(body.profile, body.municipality, body.service, on, lang, repository),
                           body.lang, body.profile)
        return Response(render.to_json(rec) + "\n", media_type="application/json")

    @app.post("/v1/interview/next", tags=["recommendation"], response_model=NextQuestion | Final, responses=ERROR_RESPONSES)
    async def interview_next(body: InterviewRequest) -> Any:
        """The next question whose answer could still change the outcome (fact, type, choices with Danish labels,
        the question), or the final recommendation. Send the answers back in `profile` (null for "ved ikke")."""
        from .. import interview
        on = _date(body.date)
        got = from_library(lambda lang: interview.next_question(body.profile, body.municipality, body.service, on,
                                                                repository, lang=lang, skip=body.skip),
                           body.lang, body.profile)
        # exactly what `standards interview --next --format json` prints
        if isinstance(got, interview.Question):
            doc = {"kind": "question", "question": got.to_dict()}
        else:
            doc = {"kind": "recommendation", "recommendation": json.loads(render.to_json(got))}
        return Response(json.dumps(doc, ensure_ascii=False, indent=2, default=str) + "\n", media_type="application/json")

    @app.post("/v1/letter", tags=["recommendation"], responses={
        200: {"description": "The draft letter", "content": {"text/markdown": {"schema": {"type": "string"}},
                                                             "text/html": {"schema": {"type": "string"}}}},
        **ERROR_RESPONSES})
    async def letter(body: LetterRequest) -> Response:
        """A draft decision letter (Danish) from the recommendation for the profile: what is granted, partly granted,
        refused or referred, the reasons (forvaltningsloven § 24), and the complaint guidance with its deadline."""
        from .. import letter as letters
        decided = _date(body.decision_date, "decision_date")
        applied = _date(body.application_date, "application_date") if body.application_date else None
        on = _date(body.date) if body.date else decided
        # Checked first in both languages, so a bad profile is told as every other error; the letter is Danish.
        from_library(lambda lang: api.check(body.profile, body.municipality, body.service, on, lang, repository), "da",
                     body.profile)
        text = from_library(lambda lang: letters.draft_for(body.profile, body.municipality, body.service, decided,
                                                           applied, body.format, on=on, repository=repository), "da",
                            body.profile)
        if body.format == "html":
            return Response(text, media_type="text/html; charset=utf-8", headers=LETTER_CSP)
        return Response(text, media_type="text/markdown; charset=utf-8")

    @app.post("/v1/batch", tags=["recommendation"], responses={
        200: {"description": "One JSON line per profile, in order, as `standards batch` writes them: the whole "
                             "recommendation (or, with outcome_only, outcome, level, recommended quantities and the rules "
                             "against), or an error line for a profile that cannot be evaluated. Streamed as evaluated.",
              "content": {"application/x-ndjson": {"schema": {"type": "string"}}}}, **ERROR_RESPONSES},
              openapi_extra={"requestBody": {"required": True, "description": "One profile (a JSON object) per line",
                                             "content": {"application/x-ndjson": {"schema": {"type": "string"}}}}})
    async def batch(request: Request, municipality: str = Query(pattern=ID_PATTERN), service: str = Query(pattern=ID_PATTERN),
                    date: str | None = Query(None, pattern=DATE_PATTERN), lang: Literal["da", "en"] = "da",
                    outcome_only: bool = False) -> Response:
        """A caseload through one standard, as `standards batch --format jsonl` does: JSON Lines in (up to 32 MB),
        JSON Lines out, one per profile in input order. A bad profile is an error line, never the whole batch."""
        import io

        from starlette.concurrency import iterate_in_threadpool

        from .. import batch as batches
        from ..caseload import open_caseload
        on = _date(date)
        resolved = from_library(lambda lg: repository.standard_for(municipality, service, on), lang)
        body = await request.body()  # read whole by the guard, within its limit
        load = open_caseload("-", stdin=io.BytesIO(body), kind="jsonl")

        def lines():
            try:
                for row in batches.evaluate_caseload(load, resolved, on, lang, outcome_only):
                    yield (batches.json_line(row, outcome_only, lang) + "\n").encode("utf-8")
            except EngineError as e:  # the caseload as a whole cannot be read: said as the last line
                yield (json.dumps({"error": ApiError(422, e.code or "invalid_input", e.text("da"), e.text("en")).body()},
                                  ensure_ascii=False) + "\n").encode("utf-8")
            except Exception as e:  # the status is sent already: the last line says the run broke off
                error_log.error("internal error %s in POST /v1/batch", e.__class__.__name__)
                yield (json.dumps({"error": problem("internal").body()}, ensure_ascii=False) + "\n").encode("utf-8")
        return StreamingResponse(iterate_in_threadpool(lines()), media_type="application/x-ndjson")

    @app.get("/v1/standards", response_model=StandardsIndex, tags=["standards"], responses=ERROR_RESPONSES)
    async def standards() -> StandardsIndex:
        """Every municipality, its services, and each service's revisions with valid_from and sha256."""
        return StandardsIndex(municipalities=_index(repository))

    @app.get("/v1/standards/{municipality}/{service}", response_model=StandardDocument, tags=["standards"],
             responses={200: {"content": {"text/html": {"schema": {"type": "string"}},
                                          "text/markdown": {"schema": {"type": "string"}}},
                              "description": "JSON (default), or with format=html|markdown the standard as a readable "
                                             "document, exactly as `standards render` makes it"}, **ERROR_RESPONSES})
    async def standard(municipality: str, service: str, date: str | None = None, lang: str = "da",
                       format: Literal["json", "html", "markdown"] = "json") -> Any:
        """The revision in force on the date (default today): its validated content as JSON, or as a document."""
        _ids(municipality, service)
        on = _date(date)
        lang = _lang(lang)
        res = from_library(lambda lg: repository.standard_for(municipality, service, on), lang)
        if format != "json":
            from .. import document
            data, used_by = document.standard(res, on)
            text = document.render(data, format, lang, municipality=used_by)
            if format == "html":
                return Response(text, media_type="text/html; charset=utf-8", headers=DOCUMENT_CSP)
            return Response(text, media_type="text/markdown; charset=utf-8")
        data = json.loads(json.dumps(res.as_used(), default=_iso, ensure_ascii=False))
        rev = repository.in_force(municipality, service, on)
        return StandardDocument(municipality=municipality, service=service, valid_from=rev.valid_from.isoformat(),
                                sha256=res.sha256, same_as=res.meta.get("same_as"), standard=data)

    from .web import mount
    listing: list = []

    def index() -> list[MunicipalityInfo]:
        """The tree's listing for the page, read once (the server serves the tree it started with)."""
        if not listing:
            listing.append(_index(repository))
        return listing[0]
    mount(app, repository, index)
    return app


def wrap(app: FastAPI, token: str | None = None) -> Guard:
    """The application as served: behind the guard (token, limits, CPR, access log)."""
    return Guard(app, token)


def _iso(o: Any) -> Any:
    return o.isoformat() if hasattr(o, "isoformat") else str(o)


def _lang(lang: str) -> str:
    if lang not in ("da", "en"):
        raise ApiError(422, "invalid_field", "Feltet lang skal være da eller en.", "The field lang must be da or en.", "lang")
    return lang


def _ids(municipality: str, service: str) -> None:
    """Ids are folder names; anything else (.., %2f, a dot, upper case) never reaches the file system."""
    for value, field, da, en in ((municipality, "municipality", "Kommunens id", "The municipality id"),
                                 (service, "service", "Ydelsens id", "The service id")):
        if not _ID.match(value):
            raise problem("invalid_id", field=field, what_da=da, what_en=en)


def _date(value: str | None, field: str = "date") -> dt.date:
    if value is None:
        return dt.date.today()
    try:
        return parse_date(value)
    except ValueError:
        raise ApiError(422, "invalid_field", f"Feltet {field} skal være en gyldig dato som ÅÅÅÅ-MM-DD.",
                       f"The field {field} must be a valid date as YYYY-MM-DD.", field) from None


# The letter's and the standard's HTML carry their own print stylesheet inline, and no scripts.
LETTER_CSP = DOCUMENT_CSP = {"Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'"}


def _index(repository: Repository) -> list[MunicipalityInfo]:
    from ..vocabulary import services as catalogue
    out = []
    for mname, found in _listing(repository).items():
        name, services = mname, []
        for sname, paths in found.items():
            revisions = []
            for path in paths:
                same_as = None
                try:
                    res = repository.resolve(path)
                    name = res.municipality["name"]
                    if res.pointer is not None:
                        same_as = res.pointer.same_as
                except Exception:  # an invalid revision is still listed; `standards validate` says what is wrong
                    pass
                revisions.append(RevisionInfo(valid_from=path.stem, sha256=hashlib.sha256(path.read_bytes()).hexdigest(),
                                              same_as=same_as))
            known = catalogue().get(sname)
            services.append(ServiceInfo(id=sname, title=known.title.get("da", sname) if known else sname,
                                        title_en=known.title.get("en") if known else None, revisions=revisions))
        out.append(MunicipalityInfo(id=mname, name=name, services=services))
    return out


def _listing(repository: Repository) -> dict[str, dict[str, list]]:
    """The tree's revisions by municipality and service (tree.index); an unreadable tree lists nothing."""
    from ..errors import StandardError
    from ..tree import index
    try:
        return index(repository.root)
    except StandardError:
        return {}


_FIELD_DA = {"missing": "mangler", "extra_forbidden": "kendes ikke", "string_pattern_mismatch": "har ikke den rette form",
             "literal_error": "har en værdi, der ikke er tilladt", "dict_type": "skal være et objekt (fakta og værdier)",
             "string_type": "skal være en tekst", "model_attributes_type": "skal være et JSON-objekt",
             "json_invalid": "er ikke gyldig JSON", "string_too_long": "er for lang"}
_FIELD_EN = {"missing": "is missing", "extra_forbidden": "is not known", "string_pattern_mismatch": "does not have the right form",
             "literal_error": "has a value that is not allowed", "dict_type": "must be an object (facts and values)",
             "string_type": "must be a text", "model_attributes_type": "must be a JSON object",
             "json_invalid": "is not valid JSON", "string_too_long": "is too long"}
_HINT = {"municipality": ("fx ishoj", "e.g. ishoj"), "service": ("fx sel-85", "e.g. sel-85"),
         "date": ("ÅÅÅÅ-MM-DD", "YYYY-MM-DD"), "lang": ("da eller en", "da or en")}


def _validation_problem(errors: list[dict]) -> ApiError:
    """pydantic's first complaint, in both languages, naming the field but never quoting what was sent."""
    from ..cpr import redact
    first = errors[0] if errors else {"loc": (), "type": ""}
    loc = [str(x) for x in first.get("loc", ())][1:] if first.get("loc", ("",))[0] in ("body", "query", "path", "header") else [str(x) for x in first.get("loc", ())]
    # a key the client invented is not quoted back unless it looks like a name
    loc = loc if all(re.fullmatch(r"[A-Za-z_][A-Za-z0-9_-]{0,63}|\d{1,6}", x) for x in loc) else loc[:1] if loc and loc[0] in ("profile",) else []
    field = redact(".".join(loc))[:100] or None
    kind = first.get("type", "")
    if kind == "json_invalid":
        return problem("invalid_json")
    if kind == "extra_forbidden":
        if field is None:
            return ApiError(422, "unknown_field", "Forespørgslen har et felt, der ikke kendes.",
                            "The request has a field that is not known.", None)
        return problem("unknown_field", field=field)
    da, en = _FIELD_DA.get(kind, "har en forkert type eller værdi"), _FIELD_EN.get(kind, "has a wrong type or value")
    hint = _HINT.get(field or "")
    if hint and kind != "missing":
        da, en = f"{da} ({hint[0]})", f"{en} ({hint[1]})"
    if field is None:
        return ApiError(422, "invalid_field", f"Forespørgslen {da}.", f"The request {en}.", None)
    return problem("invalid_field", field=field, why_da=da, why_en=en)


def _error_response(request: Request, e: ApiError) -> Response:
    if not request.url.path.startswith("/v1/"):
        from .pages import error_page
        from fastapi.responses import HTMLResponse
        return HTMLResponse(error_page(e), status_code=e.status, headers=e.headers)
    return JSONResponse(e.body(), status_code=e.status, headers=e.headers)
