"""Diagrams of an architecture: a model built once from the report, drawn by Graphviz and
Mermaid renderers (``spofscan render``)."""

from spofscan.render.diagram.build import View, build_diagram
from spofscan.render.diagram.model import Cluster, Diagram, Edge, Node

__all__ = ["Cluster", "Diagram", "Edge", "Node", "View", "build_diagram"]
