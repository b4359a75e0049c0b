"""Python source generated from a compiled standard: one function per standard and evaluation date that
checks a raw profile's facts and decides its outcome, compiled once (compile/exec) and kept on the standard.

Why (issue 8): through closures, a caseload spent most of its time reading each profile (every key and value
through the CPR scan, coerce's checks, derive's copies of the facts) and walking one closure per condition
node. The generated function reads each fact into a local variable, tests each condition inline with
Kleene's three-valued logic, and builds the same `Outcome` as outcome.decide, which stays the reference.

It vouches only for a profile it can check entirely: every key a fact the caseworker may give, every value
of its fact's type and within its range, no contradiction, nothing derive would refuse. For anything else
it returns None and the caller takes the full path (coerce.parse_profile, derive, outcome.decide), which
refuses the profile in its own words. tests/test_codegen.py checks on random profiles, valid and not, for
generated and bundled standards, that a returned Outcome equals outcome.decide's and that the full path
accepts every profile this one accepts.

Where a CPR number can be, and so where this function scans (coerce.parse_profile scans everything): a
text fact (case_id) is scanned as cpr.looks_like_cpr would; a number of 10^8 or more goes to the full
path (which scans it). Nothing else can hold ten digits: a key is a fact name, a bool is a bool, an enum
or list value is one of its fact's allowed values, a date is a date or YYYY-MM-DD, a number is below 10^8.
tests/test_codegen.py checks that no vocabulary name or allowed value looks like a CPR number.
"""
from __future__ import annotations

import datetime as dt
import itertools
from typing import Any, Callable

from . import law
from .compiled import CompiledStandard
from .coerce import _ISO_DATE, _UNSAFE_TEXT
from .cpr import _text_has_cpr, looks_like_cpr
from .derive import _plan_for
from .logic import children, op_of
from .outcome import Outcome, needed_facts
from .vocabulary import dated_facts, input_facts, relations

Fast = Callable[[Any], "Outcome | None"]
_BIG = 1e8  # cpr._SHORTEST: a number below it cannot be read as a CPR number
_INT, _NUM, _ENUM, _LIST, _DATE, _TEXT = range(1, 7)
_COMPARE = {"eq": "==", "ne": "!=", "lt": "<", "lte": "<=", "gt": ">", "gte": ">="}


def fast_decider(cs: CompiledStandard, on: dt.date) -> Fast:
    """The generated function for `cs` on `on` (the law in force on that date merged in). The source is generated and
    compiled once per merged standard, the date is an argument: a caller asking for many dates compiles nothing more."""
    key = ("fast", on)
    fn = cs.cache.get(key)
    if fn is None:
        merged, _ = law.apply(cs, on)
        gen = merged.cache.get("fast")
        if gen is None:
            gen = merged.cache["fast"] = _compiled([merged], _name(merged))
        fn = cs.cache[key] = lambda p: gen(p, on)
    return fn


def _spec() -> tuple[frozenset, dict]:
    """The input facts: the yes/no ones, and (kind, low, high, allowed values) for the others."""
    bools, spec = set(), {}
    inf = float("inf")
    for name, f in input_facts().items():
        if f.type == "bool":
            bools.add(name)
        elif f.type in ("int", "number"):
            spec[name] = (_INT if f.type == "int" else _NUM, -inf if f.min is None else f.min, inf if f.max is None else f.max, None)
        elif f.type in ("enum", "list"):
            spec[name] = (_ENUM if f.type == "enum" else _LIST, None, None, frozenset(f.values))
        elif f.type == "date":
            spec[name] = (_DATE, f.min, f.max, None)
        else:
            spec[name] = (_TEXT, None, None, None)
    return frozenset(bools), spec


class _Source:
    def __init__(self) -> None:
        self.lines: list[str] = []
        self.ns: dict[str, Any] = {}
        self._names = itertools.count()
        self._consts: dict[tuple, str] = {}
        self.slot: dict[str, int] = {}  # a rule's place among its standard's results
        self.side = 0  # which side's decision is being written (names in the namespace are per side)
        self.cut = 0  # the first line after the profile's facts are read and checked
        self.read: list[str] = []  # the facts read into locals, in the order they are read

    def add(self, depth: int, line: str) -> None:
        self.lines.append("    " * depth + line)

    def const(self, value: Any) -> str:
        key = (type(value), repr(value))
        name = self._consts.get(key)
        if name is None:
            name = self._consts[key] = f"K{len(self._consts)}"
            self.ns[name] = value
        return name

    def temp(self) -> str:
        return f"t{next(self._names)}"


def _var(fact: str) -> str:
    if not fact.isidentifier():
        raise ValueError(fact)
    return "f_" + fact


def _cond(src: _Source, node: dict, out: str, d: int) -> None:
    """Lines that set `out` to True, False or None (unknown), as logic.compile_condition's closure returns."""
    if node.get("fact") is not None:
        op = op_of(node)
        f, val = _var(node["fact"]), node[op.name]
        if op.name == "known":
            src.add(d, f"{out} = {f} is {'not ' if val else ''}None")
            return
        fd = input_facts().get(node["fact"])
        if op.name == "eq" and type(val) is bool and fd is not None and fd.type == "bool":
            # a yes/no fact holds True, False or None (checked above): itself, or its negation
            src.add(d, f"{out} = {f}" if val else f"{out} = None if {f} is None else not {f}")
            return
        if op.name in _COMPARE:
            test = f"{f} {_COMPARE[op.name]} {src.const(val)}"
        elif op.name == "in":
            test = f"{f} in {src.const(frozenset(val))}"
        elif op.name == "contains":
            test = f"{src.const(val)} in {f}"
        elif op.name == "contains_any":
            test = f"not {src.const(frozenset(val))}.isdisjoint({f})"
        else:
            raise ValueError(op.name)
        src.add(d, f"{out} = None if {f} is None else {test}")
        return
    kids = children(node)
    if node.get("all") is None and node.get("any") is None:  # not
        t = src.temp()
        _cond(src, kids[0], t, d)
        src.add(d, f"{out} = None if {t} is None else not {t}")
        return
    stop = "False" if node.get("all") is not None else "True"
    src.add(d, f"{out} = {'False' if stop == 'True' else 'True'}")
    for k in kids:  # the first child that decides ends it; an unknown one before it makes it unknown otherwise
        t = src.temp()
        _cond(src, k, t, d)
        src.add(d, f"if {t} is {stop}:")
        src.add(d + 1, f"{out} = {stop}")
        src.add(d, "else:")
        d += 1
        src.add(d, f"if {t} is None:")
        src.add(d + 1, f"{out} = None")


def _name(cs: CompiledStandard) -> str:
    return f"{cs.data['municipality']['id']}/{cs.data['service']['id']} {cs.data['valid_from']}"


def _compiled(sides: list, name: str, parts: tuple = ("fast",)) -> Any:
    try:
        src = _generate(sides)
    except ValueError:  # a shape this generator does not know: the full path decides every profile
        none = lambda p, *on: None  # noqa: E731
        return none if parts == ("fast",) else tuple(none for _ in parts)
    exec(compile("\n".join(src.lines) + "\n", f"<standard {name}>", "exec"), src.ns)
    return src.ns["fast"] if parts == ("fast",) else tuple(src.ns[n] for n in parts)


def pair_decider(ca: CompiledStandard, on_a: dt.date, cb: CompiledStandard, on_b: dt.date) -> Callable[[Any], "tuple[Outcome, Outcome] | None"]:
    """For impact: both sides' outcomes from one reading of the profile (its types checked once), or None."""
    key = ("fast-pair", on_a, cb, on_b)
    fn = ca.cache.get(key)
    if fn is None:
        ma, mb = law.apply(ca, on_a)[0], law.apply(cb, on_b)[0]
        gen = ma.cache.get(("fast-pair", mb))
        if gen is None:
            gen = ma.cache[("fast-pair", mb)] = _compiled([ma, mb], f"{_name(ma)} and {_name(mb)}")
        fn = ca.cache[key] = lambda p: gen(p, on_a, on_b)
    return fn


def pair_reader(ca: CompiledStandard, on_a: dt.date, cb: CompiledStandard, on_b: dt.date) -> tuple[Callable, Callable]:
    """pair_decider in two halves, for deciding each distinct profile once: `read(p)` checks the profile as
    pair_decider does and gives (key, case_id), or None for the full path; `decide(key, case_id)` gives what
    pair_decider gives for every profile with that key (None: the full path). Profiles with the same key get
    the same outcomes, but for their case_id, which is not in the key."""
    ma, mb = law.apply(ca, on_a)[0], law.apply(cb, on_b)[0]
    parts = ma.cache.get(("fast-pair-keyed", mb))
    if parts is None:
        parts = ma.cache[("fast-pair-keyed", mb)] = _compiled([ma, mb], f"{_name(ma)} and {_name(mb)}", ("read", "keyed"))
    read, keyed = parts
    return read, lambda key, case_id: keyed(key, case_id, on_a, on_b)


def _reads(cs: CompiledStandard) -> tuple[set, tuple]:
    """The input facts a side reads (the rules', the computations' sources, the relations', case_id), and its plan."""
    vocab = input_facts()
    needed = needed_facts(cs)
    plan = _plan_for(needed)
    read = {n for n in needed if n in vocab} | {"case_id"}
    for fd, _ in plan:
        read.update(s for s in fd.derived_from if s in vocab)
        if not fd.derived:
            read.add(fd.name)
    for name, other, implied in relations():
        read.update(x for x in (name, other, implied) if x)
    read.update(fd.name for fd in dated_facts())
    return read, plan


def _generate(sides: list) -> _Source:
    """One function: the profile's facts checked and read once, then each side (a standard, on the date given as the
    argument on0, on1, …) decided; it returns
    the side's Outcome (one side) or a tuple of them, or None for a profile the full path must read."""
    src = _Source()
    bools, spec = _spec()
    src.ns.update(Outcome=Outcome, BOOLS=bools, SPEC=spec, _unsafe=_UNSAFE_TEXT.search, _iso=_ISO_DATE.fullmatch,
                  _fromiso=dt.date.fromisoformat, _date=dt.date, _datetime=dt.datetime, _cpr=looks_like_cpr, _cprtext=_text_has_cpr,
                  dict=dict, set=set, len=len, frozenset=frozenset, str=str, int=int, float=float, list=list, type=type)
    rels = relations()
    vocab = input_facts()
    reads = [_reads(cs) for cs in sides]
    read = set().union(*(r for r, _ in reads))
    dates = sorted(n for n in read if vocab[n].type == "date")
    add = src.add
    add(0, "def fast(p, " + ", ".join(f"on{i}" for i in range(len(sides))) + "):")
    add(1, "if type(p) is not dict:")
    add(2, "return None")
    # The facts the decision reads, each checked where it is read (type and range, as coerce.parse_profile checks
    # them); anything it would say more about -> None. Why inline: a loop over the profile dispatching on each
    # fact's kind was half the time of reading a profile. A profile holding anything else (another fact, a key
    # given as null, a name that is no fact) also goes through that loop, which checks every key.
    order = [*dates, *sorted(read - set(dates))]
    add(1, "n = 0")
    for name in order:
        _check(src, name, bools, spec)
    add(1, "if n != len(p):")
    add(2, "for k, v in p.items():")
    d = 3
    add(d, "if k in BOOLS:")
    add(d + 1, "if v is True or v is False or v is None:")
    add(d + 2, "continue")
    add(d + 1, "return None")
    add(d, "c = SPEC.get(k)")
    add(d, "if c is None or type(k) is not str:")
    add(d + 1, "return None")
    add(d, "if v is None:")
    add(d + 1, "continue")
    add(d, "kind = c[0]")
    add(d, f"if kind == {_NUM}:")
    add(d + 1, "t = type(v)")
    add(d + 1, f"if (t is not int and t is not float) or not (c[1] <= v <= c[2]) or not ({-_BIG} < v < {_BIG}):")
    add(d + 2, "return None")
    add(d, f"elif kind == {_ENUM}:")
    add(d + 1, "if type(v) is not str or v not in c[3]:")
    add(d + 2, "return None")
    add(d, f"elif kind == {_LIST}:")
    add(d + 1, "if type(v) is not list:")
    add(d + 2, "return None")
    add(d + 1, "allowed = c[3]")
    add(d + 1, "for e in v:")
    add(d + 2, "if type(e) is not str or e not in allowed:")
    add(d + 3, "return None")
    add(d, f"elif kind == {_INT}:")
    add(d + 1, f"if type(v) is not int or not (c[1] <= v <= c[2]) or not ({-_BIG} < v < {_BIG}):")
    add(d + 2, "return None")
    add(d, f"elif kind == {_TEXT}:")
    add(d + 1, "if type(v) is not str or _unsafe(v) or _cpr(v):")
    add(d + 2, "return None")
    add(d, "else:")  # a date: YYYY-MM-DD or a YAML date
    add(d + 1, "t = type(v)")
    add(d + 1, "if t is str:")
    add(d + 2, "if not _iso(v):")
    add(d + 3, "return None")
    add(d + 2, "try:")
    add(d + 3, "v = _fromiso(v)")
    add(d + 2, "except ValueError:")
    add(d + 3, "return None")
    add(d + 1, "elif t is _datetime:")
    add(d + 2, "v = v.date()")
    add(d + 1, "elif t is not _date:")
    add(d + 2, "return None")
    add(d + 1, "if (c[1] is not None and v < c[1]) or (c[2] is not None and v > c[2]):")
    add(d + 2, "return None")
    src.cut = len(src.lines)  # the profile is read and checked: what follows depends only on these locals
    src.read = order
    for name, other, implied in rels:  # parse_profile's contradictions, on the given values
        if other:
            a, b = _var(name), _var(other)
            add(1, f"if {a} is not None and {b} is not None and {a} == {b}:")
            add(2, "return None")
        if implied:
            add(1, f"if {_var(name)} is True and {_var(implied)} is False:")
            add(2, "return None")
    # A side may overwrite a given fact (an age computed from the birth date, a relation's other half): kept for the next.
    kept = sorted({fd.name for _, plan in reads for fd, _ in plan if not fd.derived}
                  | {x for r in rels for x in r if x}) if len(sides) > 1 else []
    for n in kept:
        add(1, f"s_{n} = {_var(n)}")
    for i, (cs, (_, plan)) in enumerate(zip(sides, reads)):
        if i:
            for n in kept:
                add(1, f"{_var(n)} = s_{n}")
        src.side = i
        _derive(src, plan, f"on{i}", i)
        _decision(src, cs, f"o{i}")
    add(1, "return " + ("o0" if len(sides) == 1 else "(" + ", ".join(f"o{i}" for i in range(len(sides))) + ")"))
    _split(src, sides, spec)
    return src


def _split(src: _Source, sides: list, spec: dict) -> None:
    """The same function cut in two where the profile has been read and checked, for a caller that decides each
    distinct profile once (impact): `read(p)` -> (key, case_id) or None, and `keyed(key, case_id, on0, …)` -> what
    `fast` returns. The key holds the value of every fact the decision reads (a list as a tuple, a number with its
    type) and nothing else: case_id is left out unless a rule reads it, so it is never part of a shared result."""
    needed = set().union(*(needed_facts(cs) for cs in sides))
    names = [n for n in src.read if n != "case_id" or "case_id" in needed]
    key = []
    for n in names:
        kind = spec.get(n, (None,))[0]
        key.append(f"None if {_var(n)} is None else tuple({_var(n)})" if kind == _LIST else _var(n))
    key += [f"type({_var(n)})" for n in names if spec.get(n, (None,))[0] == _NUM]
    ons = ", ".join(f"on{i}" for i in range(len(sides)))
    head, body = src.lines[1:src.cut], src.lines[src.cut:]
    src.lines += ["", "def read(p):", *head, "    return (" + "".join(f"{k}, " for k in key) + "), f_case_id",
                  "", f"def keyed(key, f_case_id, {ons}):",
                  "    " + "".join(f"{_var(n)}, " for n in names) + "*_ = key",
                  *(f"    {_var(n)} = None if {_var(n)} is None else list({_var(n)})" for n in names
                    if spec.get(n, (None,))[0] == _LIST), *body]  # the decision reads lists, exactly as in fast


def _check(src: _Source, name: str, bools: frozenset, spec: dict) -> None:
    """Read one fact into its local and check it as the loop over the profile does; count it when given."""
    add, f, k = src.add, _var(name), src.const(name)
    add(1, f"{f} = p.get({k})")
    add(1, f"if {f} is not None:")
    add(2, "n += 1")
    if name in bools:
        add(2, f"if {f} is not True and {f} is not False:")
        add(3, "return None")
        return
    c = spec.get(name)
    if c is None:  # not a fact the caseworker may give
        add(2, "return None")
        return
    kind, lo, hi, allowed = c
    if kind in (_INT, _NUM):
        t = f"type({f}) is not int" if kind == _INT else f"(type({f}) is not int and type({f}) is not float)"
        add(2, f"if {t} or not ({src.const(lo)} <= {f} <= {src.const(hi)}) or not ({-_BIG} < {f} < {_BIG}):")
        add(3, "return None")
    elif kind == _ENUM:
        add(2, f"if type({f}) is not str or {f} not in {src.const(allowed)}:")
        add(3, "return None")
    elif kind == _LIST:
        add(2, f"if type({f}) is not list:")
        add(3, "return None")
        add(2, f"for e in {f}:")
        add(3, f"if type(e) is not str or e not in {src.const(allowed)}:")
        add(4, "return None")
    elif kind == _TEXT:
        add(2, f"if type({f}) is not str:")
        add(3, "return None")
        # printable ASCII holds none of the characters _unsafe looks for (tab and line breaks are allowed, not printable)
        add(2, f"if not ({f}.isascii() and {f}.isprintable()) and _unsafe({f}) or _cprtext({f}):")
        add(3, "return None")
    else:  # a date: YYYY-MM-DD or a YAML date, as a date
        add(2, f"t = type({f})")
        add(2, "if t is str:")
        add(3, f"if not _iso({f}):")
        add(4, "return None")
        add(3, "try:")
        add(4, f"{f} = _fromiso({f})")
        add(3, "except ValueError:")
        add(4, "return None")
        add(2, "elif t is _datetime:")
        add(3, f"{f} = {f}.date()")
        add(2, "elif t is not _date:")
        add(3, "return None")
        if lo is not None:
            add(2, f"if {f} < {src.const(lo)}:")
            add(3, "return None")
        if hi is not None:
            add(2, f"if {f} > {src.const(hi)}:")
            add(3, "return None")


def _derive(src: _Source, plan: tuple, on: str, side: int) -> None:
    """derive.derive, step by step, on the evaluation date named `on`."""
    add = src.add
    rels = relations()
    for fd in dated_facts():
        add(1, f"if {_var(fd.name)} is not None and {_var(fd.name)} > {on}:")
        add(2, "return None")
    for i, (fd, compute) in enumerate(plan):
        if fd.derived:
            continue
        fn = f"C{side}_{i}"
        src.ns[fn] = compute
        v = _var(fd.name)
        add(1, f"c = {fn}({on}, {', '.join(_var(s) for s in fd.derived_from)})")
        add(1, "if c is not None:")
        add(2, f"if {v} is not None and {v} != c:")
        add(3, "return None")
        add(2, f"{v} = c")
    for name, other, implied in rels:
        if other:
            a, b = _var(name), _var(other)
            add(1, f"if {a} is None and {b} is not None:")
            add(2, f"{a} = not {b}")
            add(1, f"elif {b} is None and {a} is not None:")
            add(2, f"{b} = not {a}")
        if implied:
            a, b = _var(name), _var(implied)
            add(1, f"if {a} is True and {b} is None:")
            add(2, f"{b} = True")
            add(1, f"elif {b} is False and {a} is None:")
            add(2, f"{a} = False")
    for i, (fd, compute) in enumerate(plan):
        if fd.derived:
            srcs = [_var(s) for s in fd.derived_from]
            spec = fd.compute
            # derive.PARAMETRISED's two, written out (one list fact tested against a constant); any other is called
            if isinstance(spec, dict) and len(srcs) == 1 and list(spec) in (["any_of"], ["more_than"]):
                (name, arg), = spec.items()
                test = (f"not {src.const(frozenset(arg))}.isdisjoint({srcs[0]})" if name == "any_of"
                        else f"len(set({srcs[0]})) > {src.const(arg)}")
                add(1, f"{_var(fd.name)} = None if {srcs[0]} is None else {test}")
                continue
            src.ns[f"C{side}_{i}"] = compute
            add(1, f"{_var(fd.name)} = C{side}_{i}({on}, {', '.join(srcs)})")


def _content(rules: tuple) -> tuple[dict, Callable, tuple]:
    """For one list fact's excluded-content rules ((id, basis, values) in the standard's order): a memo, the function
    filling it, and the answer for an unknown fact. An answer is (each rule's result, whether it applies, the level its
    failures decide at or None, the rules failing there), as outcome.decide works it out."""
    memo: dict = {}

    def compute(asked: frozenset) -> tuple:
        results, applies, covered, statute, hits = [], [], set(), set(), []
        for rid, basis, values in rules:
            hit = values.intersection(asked)
            applies.append(bool(hit))
            results.append((rid, "applies" if hit else "not_applies"))
            if hit:
                covered |= hit
                hits.append((rid, basis))
                if basis == "statute":
                    statute |= hit
        level, failed = None, ()
        if covered:
            level = (0 if asked <= statute else 1) if asked <= covered else 2
            failed = tuple(rid for rid, b in hits if level != 0 or b == "statute")
        answer = (tuple(results), tuple(applies), level, failed)
        if len(memo) < 4096:  # the sets a caseload asks for are few; a bound all the same
            memo[asked] = answer
        return answer
    none = (tuple((rid, "not_applies") for rid, _, _ in rules), (False,) * len(rules), None, ())
    return memo, compute, none


def _result(src: _Source, d: int, rid: str, result: str, *lists: str) -> None:
    # each rule has one result, in the rules' order: a local per rule, gathered into one tuple after the last
    src.add(d, f"r{src.slot[rid]} = {src.const((rid, result))}")
    for name in lists:
        src.add(d, f"{name}.append({src.const(rid)})")


def _decision(src: _Source, cs: CompiledStandard, out: str) -> None:
    """outcome.decide's walk over the rules, unrolled: the same results in the same order."""
    add = src.add
    add(1, "A = []; F0 = []; F1 = []; F2 = []; U0 = []; U1 = []; U2 = []")
    src.slot = {r.id: i for i, r in enumerate(cs.rules())}
    if len(src.slot) != len(cs.rules()):  # ids are unique in a valid standard; if not, the full path decides
        raise ValueError("rule ids")
    for c in cs.criteria:
        rid, level = c.rule.id, 0 if c.rule.basis == "statute" else 1
        when, d = c.rule.data.get("applies_when"), 1
        if when is not None:
            _cond(src, when, "w", 1)
            add(1, "if w is False:")
            _result(src, 2, rid, "not_applies")
            add(1, "else:")
            d = 2
        _cond(src, c.rule.data["condition"], "v", d)
        if when is not None:
            add(d, "if w is None and v is not True:")
            add(d + 1, "v = None")
        add(d, "if v is True:")
        _result(src, d + 1, rid, "met")
        add(d, "elif v is False:")
        _result(src, d + 1, rid, "not_met", f"F{level}", "A")
        add(d, "else:")
        _result(src, d + 1, rid, "unknown", f"U{level}")
    # Excluded content (parts of the request): per list fact, what its rules say depends only on the set of values
    # asked for, so it is worked out once per set (outcome.decide's steps, in _content) and looked up after that.
    groups: dict[str, list] = {}
    for e in cs.exclusions:
        if e.test is None:
            groups.setdefault(e.content_fact, []).append(e)
    place: dict[str, tuple[str, int]] = {}
    for j, (fact, rules) in enumerate(groups.items()):
        memo, compute, none = _content(tuple((e.rule.id, e.rule.basis, e.content) for e in rules))
        src.ns.update({f"MEMO{src.side}_{j}": memo, f"CONT{src.side}_{j}": compute, f"CNONE{src.side}_{j}": none})
        f, cx = _var(fact), f"CX{j}"
        add(1, f"{cx} = CNONE{src.side}_{j} if {f} is None else (MEMO{src.side}_{j}.get(k := frozenset({f})) or CONT{src.side}_{j}(k))")
        for i, e in enumerate(rules):
            place[e.rule.id] = (cx, i)
    for e in cs.exclusions:
        rid, level = e.rule.id, 0 if e.rule.basis == "statute" else 1
        if e.test is not None:
            _cond(src, e.rule.data["applies_if"], "v", 1)
            add(1, "if v is True:")
            _result(src, 2, rid, "applies", f"F{level}", "A")
            add(1, "elif v is False:")
            _result(src, 2, rid, "not_applies")
            add(1, "else:")
            _result(src, 2, rid, "unknown", f"U{level}")
            continue
        cx, i = place[rid]
        add(1, f"r{src.slot[rid]} = {cx}[0][{i}]")
        add(1, f"if {cx}[1][{i}]:")
        add(2, f"A.append({src.const(rid)})")
    for j in range(len(groups)):
        add(1, f"if CX{j}[2] is not None:")
        add(2, f"(F0, F1, F2)[CX{j}[2]].extend(CX{j}[3])")
    add(1, "RECD = {}")
    if cs.limits:
        facts = list(dict.fromkeys(lim.fact for lim in cs.limits))
        eff = {f: f"E{i}" for i, f in enumerate(facts)}
        for f in facts:
            add(1, f"{eff[f]} = None")
        for i, lim in enumerate(cs.limits):
            when = lim.rule.data.get("applies_when")
            if when is None:
                add(1, f"a{i} = True")
            else:
                _cond(src, when, f"a{i}", 1)
            mx, e = src.const(lim.max), eff[lim.fact]
            add(1, f"if a{i} is True:")
            add(2, f"{e} = {mx} if {e} is None else ({e} if {e} < {mx} else {mx})")
        for i, lim in enumerate(cs.limits):
            rid, mx, e, q = lim.rule.id, src.const(lim.max), eff[lim.fact], _var(lim.fact)
            add(1, f"if a{i} is False:")
            _result(src, 2, rid, "not_applies")
            add(1, "else:")
            add(2, f"eff = {mx} if {e} is None else {e}")
            add(2, f"if {q} is None:")
            _result(src, 3, rid, "unknown")
            add(3, f"rec = eff if a{i} else None")
            add(2, f"elif {q} <= {mx}:")
            _result(src, 3, rid, "within")
            add(3, f"rec = {q} if {q} < eff else eff")
            add(2, f"elif a{i} is None:")
            _result(src, 3, rid, "unknown", "U2")
            add(3, "rec = None")
            add(2, "else:")
            _result(src, 3, rid, "exceeded", "F2", "A")
            add(3, f"rec = {q} if {q} < eff else eff")
            add(2, "if rec is not None:")
            fk = src.const(lim.fact)
            add(3, f"old = RECD.get({fk})")
            add(3, f"RECD[{fk}] = rec if old is None or rec < old else old")
    add(1, "R = (" + "".join(f"r{i}, " for i in range(len(src.slot))) + ")")
    for line in ("W = []",
                 "if F0:",
                 "    outcome = 'refuse'; D = F0",
                 "else:",
                 "    W += U0",
                 "    if F1:",
                 "        outcome = 'incomplete' if W else 'assess'; D = F1",
                 "    else:",
                 "        W += U1",
                 "        if F2:",
                 "            outcome = 'incomplete' if W else 'partial'; D = F2",
                 "        else:",
                 "            W += U2",
                 "            outcome = 'incomplete' if W else 'grant'; D = []",
                 "if outcome == 'grant':",
                 "    D = [rid for rid, r in R if r == 'met' or r == 'within']",
                 "elif outcome == 'refuse':",
                 "    RECD = {}"):
        add(1, line)
    lv = cs.levels
    if lv is not None:
        # engine._band_for written out: the first band holding the value (the last, with boundary: upper)
        f = _var(lv["fact"])
        add(1, "level_id = None")
        add(1, f"if {f} is not None:")
        bands = lv["bands"][::-1] if lv.get("boundary") == "upper" else lv["bands"]
        for i, b in enumerate(bands):
            lo, hi = b.get("min") or 0.0, b.get("max")
            test = f"{f} {'>' if b.get('min_exclusive') else '>='} {src.const(lo)}"
            if hi is not None:
                test += f" and {f} {'<' if b.get('max_exclusive') else '<='} {src.const(hi)}"
            add(2, f"{'if' if i == 0 else 'elif'} {test}:")
            add(3, f"level_id = {src.const(b['id'])}")
    else:
        add(1, "level_id = None")
    if cs.limits:
        add(1, "for k, v in RECD.items():")
        add(2, "if type(v) is float and v.is_integer():")
        add(3, "RECD[k] = int(v)")
    add(1, f"{out} = Outcome(outcome, level_id, RECD, tuple(A), frozenset(D + W), R, f_case_id)")
