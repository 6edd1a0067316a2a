"""The architecture model: frozen dataclasses and the one networkx graph builder."""

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
from spofscan.model.graph import relation_graph

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
    "relation_graph",
]
