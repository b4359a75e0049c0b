"""The web page for caseworkers: server-rendered HTML (Jinja2) that works without JavaScript."""
from __future__ import annotations

import html

from .problems import ApiError


def error_page(e: ApiError) -> str:
    """A refusal as a page a person reads: both languages, a way back. Built without templates so it works whatever failed."""
    b = e.body()
    return ("<!doctype html><html lang=\"da\"><head><meta charset=\"utf-8\"><title>Fejl</title>"
            "<link rel=\"stylesheet\" href=\"/static/style.css\"></head><body><main>"
            f"<h1>Forespørgslen kunne ikke besvares</h1><p>{html.escape(b['message']['da'])}</p>"
            f"<p lang=\"en\">{html.escape(b['message']['en'])}</p>"
            "<p><a href=\"/\">Tilbage til forsiden</a></p></main></body></html>")
