"""Errors for bad input. Each carries a code and parameters, never a sentence: the sentence is made from
messages.CATALOGUE in the reader's language only where text is made for a person (the CLI, render)."""
from __future__ import annotations

from dataclasses import field
from typing import Any

from .records import record


@record(frozen=True)
class Message:
    """What is wrong, as a code in messages.CATALOGUE and its parameters. A parameter that is itself a
    Message (or a Problem) is said in the same language."""

    code: str
    params: dict[str, Any] = field(default_factory=dict)

    def say(self, lang: str = "da") -> str:
        from .messages import say
        return say(self.code, lang, **self.params)

    def __str__(self) -> str:
        return self.say("da")


def msg(code: str, **params: Any) -> Message:
    return Message(code, params)


@record(frozen=True)
class Problem:
    """One thing wrong with a file, located as file:line:column (1-based)."""

    path: str
    line: int
    column: int
    message: str
    severity: str = "error"  # "error" fails validation; "warning" is reported only
    message_en: str | None = None  # the message in English, for `text("en")`; `message` is the default (Danish)
    code: str | None = None        # the catalogue code, when the problem was made from one
    params: dict[str, Any] = field(default_factory=dict, compare=False)

    @classmethod
    def coded(cls, path: str, line: int, column: int, message: Message, severity: str = "error") -> "Problem":
        return cls(path, line, column, message.say("da"), severity, message.say("en"), message.code, message.params)

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: {self.message}"

    def text(self, lang: str = "da") -> str:
        """The message in `lang` (da or en)."""
        return self.message_en if lang == "en" and self.message_en else self.message

    def located(self, lang: str = "da") -> str:
        return f"{self.path}:{self.line}:{self.column}: {self.text(lang)}"

    def say(self, lang: str = "da") -> str:
        return self.located(lang)


class Invalid(ValueError):
    """A ValueError from a pydantic validator, which cannot know the reader's language: it carries a Message
    (loader turns it into a Problem) and, for a check of the whole file, the key `at` that it is about."""

    def __init__(self, message: Message, at: tuple = ()):
        super().__init__(message.say("da"))
        self.message = message
        self.at = at

    @property
    def en(self) -> str:
        return self.message.say("en")


class EngineError(Exception):
    """Base for every error caused by input (exit status 2 in the CLI)."""

    def __init__(self, message: Message | str):
        self.message = message
        super().__init__(message.say("da") if isinstance(message, Message) else message)

    @property
    def code(self) -> str | None:
        return self.message.code if isinstance(self.message, Message) else None

    def text(self, lang: str = "da") -> str:
        """The message in `lang`; text made already in one language (describe's) is said as it is."""
        return self.message.say(lang) if isinstance(self.message, Message) else str(self)


class InputError(EngineError):
    """A profile, option or date the engine cannot use; the message names it."""


# Problems that say a file or folder could not be read (not that what it says is wrong): for a command that
# is not validate or test, such an environment error is exit 2, as bad input is.
UNREADABLE = frozenset({"file_unreadable", "folder_unreadable", "folder_unreadable_named", "same_as_unreadable",
                        "not_regular_file"})


class StandardError(EngineError):
    """A standard file that is not valid; carries every located problem."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))

    def text(self, lang: str = "da") -> str:
        return "\n".join(p.located(lang) for p in self.problems)

    @property
    def unreadable(self) -> bool:
        """Some file or folder could not be read at all."""
        return any(p.code in UNREADABLE for p in self.problems)
