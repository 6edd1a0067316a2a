"""The architecture model: frozen dataclasses and the one graph builder."""

from spofscan.model.architecture import (
    KINDS,
    AcceptedRisk,
    Architecture,
    Backup,
    CommonCause,
    Component,
    DataProtection,
    DependencyGroup,
    Failover,
    Journey,
    Objectives,
)
from spofscan.model.graph import relation_edges, relation_graph

__all__ = [
    "KINDS",
    "AcceptedRisk",
    "Architecture",
    "Backup",
    "CommonCause",
    "Component",
    "DataProtection",
    "DependencyGroup",
    "Failover",
    "Journey",
    "Objectives",
    "relation_edges",
    "relation_graph",
]
