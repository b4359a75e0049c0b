"""Screen and compare rows as text (for a terminal or a case note) and Markdown (for a memo)."""
from __future__ import annotations

import textwrap

from .screen import Row

_WORDS = {
    "da": {"service": "Ydelse", "outcome": "Anbefaling", "deciding": "Afgørende begrundelse",
           "question": "Første manglende spørgsmål", "standard": "Standard", "from": "gældende fra",
           "limits": "Anbefalet højst", "municipality": "Kommune", "none": "—"},
    "en": {"service": "Service", "outcome": "Recommendation", "deciding": "Deciding reason",
           "question": "First missing question", "standard": "Standard", "from": "in force from",
           "limits": "Recommended at most", "municipality": "Municipality", "none": "—"},
}


def _w(lang: str) -> dict[str, str]:
    return _WORDS["en" if lang == "en" else "da"]


def _service(r: Row) -> str:
    return f"{r.paragraph} {r.service_title}".strip()


def _standard(r: Row, lang: str) -> str:
    return f"{r.municipality_name}, {_w(lang)['from']} {r.valid_from}" if r.valid_from else r.municipality_name


def _md(text: str | None) -> str:
    return (text or "—").replace("|", "\\|").replace("\n", " ")


def screen_text(rows: list[Row], lang: str = "da") -> str:
    """One block per service: title and revision, then outcome, deciding reason, first question."""
    w = _w(lang)
    out: list[str] = []
    for r in rows:
        out.append(f"{_service(r)}  ({_standard(r, lang)})")
        out.append(f"  {w['outcome']}: {r.outcome_label.upper()}")
        out += textwrap.wrap(f"{w['deciding']}: {r.deciding or w['none']}", 100, initial_indent="  ", subsequent_indent="    ")
        if r.limits:
            out.append(f"  {w['limits']}: {'; '.join(r.limits)}")
        if r.first_question:
            out += textwrap.wrap(f"{w['question']}: {r.first_question}", 100, initial_indent="  ", subsequent_indent="    ")
        out.append("")
    return "\n".join(out)


def screen_markdown(rows: list[Row], lang: str = "da", all_municipalities: bool = False) -> str:
    w = _w(lang)
    head = ([w["municipality"]] if all_municipalities else []) + [w["service"], w["standard"], w["outcome"], w["deciding"], w["question"]]
    out = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for r in rows:
        cells = ([r.municipality_name] if all_municipalities else []) + [
            _service(r), f"{w['from']} {r.valid_from}" if r.valid_from else "—", f"**{r.outcome_label}**",
            r.deciding + (f" ({w['limits'].lower()} {'; '.join(r.limits)})" if r.limits else ""), r.first_question]
        out.append("| " + " | ".join(_md(c) for c in cells) + " |")
    return "\n".join(out) + "\n"


def _compare_lines(rows: list[Row], lang: str) -> list[tuple[str, list[str]]]:
    w = _w(lang)
    return [
        (w["standard"], [f"{w['from']} {r.valid_from}" if r.valid_from else r.outcome_label for r in rows]),
        (w["outcome"], [r.outcome_label for r in rows]),
        (w["deciding"], [r.deciding or w["none"] for r in rows]),
        (w["limits"], ["; ".join(r.limits) or w["none"] for r in rows]),
        (w["question"], [r.first_question or w["none"] for r in rows]),
    ]


def compare_text(rows: list[Row], lang: str = "da", width: int = 100) -> str:
    """Municipalities side by side in columns, each cell wrapped to its column."""
    label_w = max(len(label) for label, _ in _compare_lines(rows, lang)) + 2
    col_w = max(20, (width - label_w) // max(1, len(rows)) - 2)
    lines = [" " * label_w + "".join(r.municipality_name.ljust(col_w + 2) for r in rows).rstrip(),
             " " * label_w + "".join(("─" * col_w).ljust(col_w + 2) for _ in rows).rstrip()]
    for label, cells in _compare_lines(rows, lang):
        wrapped = [textwrap.wrap(c, col_w) or [""] for c in cells]
        for i in range(max(len(x) for x in wrapped)):
            first = label if i == 0 else ""
            lines.append(first.ljust(label_w) + "".join((x[i] if i < len(x) else "").ljust(col_w + 2) for x in wrapped).rstrip())
        lines.append("")
    return "\n".join(lines)


def compare_markdown(rows: list[Row], lang: str = "da") -> str:
    out = ["| | " + " | ".join(_md(r.municipality_name) for r in rows) + " |", "|---|" + "---|" * len(rows)]
    for label, cells in _compare_lines(rows, lang):
        out.append(f"| **{label}** | " + " | ".join(_md(c) for c in cells) + " |")
    return "\n".join(out) + "\n"
