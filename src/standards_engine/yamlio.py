"""Reads YAML for standards and profiles, strictly, keeping source positions.

Refused before anything is built: bytes that are not UTF-8, tab characters,
anchors and aliases (no size blow-up), files above MAX_BYTES, duplicate keys.
The result is plain Python data plus a map from each path to (line, column).
"""
from __future__ import annotations

import datetime as dt
import io
import math
import re
from typing import Any

from .errors import Problem, msg

MAX_BYTES = 1_000_000
# A citizen profile is a few dozen facts (a kilobyte or two); strict YAML reads about 10 kB per
# 100 ms, so a profile is refused long before a caseworker would wait for it.
MAX_PROFILE_BYTES = 100_000
# Deeper nesting than any standard or profile needs; beyond it the parser would recurse until it fails.
MAX_DEPTH = 64
# What YAML reads as a date; an impossible one (2015-02-30) is reported where it stands.
_DATE_LIKE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[Tt ].*)?$")

Positions = dict[tuple, tuple[int, int]]


# ruamel's parser problems, as a person would say them
_SYNTAX = [  # ruamel's complaint (a needle in it) -> the catalogue's code
    ("mapping values are not allowed here", "yaml_colon_here"),
    ("expected ',' or ']'", "yaml_list_unclosed"),
    ("expected ',' or '}'", "yaml_mapping_unclosed"),
    ("but found another document", "yaml_many_documents"),
    ("found unexpected end of stream", "yaml_ends_in_value"),
    ("expected <block end>", "yaml_indentation"),
    ("could not find expected ':'", "yaml_colon_missing"),
    ("cannot start any token", "yaml_cannot_start"),
    ("unknown escape character", "yaml_unknown_escape"),
    ("expected the node content", "yaml_value_missing"),
    ("unacceptable character", "yaml_bad_character"),
    ("found undefined tag handle", "yaml_unknown_tag"),
    ("could not find expected", "yaml_not_closed"),
]




def _syntax(what: str) -> tuple[str, dict]:
    """The catalogue's code for ruamel's complaint, and its parameters."""
    for needle, code in _SYNTAX:
        if needle in what:
            return code, {}
    return "yaml_invalid", {"what": what}


def _problem(name: str, line: int, column: int, key: str | tuple[str, dict], **kw: object) -> Problem:
    """A Problem from the message catalogue: a code, or (code, parameters) from _syntax."""
    if isinstance(key, tuple):
        key, params = key
        kw = {**params, **kw}
    return Problem.coded(name, line, column, msg(key, **kw))


class YamlProblem(Exception):
    def __init__(self, problem: Problem):
        self.problem = problem
        super().__init__(str(problem))


def _yaml() -> Any:
    from ruamel.yaml import YAML  # only when a file is parsed: a cached parse needs no parser
    y = YAML(typ="rt")
    y.allow_duplicate_keys = False
    return y


def decode(data: bytes, name: str, limit: int = MAX_BYTES) -> str:
    if len(data) > limit:
        raise YamlProblem(_problem(name, 1, 1, "too_big", n=limit))
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        line = data[: e.start].count(b"\n") + 1
        col = e.start - (data.rfind(b"\n", 0, e.start) + 1) + 1
        raise YamlProblem(_problem(name, line, col, "not_utf8")) from None
    text = text.removeprefix("\ufeff")
    if bad := _NOT_PRINTABLE.search(text):  # a NUL, BEL, ESC… in the file itself: said where it stands
        at = bad.start()
        line = text.count("\n", 0, at) + 1
        col = at - (text.rfind("\n", 0, at) + 1) + 1
        raise YamlProblem(_problem(name, line, col, "control_char", cp=f"U+{ord(bad.group()):04X}"))
    return text


# A profile is most often a flat list of `fact: value` lines. Those are read here, without ruamel (whose first
# parse in a process costs a `standards check` about 10 ms, a tenth of its start-up): only lines whose meaning is
# beyond doubt, giving exactly what the full parser gives (a test compares the two on generated texts). Anything
# else, an error included, goes to the full parser, which says what and where.
_FLAT_LINE = re.compile(r"([A-Za-z_][A-Za-z0-9_]*):[ ]+([^ #][^#]*?)(?:[ ]+#.*)?")
_FLAT_INT = re.compile(r"0|-?[1-9][0-9]{0,17}")
_FLAT_FLOAT = re.compile(r"-?(?:0|[1-9][0-9]{0,14})\.[0-9]{1,15}")
_FLAT_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_FLAT_WORD = re.compile(r"[A-Za-z][A-Za-z0-9_-]*")
# Words YAML 1.2 or 1.1 reads as something other than text (or that a reader might): left to the full parser.
_FLAT_SPECIAL = frozenset({"true", "false", "null", "yes", "no", "on", "off", "y", "n"})


def _flat_word(raw: str) -> str | None:
    return raw if _FLAT_WORD.fullmatch(raw) and raw.lower() not in _FLAT_SPECIAL else None


def _flat_value(raw: str) -> Any:
    """A plain value whose meaning is beyond doubt, or _NOT_FLAT."""
    if raw == "true" or raw == "false":
        return raw == "true"
    if _FLAT_INT.fullmatch(raw):
        return int(raw)
    if _FLAT_FLOAT.fullmatch(raw):
        return float(raw)
    if _FLAT_DATE.fullmatch(raw):
        try:
            return dt.date.fromisoformat(raw)
        except ValueError:
            return _NOT_FLAT  # an impossible date: the full parser says where
    if raw.startswith("[") and raw.endswith("]"):  # a list of words: [a, b]
        inner = raw[1:-1].strip(" ")
        items = [_flat_word(x.strip(" ")) for x in inner.split(",")] if inner else []
        return _NOT_FLAT if None in items else items
    return _flat_word(raw) or _NOT_FLAT


_NOT_FLAT = object()
_FLAT_ITEM = re.compile(r"( *)- ([^ #][^#]*?)(?:[ ]+#.*)?")
_FLAT_KEY_ALONE = re.compile(r"([A-Za-z_][A-Za-z0-9_]*):(?:[ ]+#.*)?[ ]*")


def load_flat(text: str) -> dict | None:
    """A YAML text of `key: value` lines only (comments and blank lines allowed; values plain words, yes/no,
    whole or decimal numbers, dates, and lists of words as `[a, b]` or as `- a` lines under the key), as plain
    data; None for any other text, left to load_text."""
    if "\t" in text or "\x85" in text or "\u2028" in text or "\u2029" in text:
        return None
    out: dict = {}
    items: list | None = None  # the list a `key:` line opened, while its `- item` lines follow
    indent = None
    for line in text.split("\n"):
        line = line.removesuffix("\r")
        if "\r" in line:
            return None
        body = line.lstrip(" ")
        if not body or body.startswith("#"):
            continue
        if items is not None:
            m = _FLAT_ITEM.fullmatch(line)
            if m is not None:
                if indent is None:
                    indent = m.group(1)
                word = _flat_word(m.group(2).rstrip(" "))
                if m.group(1) != indent or word is None:
                    return None
                items.append(word)
                continue
            if not items:
                return None  # `key:` and nothing under it: null, or something else; the full parser decides
            items = None
        m = _FLAT_LINE.fullmatch(line)
        if m is None:
            m = _FLAT_KEY_ALONE.fullmatch(line)
            if m is None or m.group(1) in out or m.group(1).lower() in _FLAT_SPECIAL:
                return None
            out[m.group(1)] = items = []
            indent = None
            continue
        key, raw = m.group(1), m.group(2).rstrip(" ")
        if key in out or key.lower() in _FLAT_SPECIAL:
            return None
        value = _flat_value(raw)
        if value is _NOT_FLAT:
            return None
        out[key] = value
    if items is not None and not items:
        return None
    return out or None


def load_text(text: str, name: str) -> tuple[Any, Positions]:
    """Parse YAML text; return (plain data, positions). Raises YamlProblem."""
    for lineno, line in enumerate(text.splitlines(), 1):
        col = line.find("\t")
        if col >= 0:
            raise YamlProblem(_problem(name, lineno, col + 1, "tab"))
    y = _yaml()
    from ruamel.yaml.error import MarkedYAMLError, YAMLError
    from ruamel.yaml.reader import ReaderError
    _refuse_deep_early(text, name)
    try:
        # Scan the events first: anchors and aliases are refused before any
        # node is composed, so a "billion laughs" file costs one linear pass.
        _check_events(y.parse(io.StringIO(text)), name)
        try:
            doc = y.load(text)
        except (ValueError, OverflowError) as e:  # a value YAML cannot build, e.g. an impossible timestamp
            raise YamlProblem(_problem(name, 1, 1, "unreadable_value", e=e)) from None
    except YamlProblem:
        raise
    except MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        what = (e.problem or e.context or "").strip()
        if "duplicate key" in what:
            key = what.split('"')[1] if '"' in what else "?"
            from .messages import quoted
            raise YamlProblem(_problem(name, line, col, "dup_key", k=quoted(key))) from None
        raise YamlProblem(_problem(name, line, col, _syntax(what))) from None
    except ReaderError as e:
        # A character YAML does not allow (NUL, BEL, …): `position` is its index in the text.
        at = e.position if isinstance(e.position, int) and 0 <= e.position <= len(text) else 0
        line = text.count("\n", 0, at) + 1
        col = at - (text.rfind("\n", 0, at) + 1) + 1
        char = e.character if isinstance(e.character, int) else 0
        raise YamlProblem(_problem(name, line, col, "control_char", cp=f"U+{char:04X}")) from None
    except YAMLError as e:
        raise YamlProblem(_problem(name, 1, 1, _syntax(str(e)))) from None
    positions: Positions = {}
    return _plain(doc, (), positions, (1, 1)), positions


_BRACKET = re.compile(r"[\[\]{}]")


def _refuse_deep_early(text: str, name: str) -> None:
    """Refuse flow nesting ([[[[…) deeper than MAX_DEPTH before the whole text is parsed. ruamel's scanner looks
    ahead past every open bracket for a possible key and rechecks each open level per token, so a megabyte of
    brackets costs seconds before the first event that is too deep. Counting brackets (blind to quotes and
    comments, so only a hint) finds where such a run reaches the limit; the text up to there is parsed with the
    same checks, and only ruamel's own events reaching the depth refuse it, at the place and in the words the
    whole parse would use. Any other outcome of the cut parse says nothing: the whole text is parsed as ever."""
    if text.count("[") + text.count("{") < MAX_DEPTH:
        return
    level, cut = 0, None
    for m in _BRACKET.finditer(text):
        if m.group() in "[{":
            level += 1
            if level >= MAX_DEPTH:  # with a block mapping around it, already one too deep; else one more
                cut = m.end()
                if level > MAX_DEPTH:
                    break
        elif level:
            level -= 1
    if cut is None:
        return
    from ruamel.yaml.error import YAMLError
    try:
        _check_events(_yaml().parse(io.StringIO(text[:cut])), name)
    except YamlProblem as e:
        if e.problem.code == "too_deep":
            raise
    except (YAMLError, ValueError):  # the cut text ends mid-value: an error of the cut, not of the file
        pass


def _check_events(events: Any, name: str) -> None:
    """Every event of the parse checked in order, before anything is built: nesting depth, anchors and aliases,
    tags, unsafe characters, directives, impossible dates. Raises YamlProblem at the first."""
    from ruamel.yaml.events import (AliasEvent, CollectionEndEvent, CollectionStartEvent, DocumentStartEvent,
                                     MappingStartEvent, NodeEvent, ScalarEvent)
    depth = 0
    # Where each open collection stands: for a mapping, [True, next node is a key, the last key].
    stack: list[list] = []
    for ev in events:
        key = None
        if isinstance(ev, NodeEvent) and stack:
            top = stack[-1]
            if top[0] and top[1]:  # a key
                top[2] = ev.value if isinstance(ev, ScalarEvent) else None
            else:  # a value, or an item of a list: the key it stands under, however deep
                key = next((m[2] for m in reversed(stack) if m[0]), None)
            if top[0]:
                top[1] = not top[1]
        if isinstance(ev, CollectionStartEvent):
            depth += 1
            stack.append([isinstance(ev, MappingStartEvent), True, None])
            if depth > MAX_DEPTH:
                m = ev.start_mark
                raise YamlProblem(_problem(name, m.line + 1, m.column + 1, "too_deep", n=MAX_DEPTH))
        elif isinstance(ev, CollectionEndEvent):
            depth -= 1
            stack.pop()
        if isinstance(ev, AliasEvent) or (isinstance(ev, NodeEvent) and ev.anchor):
            m = ev.start_mark
            raise YamlProblem(_problem(name, m.line + 1, m.column + 1, "anchor"))
        # An explicit tag (!!binary, !!python/…, !!set, !local) builds bytes or objects no standard or
        # profile holds, or changes how a value reads (!!str 017): refused, naming the key it is on.
        if isinstance(ev, (ScalarEvent, CollectionStartEvent)) and ev.tag is not None:
            m = ev.start_mark
            raise YamlProblem(_problem(name, m.line + 1, m.column + 1, "yaml_tag", tag=_tag_shown(ev.tag),
                                       where=_key_shown(key)))
        # (ruamel marks where a folded block scalar (>) folds with a BEL; a real one cannot stand in a block)
        if isinstance(ev, ScalarEvent) and (bad := _UNSAFE.search(
                ev.value.replace("\a", "") if ev.style == ">" else ev.value)):
            raise YamlProblem(_unsafe_problem(name, ev.start_mark, bad.group(), key))
        if isinstance(ev, DocumentStartEvent) and getattr(ev, "version", None):
            m = ev.start_mark
            raise YamlProblem(_problem(name, m.line + 1, m.column + 1, "directive"))
        if isinstance(ev, ScalarEvent) and ev.style is None and (d := _DATE_LIKE.match(ev.value)):
            try:
                dt.date(*map(int, d.groups()[:3]))
            except ValueError:
                m = ev.start_mark
                raise YamlProblem(_problem(name, m.line + 1, m.column + 1, "bad_date", v=ev.value)) from None


_SURROGATE = re.compile("[\ud800-\udfff]")
# What a text in a file may not hold, even written as an escape ("\\e", "\\u202e", "\\ud800"): C0 and C1
# control characters but tab and line breaks, and bidirectional overrides and isolates, which can recolour,
# hide or reverse what a reader sees when the text is shown; and half of a surrogate pair, which cannot be
# printed or written at all. Zero-width characters, direction marks and the word joiner too: unseen, they
# make a shown text differ from what a reader copies (describe would print an approver's name with one inside).
_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff"
                     "\ud800-\udfff]")
# A character YAML does not allow in a file at all (its printable set), so JSON and YAML are held to one rule.
# Written as the ranges it refuses rather than the complement of what YAML allows
# ([^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]): the same characters (a test
# compares every code point), compiled in 0.1 ms instead of 7, which every check paid at start-up.
_NOT_PRINTABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")


def _unsafe_problem(name: str, mark: Any, char: str, key: Any) -> Problem:
    """The problem for a text holding `char` (from _UNSAFE), at the text's start, naming its key."""
    line, col = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
    if _SURROGATE.match(char):
        return _problem(name, line, col, "surrogate", where=_key_shown(key))
    return _problem(name, line, col, "unsafe_char", cp=f"U+{ord(char):04X}", where=_key_shown(key))


def unsafe_in(data: Any) -> tuple[Any, str] | None:
    """(the top-level key it is under, the character) of the first text in plain data, key or value, holding a
    character _UNSAFE matches; None when there is none. Without recursion: data may nest deep."""
    stack = [(data, None)]
    while stack:
        node, top = stack.pop()
        if isinstance(node, str):
            if m := _UNSAFE.search(node):
                return top, m.group()
        elif isinstance(node, dict):
            for k, v in node.items():
                under = k if top is None and node is data else top
                if isinstance(k, str) and (m := _UNSAFE.search(k)):
                    return (None if under == k else under), m.group()
                stack.append((v, under))
        elif isinstance(node, list):
            stack.extend((v, top) for v in node)
    return None


def _tag_shown(tag: Any) -> str:
    """A tag as its author wrote it (!!binary for tag:yaml.org,2002:binary), safe to print."""
    t = str(tag)
    t = "!!" + t[len("tag:yaml.org,2002:"):] if t.startswith("tag:yaml.org,2002:") else t
    t = "".join(c if c.isprintable() and not _SURROGATE.match(c) else "?" for c in t)
    return t if len(t) <= 40 else t[:37] + "..."


def _key_shown(key: Any) -> Any:
    """Which key a problem is on, for the message: '' at the top or in a list, never a CPR number or a
    character that cannot be printed."""
    from .errors import msg
    from .messages import quoted
    if not isinstance(key, str) or not key:
        return ""
    k = "".join(c if c.isprintable() and not _SURROGATE.match(c) else "?" for c in key)
    return msg("at_key", key=quoted(k if len(k) <= 60 else k[:57] + "..."))


def as_written(v: Any) -> str:
    """A value as the YAML author wrote it: 2015-01-01, true, .nan, 'tekst'."""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, dt.date):
        return v.isoformat()
    if isinstance(v, float) and not math.isfinite(v):
        return ".nan" if v != v else (".inf" if v > 0 else "-.inf")
    return repr(v)


def depth(data: Any) -> int:
    """How deeply lists and mappings nest in plain data (a scalar is 0), without recursion."""
    deepest, stack = 0, [(data, 1)]
    while stack:
        node, d = stack.pop()
        if isinstance(node, dict):
            node = list(node.values())
        if isinstance(node, list):
            deepest = max(deepest, d)
            stack.extend((v, d + 1) for v in node if isinstance(v, (dict, list)))
    return deepest


def _plain(node: Any, path: tuple, pos: Positions, here: tuple[int, int]) -> Any:
    """Convert ruamel's round-trip nodes to plain Python, recording positions."""
    pos[path] = here
    if isinstance(node, dict):
        out = {}
        lc = getattr(node, "lc", None)
        for k in node:
            try:
                kl, kc = lc.key(k) if lc else (here[0] - 1, here[1] - 1)
                vl, vc = lc.value(k) if lc else (kl, kc)
            except (KeyError, TypeError, AttributeError):
                kl, kc = vl, vc = here[0] - 1, here[1] - 1
            key = str(k) if not isinstance(k, (bool, int, float)) else k
            pos[path + (key, "__key__")] = (kl + 1, kc + 1)
            out[key] = _plain(node[k], path + (key,), pos, (vl + 1, vc + 1))
        return out
    if isinstance(node, list):
        lc = getattr(node, "lc", None)
        out_l = []
        for i, item in enumerate(node):
            try:
                il, ic = lc.item(i) if lc else (here[0] - 1, here[1] - 1)
            except (KeyError, TypeError, AttributeError):
                il, ic = here[0] - 1, here[1] - 1
            out_l.append(_plain(item, path + (i,), pos, (il + 1, ic + 1)))
        return out_l
    if isinstance(node, bool) or node is None:
        return node
    if isinstance(node, int):
        return int(node)
    if isinstance(node, float):
        return float(node)
    if isinstance(node, dt.datetime):
        return node
    if isinstance(node, dt.date):
        return dt.date(node.year, node.month, node.day)
    if isinstance(node, str):
        return str(node)
    return str(node)


def locate(positions: Positions, loc: tuple) -> tuple[int, int]:
    """Best position for a pydantic error location: the deepest known prefix."""
    loc = tuple(loc)
    while loc:
        if loc in positions:
            return positions[loc]
        loc = loc[:-1]
    return positions.get((), (1, 1))
