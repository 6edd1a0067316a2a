"""A variable order by hosts: each VM's variable with the instances that run on it.

The depth-first and FORCE orders (:mod:`spofscan.analysis.variable_order`) keep a node's
variables together: all the instances of a service next to each other. Where services
are replicated over a shared pool of VMs, each VM hosting instances of several services
that do not otherwise meet, a service's function then reads variables spread over the
pool, and the diagram carries every VM's state from where it is declared to each
instance that runs on it. This order declares instead, for each VM that runs
instances, a block: the VM's own variables, then those of every instance on it. The
blocks are ordered by FORCE (each node's hyperedge being the blocks its variables sit
in, so that the blocks of one service's instances come close), starting from the order
of their VMs in the node order given (FORCE's, :mod:`spofscan.analysis.variable_order`);
a variable no VM's instances hold (an instance without a host, a common cause) is a
block of its own, the zones' and regions' variables come last, and the series
variables (whose failure alone takes the system down) first.

It is the third order :class:`~spofscan.analysis.bdd.NodeBdds` tries. On the legacy
shape of ``benchmarks/generate.py`` (services and databases replicated over a pool of
VMs, a few on their own), files of 60 to 350 components outgrew the budget in both
other orders and compile in this one (100 components: 4,001 nodes in 0.02 s, against
2.1 million in the depth-first order); on layered and chained files it does worse than
FORCE's.

>>> from spofscan.analysis.compiled_structure import compile_structure
>>> from spofscan.analysis.evaluation_order import reach_order
>>> from spofscan.model.examples import tiny_architecture
>>> s = compile_structure(tiny_architecture())
>>> keys = host_block_order(s, reach_order(s))
>>> sorted(keys) == sorted(k for n in reach_order(s) for k in variable_keys(s, n))
True
"""

from __future__ import annotations

from collections.abc import Sequence

from spofscan.analysis.compiled_structure import Structure
from spofscan.analysis.series_events import Key, series_of_targets, variable_keys
from spofscan.analysis.variable_order import force_positions


def host_block_order(s: Structure, order: Sequence[int]) -> list[Key]:
    """The variables of the nodes in ``order``, in blocks by host (module doc)."""
    hosts = {h for n in order for h in s.hosts[n] if h >= 0}
    # VMs, not zones: the hosts of nodes that host nothing themselves
    leaves = {h for n in order if n not in hosts for h in s.hosts[n] if h >= 0}
    blocks: list[list[Key]] = []
    block_of: dict[Key, int] = {}

    def place(key: Key, block: int) -> None:
        if block == len(blocks):
            blocks.append([])
        blocks[block].append(key)
        block_of[key] = block

    head = {}
    for node in order:  # each VM's block, in the order given
        if node in leaves:
            head[node] = len(blocks)
            for key in variable_keys(s, node):
                place(key, head[node])
    for node in order:  # what runs on them into theirs; every other variable alone
        if node in hosts:
            continue
        for key in variable_keys(s, node):
            host = s.hosts[node][key[1]] if 0 <= key[1] < len(s.hosts[node]) else -1
            place(key, head[host] if host in head else len(blocks))
    movable = len(blocks)
    edges = []
    for node in order:
        if node not in hosts:
            touched = sorted({block_of[key] for key in variable_keys(s, node)})
            if len(touched) > 1:
                edges.append(touched)
    ranked = [key for block in force_positions(movable, edges) for key in blocks[block]]
    # the zones and regions last, in the order given
    ranked += [key for node in order if node in hosts - leaves for key in variable_keys(s, node)]
    series, _ = series_of_targets(s)  # factors of every function: on top, one node each
    return [key for key in ranked if key in series] + [key for key in ranked if key not in series]
