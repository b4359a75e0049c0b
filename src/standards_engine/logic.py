"""Kleene three-valued logic: validated condition data compiled into closures.

A condition node (already checked by conditions.Condition) is a mapping with
exactly one of `all`, `any`, `not`, or a `fact` with one operator. Compiled
once; evaluating never walks the data again. True, False, or None (unknown).
"""
from __future__ import annotations

from typing import Any, Callable

from .operators import OPERATORS, Compiled, Facts, Operator, Tri

Explainer = Callable[[Facts], set]
Node = dict[str, Any]


def op_of(node: Node) -> Operator:
    """The operator of a checked `fact` node (conditions.Condition made sure there is exactly one)."""
    return next(OPERATORS[k] for k in node if k in OPERATORS and node[k] is not None)


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
    op = op_of(node)
    return op.compile(node["fact"], node[op.name])


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
        if op_of(node).decides_unknown:
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

