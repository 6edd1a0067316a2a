"""An architecture as an Open-PSA MEF fault tree, for engines that read that format.

The top event ``system_down`` is "some entrypoint is down" under SPEC section 3: a node is
down when more of its instances are down than ``min_healthy`` allows (an instance is down
when its basic event happened or its host is down), when a dependency group has fewer
than ``k`` members up, when one of its node events (common cause, failover time)
happened, or when it fails over with help and instance 0 and one of the helpers are down.
The probability of ``system_down`` is one minus the availability spofscan computes.

Fault trees have no cycles: a file whose dependencies loop is refused (``ValueError``).
Names are ``e<i>`` for basic events and ``n<i>`` for nodes (the file's names are kept in
a ``label``), since the format allows neither brackets nor dots in names.
"""

from __future__ import annotations

from xml.sax.saxutils import quoteattr

from spofscan.analysis.compiled_structure import Structure
from spofscan.analysis.evaluation_order import evaluation_order, is_cyclic
from spofscan.analysis.results import Event


def fault_tree(s: Structure, name: str = "architecture") -> str:
    """The Open-PSA MEF document of ``s``'s failure."""
    needed = s.upstream(s.entrypoints)
    for component in evaluation_order(s):
        if component[0] in needed and is_cyclic(s, component):
            names = ", ".join(s.nodes[n] for n in component)
            raise ValueError(f"a fault tree cannot hold the cycle {names}")
    gates = [_gate("system_down", _any([_node(n) for n in s.entrypoints]))]
    for node in sorted(needed):
        gates.append(_gate(f"n{node}", _down(s, node), s.nodes[node]))
    events = [_event(e, event) for e, event in enumerate(s.events)]
    return (
        '<?xml version="1.0"?>\n<opsa-mef>\n'
        f"<define-fault-tree name={quoteattr(_identifier(name))}>\n"
        + "".join(gates)
        + "</define-fault-tree>\n<model-data>\n"
        + "".join(events)
        + "</model-data>\n</opsa-mef>\n"
    )


def _down(s: Structure, node: int) -> str:
    """The formula of "node is down"."""
    terms = []
    instances = [
        _any(([_basic(e)] if e >= 0 else []) + ([_node(h)] if h >= 0 else []))
        for e, h in zip(s.instance_events[node], s.hosts[node], strict=True)
    ]
    if instances:
        terms.append(_at_least(len(instances) - s.min_healthy[node] + 1, instances))
    for group in s.groups[node]:
        members = [_node(m) for m in group.members]
        terms.append(_at_least(len(members) - group.k + 1, members))
    terms.extend(_basic(e) for e in s.node_events[node])
    if s.failover_needs and s.failover_needs[node]:
        helpers = _any([_node(m) for m in s.failover_needs[node]])
        terms.append(_all([instances[0], helpers]))
    return _any(terms)


FALSE = '<constant value="false"/>'
TRUE = '<constant value="true"/>'


def _at_least(k: int, terms: list[str]) -> str:
    """At least ``k`` of ``terms`` (an OR for 1, an AND for all of them)."""
    terms = [t for t in terms if t != FALSE]
    if k <= 0:
        return TRUE
    if k > len(terms):
        return FALSE
    if k == 1:
        return _any(terms)
    if k == len(terms):
        return _all(terms)
    if len(set(terms)) < len(terms):  # a repeated argument: spelt out as an OR of ANDs
        raise ValueError("an at-least gate with a repeated argument")
    return f'<atleast min="{k}">' + "".join(terms) + "</atleast>"


def _any(terms: list[str]) -> str:
    terms = [t for t in dict.fromkeys(terms) if t != FALSE]
    if TRUE in terms:
        return TRUE
    if not terms:
        return FALSE
    return terms[0] if len(terms) == 1 else "<or>" + "".join(terms) + "</or>"


def _all(terms: list[str]) -> str:
    terms = [t for t in dict.fromkeys(terms) if t != TRUE]
    if FALSE in terms:
        return FALSE
    if not terms:
        return TRUE
    return terms[0] if len(terms) == 1 else "<and>" + "".join(terms) + "</and>"


def _basic(event: int) -> str:
    return f'<basic-event name="e{event}"/>'


def _node(node: int) -> str:
    return f'<gate name="n{node}"/>'


def _gate(name: str, formula: str, label: str | None = None) -> str:
    said = f"<label>{_escaped(label)}</label>" if label else ""
    return f'<define-gate name="{name}">{said}{formula}</define-gate>\n'


def _event(index: int, event: Event) -> str:
    q = 1.0 - event.availability
    return (
        f'<define-basic-event name="e{index}"><label>{_escaped(event.name)}</label>'
        f'<float value="{q!r}"/></define-basic-event>\n'
    )


def _escaped(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _identifier(text: str) -> str:
    cleaned = "".join(c if c.isalnum() or c in "-_" else "_" for c in text)
    return cleaned if cleaned and cleaned[0].isalpha() else f"a{cleaned}"
