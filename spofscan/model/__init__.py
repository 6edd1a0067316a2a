"""The architecture model: frozen dataclasses and the one networkx graph builder."""

from spofscan.model.architecture import (
    KINDS,
    AcceptedRisk,
    Architecture,
    Backup,
    Component,
    DataProtection,
    DependencyGroup,
    Journey,
    Objectives,
)
from spofscan.model.graph import relation_graph

__all__ = [
    "KINDS",
    "AcceptedRisk",
    "Architecture",
    "Backup",
    "Component",
    "DataProtection",
    "DependencyGroup",
    "Journey",
    "Objectives",
    "relation_graph",
]
