"""Small architectures built in code, for doctests and unit tests."""

from __future__ import annotations

from spofscan.errors import Location
from spofscan.model.architecture import Architecture, Component, DependencyGroup


def tiny_architecture() -> Architecture:
    """An API and its database on one VM: three single points of failure."""
    here = Location("tiny.yaml")
    comps = {
        "api": Component(
            "api",
            "service",
            0.999,
            "availability",
            here,
            runs_on=("vm",),
            depends_on=(DependencyGroup("all", ("db",), 1, here),),
        ),
        "db": Component("db", "database", 0.999, "availability", here, runs_on=("vm",)),
        "vm": Component("vm", "vm", 0.995, "availability", here),
    }
    return Architecture("tiny.yaml", "tiny", comps, {}, ("api",), here)


def packed_replicas() -> Architecture:
    """Three API replicas that all run on one VM: redundancy in name only."""
    here = Location("packed.yaml")
    comps = {
        "api": Component(
            "api", "container", 0.99, "availability", here, replicas=3, runs_on=("vm",)
        ),
        "vm": Component("vm", "vm", 0.995, "availability", here),
    }
    return Architecture("packed.yaml", "packed", comps, {}, ("api",), here)
