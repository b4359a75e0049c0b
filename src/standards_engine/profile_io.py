"""Reading a citizen profile: a file or standard input, bounded in size, as YAML or JSON data.

What the data means is checked by coerce.parse_profile; this module only turns bytes into data.
"""
from __future__ import annotations

from typing import Any

from .cpr import CPR_MESSAGE as _CPR_MESSAGE
from .cpr import looks_like_cpr, shown
from .errors import InputError


def load_profile(source: str, lang: str = "da", stdin: Any = None) -> Any:
    """Read a profile from a path, or from `stdin` (a binary stream) when the source is '-'.
    Reads at most one byte more than a profile may have, so /dev/zero or an endless pipe is refused, not swallowed."""
    from .yamlio import MAX_PROFILE_BYTES
    en = lang == "en"
    name = "<stdin>" if source == "-" else source
    try:
        if source == "-":
            if stdin is None:
                raise InputError("The profile is to be read from standard input, but it is closed." if en else
                                 "Profilen skal læses fra standard input, men den er lukket.")
            raw = stdin.read(MAX_PROFILE_BYTES + 1)
        else:
            with open(source, "rb") as fh:
                raw = fh.read(MAX_PROFILE_BYTES + 1)
    except FileNotFoundError:
        raise InputError(f"The profile {shown(name, lang)} does not exist." if en else
                         f"Profilen {shown(name, lang)} findes ikke.") from None
    except IsADirectoryError:
        raise InputError(f"{shown(name, lang)} is a folder, not a profile file." if en else
                         f"{shown(name, lang)} er en mappe, ikke en profilfil.") from None
    except (OSError, ValueError) as e:  # ValueError: a path with a NUL byte
        raise InputError((f"The profile {shown(name, lang)} cannot be read ({e.__class__.__name__})." if en else
                          f"Profilen {shown(name, lang)} kan ikke læses ({e.__class__.__name__}).")) from None
    return read_profile(raw, name, lang)


def read_profile(raw: bytes, name: str, lang: str = "da") -> Any:
    """A profile file's bytes as data: JSON when it is JSON (tabs allowed), else strict YAML.
    A CPR number anywhere in the text is refused before anything is parsed or quoted."""
    import json

    from .yamlio import MAX_DEPTH, MAX_PROFILE_BYTES, YamlProblem, decode, depth, load_text, message
    en = lang == "en"
    shown_name = shown(name, lang)
    try:
        text = decode(raw, shown_name, lang, MAX_PROFILE_BYTES)
    except YamlProblem as e:
        raise InputError((f"The profile cannot be read: {e.problem}." if en else f"Profilen kan ikke læses: {e.problem}.")) from None
    if looks_like_cpr(text):
        raise InputError(_CPR_MESSAGE[lang if en else "da"])
    stripped = text.lstrip()
    if stripped.startswith("{"):
        def pairs(kv: list) -> dict:
            keys = [k for k, _ in kv]
            dup = next((k for k in keys if keys.count(k) > 1), None)
            if dup is not None:
                raise InputError((f"The profile gives the fact '{dup}' twice." if en else f"Profilen angiver faktummet '{dup}' to gange."))
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
                return data
        if too_deep:
            raise InputError(f"The profile cannot be read: {shown_name}: {message('too_deep', lang, n=MAX_DEPTH)}." if en else
                             f"Profilen kan ikke læses: {shown_name}: {message('too_deep', lang, n=MAX_DEPTH)}.")
    else:
        json_error = None
    try:
        data, _ = load_text(text, shown_name, lang)
    except YamlProblem as e:
        if json_error is not None and "\t" in text:  # JSON may hold tabs; YAML's complaint about them would mislead
            where = f"{shown_name}:{json_error.lineno}:{json_error.colno}"
            da = next((d for k, d in _JSON_DA.items() if json_error.msg.startswith(k)), "")
            raise InputError((f"The profile cannot be read: {where}: invalid JSON ({json_error.msg})." if en else
                              f"Profilen kan ikke læses: {where}: ugyldig JSON" + (f" ({da})" if da else "") + ".")) from None
        raise InputError((f"The profile cannot be read: {e.problem}." if en else f"Profilen kan ikke læses: {e.problem}.")) from None
    return data


_JSON_DA = {
    "Expecting property name enclosed in double quotes": "et navn i dobbelte anførselstegn ventes her; et komma for meget?",
    "Expecting ',' delimiter": "et komma mangler",
    "Expecting ':' delimiter": "et kolon mangler",
    "Expecting value": "en værdi mangler",
    "Extra data": "der står mere efter det afsluttende }",
    "Unterminated string": "en tekst mangler sit afsluttende anførselstegn",
    "Invalid control character": "et kontroltegn (fx et linjeskift) inde i en tekst",
}
