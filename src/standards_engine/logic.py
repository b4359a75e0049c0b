"""Kleene three-valued logic: validated condition data compiled into closures.

A condition node (already checked by conditions.Condition) is a mapping with
exactly one of `all`, `any`, `not`, or a `fact` with one operator. Compiled
once; evaluating never walks the data again. True, False, or None (unknown).
"""
from __future__ import annotations

from typing import Any, Callable, Optional

Tri = Optional[bool]
Facts = dict[str, Any]
Compiled = Callable[[Facts], Tri]
Explainer = Callable[[Facts], set]
Node = dict[str, Any]

OPERATORS = ("eq", "ne", "lt", "lte", "gt", "gte", "in", "contains", "contains_any", "known")


def op_of(node: Node) -> str:
    for op in OPERATORS:
        if node.get(op) is not None:
            return op
    raise ValueError(f"no operator in {node!r}")


def children(node: Node) -> list[Node]:
    if node.get("all") is not None:
        return node["all"]
    if node.get("any") is not None:
        return node["any"]
    return [node["not"]]


def fact_names(node: Node) -> set[str]:
    if node.get("fact") is not None:
        return {node["fact"]}
    out: set[str] = set()
    for k in children(node):
        out |= fact_names(k)
    return out


def compile_condition(node: Node) -> Compiled:
    if node.get("fact") is None:
        kids = tuple(compile_condition(k) for k in children(node))
        if node.get("all") is not None:
            return _and(kids)
        if node.get("any") is not None:
            return _or(kids)
        inner = kids[0]
        return lambda x: None if (v := inner(x)) is None else not v
    name, op = node["fact"], op_of(node)
    val = node[op]
    if op == "known":
        want = bool(val)
        return lambda x: (x[name] is not None) is want
    if op == "eq":
        return lambda x: None if (v := x[name]) is None else v == val
    if op == "ne":
        return lambda x: None if (v := x[name]) is None else v != val
    if op == "lt":
        return lambda x: None if (v := x[name]) is None else v < val
    if op == "lte":
        return lambda x: None if (v := x[name]) is None else v <= val
    if op == "gt":
        return lambda x: None if (v := x[name]) is None else v > val
    if op == "gte":
        return lambda x: None if (v := x[name]) is None else v >= val
    if op == "in":
        s = frozenset(val)
        return lambda x: None if (v := x[name]) is None else v in s
    if op == "contains":
        return lambda x: None if (v := x[name]) is None else val in v
    s = frozenset(val)  # contains_any
    return lambda x: None if (v := x[name]) is None else not s.isdisjoint(v)


def _and(kids: tuple[Compiled, ...]) -> Compiled:
    def f(x: Facts) -> Tri:
        unknown = False
        for k in kids:
            v = k(x)
            if v is False:
                return False
            if v is None:
                unknown = True
        return None if unknown else True
    return f


def _or(kids: tuple[Compiled, ...]) -> Compiled:
    def f(x: Facts) -> Tri:
        unknown = False
        for k in kids:
            v = k(x)
            if v is True:
                return True
            if v is None:
                unknown = True
        return None if unknown else False
    return f


def compile_explainer(node: Node) -> Explainer:
    """The unknown facts that keep a node unknown: those whose answer could decide it.

    Called only for a rule whose result is unknown. A child already decided
    contributes nothing; under `all` a false child (or under `any` a true
    child) would have decided the node, so none is present.
    """
    if node.get("fact") is not None:
        name = node["fact"]
        if op_of(node) == "known":
            return lambda x: set()
        return lambda x: {name} if x[name] is None else set()
    kids = tuple((compile_condition(k), compile_explainer(k)) for k in children(node))

    def explain(x: Facts) -> set:
        out: set = set()
        for test, why in kids:
            if test(x) is None:
                out |= why(x)
        return out
    return explain


def unknown_facts(node: Node, x: Facts) -> set:
    return compile_explainer(node)(x)
