"""Derived facts: what the engine computes from a checked profile on the evaluation date.

Which facts are derived, from what and how, is data (data/facts.yaml: `from` and `compute`); this
module holds only the named computations, and knows no fact by name. Unknown stays None.
"""
from __future__ import annotations

import datetime as dt
from functools import cache, lru_cache
from typing import Any, Callable

from . import pension
from .errors import InputError, msg
from .vocabulary import FactDef, dated_facts, facts, relations

Facts = dict[str, Any]
# A computation gets the evaluation date and its `from` facts' values in order (None = unknown).
Computation = Callable[..., Any]


def _on_every_birth_date(f: Callable[[dt.date], Any], on: dt.date, birth_date: dt.date | None, age: int | None) -> Any:
    """f of the birth date; without one, an age is the range of birth dates that give it on `on`, and the
    answer is known only when every date in the range agrees. f is monotone in the birth date (the
    cohort table only ever rises), so the range's two ends decide for every date between them."""
    if birth_date is not None:
        return f(birth_date)
    if age is None:
        return None
    first, last = pension.birth_range(age, on)
    a, b = f(first), f(last)
    return a if a == b else None


def _below_pension_age(on: dt.date, birth_date: dt.date | None, age: int | None) -> bool | None:
    if birth_date is None and age is not None:
        return _below_by_age(age, on)
    return _on_every_birth_date(lambda bd: pension.under_pension_age(bd, on), on, birth_date, age)


def _pension_age_years(on: dt.date, birth_date: dt.date | None, age: int | None = None) -> float | None:
    if birth_date is None and age is not None:
        return _years_by_age(age, on)
    return _on_every_birth_date(lambda bd: pension.pension_age_months(bd) / 12, on, birth_date, age)


# An age on a date always gives the same range of birth dates: computed once (a caseload repeats them).
@lru_cache(maxsize=8192)
def _below_by_age(age: int, on: dt.date) -> bool | None:
    return _on_every_birth_date(lambda bd: pension.under_pension_age(bd, on), on, None, age)


@lru_cache(maxsize=8192)
def _years_by_age(age: int, on: dt.date) -> float | None:
    return _on_every_birth_date(lambda bd: pension.pension_age_months(bd) / 12, on, None, age)


def _known(f: Callable[..., Any]) -> Computation:
    """A computation that needs every source known; unknown otherwise."""
    return lambda on, *values: None if None in values else f(on, *values)


# `compute: NAME` in facts.yaml
NAMED: dict[str, Computation] = {
    "age_on": _known(lambda on, birth_date: pension.age_on(birth_date, on)),
    "below_pension_age": _below_pension_age,
    "pension_age_in_years": _pension_age_years,
}

# `compute: {NAME: ARGUMENT}` in facts.yaml: a list fact's values tested against the argument
PARAMETRISED: dict[str, Callable[[Any], Computation]] = {
    "any_of": lambda wanted: _known(lambda on, values: not frozenset(wanted).isdisjoint(values)),
    "more_than": lambda n: _known(lambda on, values: len(set(values)) > n),
}


def computation(spec: Any) -> Computation:
    """The function a fact's `compute:` names; KeyError/ValueError for one this module does not have."""
    if isinstance(spec, str):
        return NAMED[spec]
    if isinstance(spec, dict) and len(spec) == 1:
        (name, arg), = spec.items()
        return PARAMETRISED[name](arg)
    raise ValueError(spec)


@cache
def _plan() -> tuple[tuple[FactDef, Computation], ...]:
    """Every computed fact with its computation, in file order: input facts the engine can also compute
    (an age from a birth date) come first, then the relations between input facts, then derived facts."""
    return tuple((f, computation(f.compute)) for f in facts().values() if f.compute is not None)


@cache
def _all_unknown() -> dict[str, None]:
    return dict.fromkeys(facts())


@cache
def _plan_for(needed: frozenset[str]) -> tuple[tuple[FactDef, Computation], ...]:
    """The plan cut to what `needed` reads: every input fact the engine computes (an age from a birth date, which
    also checks the two agree), and the derived facts among `needed` with the derived facts they come from."""
    vocab = facts()
    keep, todo = set(), [n for n in needed if n in vocab and vocab[n].derived]
    while todo:
        n = todo.pop()
        if n not in keep:
            keep.add(n)
            todo.extend(s for s in vocab[n].derived_from if vocab[s].derived)
    return tuple((fd, c) for fd, c in _plan() if not fd.derived or fd.name in keep)


def derive(given: Facts, on: dt.date, needed: frozenset[str] | None = None) -> Facts:
    """Add the computed facts for the evaluation date; unknown stays None. With `needed` (the facts a
    standard's rules read), derived facts nothing reads are left unknown rather than computed."""
    f = dict(given)
    for fd in dated_facts():
        name = fd.name
        if f.get(name) is not None and f[name] > on:
            raise InputError(msg("after_eval_date", name=name, meaning=fd.meaning, value=f[name], on=on))
    inputs, derived = _steps(_plan() if needed is None else _plan_for(needed))
    get = f.get
    for fd, compute, sources in inputs:
        value = compute(on, *map(get, sources))
        if value is None:
            continue
        given_value = get(fd.name)
        if given_value is not None and given_value != value:
            raise InputError(msg("computed_disagrees", name=fd.name, value=given_value, sources=", ".join(fd.derived_from),
                                 computed=value, on=on))
        f[fd.name] = value
    _relations(f)
    for name, compute, sources in derived:
        f[name] = compute(on, *map(get, sources))
    x = _all_unknown().copy()
    x.update(f)
    return x


_STEPS: dict[int, tuple] = {}


def _steps(plan: tuple) -> tuple[tuple, tuple]:
    """A plan split once into the input facts the engine computes and the derived facts, with their sources.
    (By the plan's id: plans are made once and kept by their caches; the plan is kept here too, so its id stays.)"""
    hit = _STEPS.get(id(plan))
    if hit is None or hit[0] is not plan:
        hit = _STEPS[id(plan)] = (plan, tuple((fd, c, tuple(fd.derived_from)) for fd, c in plan if not fd.derived),
                                  tuple((fd.name, c, tuple(fd.derived_from)) for fd, c in plan if fd.derived))
    return hit[1], hit[2]


def _relations(f: Facts) -> None:
    for name, other, implied in relations():
        if other:  # one answer gives the other
            if f.get(name) is None and f.get(other) is not None:
                f[name] = not f[other]
            elif f.get(other) is None and f.get(name) is not None:
                f[other] = not f[name]
        if implied:  # yes to the narrower is yes to the wider; no to the wider is no to the narrower
            if f.get(name) is True and f.get(implied) is None:
                f[implied] = True
            elif f.get(implied) is False and f.get(name) is None:
                f[name] = False
