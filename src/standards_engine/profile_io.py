"""Reading a citizen profile: a file or standard input, bounded in size, as YAML or JSON data.

What the data means is checked by coerce.parse_profile; this module only turns bytes into data.
"""
from __future__ import annotations

from typing import Any

from .cpr import looks_like_cpr, shown
from .errors import InputError, msg
from .messages import quoted


def load_profile(source: str, stdin: Any = None) -> Any:
    """Read a profile from a path, or from `stdin` (a binary stream) when the source is '-'.
    Reads at most one byte more than a profile may have, so /dev/zero or an endless pipe is refused, not swallowed."""
    from .yamlio import MAX_PROFILE_BYTES
    name = "<stdin>" if source == "-" else source
    try:
        if source == "-":
            if stdin is None:
                raise InputError(msg("profile_stdin_closed"))
            raw = stdin.read(MAX_PROFILE_BYTES + 1)
        else:
            from .files import NotRegular, TooLarge, read_regular
            try:
                raw = read_regular(source, MAX_PROFILE_BYTES)  # a FIFO or device is refused, never waited on
            except TooLarge:
                raw = b" " * (MAX_PROFILE_BYTES + 1)  # said as too large below
            except NotRegular as e:
                if e.kind == "folder":
                    raise IsADirectoryError from None
                raise InputError(msg("profile_unreadable", name=quoted(name), error=e.kind)) from None
    except FileNotFoundError:
        raise InputError(msg("profile_missing", name=quoted(name))) from None
    except IsADirectoryError:
        raise InputError(msg("profile_is_folder", name=quoted(name))) from None
    except (OSError, ValueError) as e:  # ValueError: a path with a NUL byte
        raise InputError(msg("profile_unreadable", name=quoted(name), error=e.__class__.__name__)) from None
    return read_profile(raw, name)


def read_profile(raw: bytes, name: str) -> Any:
    """A profile file's bytes as data: JSON when it is JSON (tabs allowed), else strict YAML.
    A CPR number anywhere in the text is refused before anything is parsed or quoted."""
    import json

    from .yamlio import MAX_DEPTH, MAX_PROFILE_BYTES, YamlProblem, decode, depth, load_text
    shown_name = shown(name)  # a file name is part of located problems: never a CPR number
    try:
        text = decode(raw, shown_name, MAX_PROFILE_BYTES)
    except YamlProblem as e:
        raise InputError(msg("profile_bad_text", problem=e.problem)) from None
    if looks_like_cpr(text):
        raise InputError(msg("profile_has_cpr"))
    stripped = text.lstrip()
    if stripped.startswith("{"):
        def pairs(kv: list) -> dict:
            keys = [k for k, _ in kv]
            dup = next((k for k in keys if keys.count(k) > 1), None)
            if dup is not None:
                raise InputError(msg("profile_duplicate_fact", name=quoted(dup)))
            return dict(kv)
        def no_constant(c: str) -> Any:
            raise ValueError(c)  # NaN and Infinity are not JSON numbers
        too_deep = False
        try:
            data = json.loads(text, object_pairs_hook=pairs, parse_constant=no_constant)
        except json.JSONDecodeError as e:
            json_error = e  # maybe YAML's flow style ({age: 30}); if not, this is the better message
        except ValueError:
            json_error = None
        except RecursionError:  # nested past Python's limit
            json_error, too_deep = None, True
        else:
            too_deep = depth(data) > MAX_DEPTH
            if not too_deep:
                _no_unsafe_text(data, text, shown_name)
                return data
        if too_deep:
            at = _too_deep_at(text, MAX_DEPTH)
            if at is not None:  # at the bracket that goes one level too deep
                from .errors import Problem
                line, col = text.count("\n", 0, at) + 1, at - (text.rfind("\n", 0, at) + 1) + 1
                raise InputError(msg("profile_bad_text", problem=Problem.coded(shown_name, line, col, msg("too_deep", n=MAX_DEPTH))))
            raise InputError(msg("profile_bad_text", problem=msg("too_deep_in", name=shown_name, inner=msg("too_deep", n=MAX_DEPTH))))
    else:
        json_error = None
    from .yamlio import load_flat
    flat = load_flat(text)
    if flat is not None:
        return flat
    try:
        data, _ = load_text(text, shown_name)
    except YamlProblem as e:
        if json_error is not None and "\t" in text:  # JSON may hold tabs; YAML's complaint about them would mislead
            where = f"{shown_name}:{json_error.lineno}:{json_error.colno}"
            da = next((d for k, d in _JSON_DA.items() if json_error.msg.startswith(k)), "")
            raise InputError(msg("profile_bad_json", where=where, json=json_error.msg, detail=f" ({da})" if da else "")) from None
        raise InputError(msg("profile_bad_text", problem=e.problem)) from None
    return data


def _too_deep_at(text: str, limit: int) -> int | None:
    """Where JSON text first opens a bracket `limit` + 1 levels deep (outside strings), or None."""
    import re
    depth = 0
    for m in re.finditer(r'"(?:[^"\\]|\\.)*"|[\[{]|[\]}]', text):
        c = m.group()
        if c in "[{":
            depth += 1
            if depth > limit:
                return m.start()
        elif c in "]}":
            depth -= 1
    return None


def _no_unsafe_text(data: Any, text: str, name: str) -> None:
    """JSON may hold a lone \\ud800 escape (half a character, which cannot be printed or written), or a control or
    direction character (\\u001b, \\u202e) that would recolour or reverse what a reader sees. Refused as in YAML,
    located at the character or its escape, naming the fact it is in."""
    import re

    from .errors import Problem
    from .yamlio import _key_shown, unsafe_in
    found = unsafe_in(data)
    if found is None:
        return
    fact, char = found
    at = None
    if 0xD800 <= ord(char) <= 0xDFFF:  # the first escape that is not half of a whole pair
        high = None
        for m in re.finditer(r"\\(u[0-9a-fA-F]{4}|.)", text, re.S):
            unit = int(m.group(1)[1:], 16) if m.group(1)[0] == "u" and len(m.group(1)) == 5 else None
            if high is not None and (unit is None or not 0xDC00 <= unit <= 0xDFFF or high.end() != m.start()):
                break  # a high half not followed by its low half
            if unit is not None and 0xD800 <= unit <= 0xDBFF:
                high = m
                continue
            if unit is not None and 0xDC00 <= unit <= 0xDFFF and high is None:
                high = m
                break  # a low half alone
            high = None
        at = high.start() if high is not None else None
    else:
        short = {"\b": r"\\b", "\f": r"\\f"}.get(char, "(?!)")
        m = re.search(re.escape(char) + rf"|\\u{ord(char):04x}|{short}", text, re.I)
        at = m.start() if m else None
    line, col = (text.count("\n", 0, at) + 1, at - (text.rfind("\n", 0, at) + 1) + 1) if at is not None else (1, 1)
    problem = Problem.coded(name, line, col, msg("surrogate", where=_key_shown(fact)) if 0xD800 <= ord(char) <= 0xDFFF
                            else msg("unsafe_char", cp=f"U+{ord(char):04X}", where=_key_shown(fact)))
    raise InputError(msg("profile_bad_text", problem=problem))


_JSON_DA = {
    "Expecting property name enclosed in double quotes": "et navn i dobbelte anførselstegn ventes her; et komma for meget?",
    "Expecting ',' delimiter": "et komma mangler",
    "Expecting ':' delimiter": "et kolon mangler",
    "Expecting value": "en værdi mangler",
    "Extra data": "der står mere efter det afsluttende }",
    "Unterminated string": "en tekst mangler sit afsluttende anførselstegn",
    "Invalid control character": "et kontroltegn (fx et linjeskift) inde i en tekst",
}
