"""Exceptions for bad input. Each carries a message for a person, never a traceback."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a file, located as file:line:column (1-based)."""

    path: str
    line: int
    column: int
    message: str
    severity: str = "error"  # "error" fails validation; "warning" is reported only
    message_en: str | None = None  # the message in English, for `text("en")`; `message` is the default (Danish)

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: {self.message}"

    def text(self, lang: str = "da") -> str:
        """The message in `lang` (da or en)."""
        return self.message_en if lang == "en" and self.message_en else self.message

    def located(self, lang: str = "da") -> str:
        return f"{self.path}:{self.line}:{self.column}: {self.text(lang)}"


class Invalid(ValueError):
    """A ValueError from a pydantic validator, which cannot know the reader's language:
    its str is the Danish sentence, `.en` the English one (loader turns both into a Problem)."""

    def __init__(self, da: str, en: str):
        super().__init__(da)
        self.en = en


class EngineError(Exception):
    """Base for every error caused by input (exit status 2 in the CLI)."""

    def text(self, lang: str = "da") -> str:
        """The message in `lang`; an InputError is already made in the language asked for."""
        return str(self)


class InputError(EngineError):
    """A profile, option or date the engine cannot use; the message names it."""


class StandardError(EngineError):
    """A standard file that is not valid; carries every located problem."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))

    def text(self, lang: str = "da") -> str:
        return "\n".join(p.located(lang) for p in self.problems)
