"""The header of a Kubernetes import: what was read, what was guessed, what to fill in."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Mapping, Sequence

from spofscan.importers.imported import ImportedComponent
from spofscan.importers.k8s_objects import K8sObject
from spofscan.importers.k8s_workloads import BATCH_KINDS, WORKLOAD_KINDS
from spofscan.importers.reach import unreached
from spofscan.words import listed, plural

USED_KINDS = WORKLOAD_KINDS | BATCH_KINDS | {
    "Service", "ConfigMap", "HorizontalPodAutoscaler", "PodDisruptionBudget", "Ingress",
    "HTTPRoute", "VirtualService",
}  # fmt: skip


def read_notes(
    paths: Sequence[str],
    files: Sequence[str],
    objects: Sequence[K8sObject],
    running: Sequence[K8sObject],
    stopped: Sequence[str],
) -> Iterator[str]:
    """What was read, and what was left out of it and why."""
    yield f"manifests: {listed(paths)} ({plural(len(files), 'file')}, {len(objects)} objects)"
    yield f"workloads: {len(running)} imported ({_counted(Counter(w.kind for w in running))})"
    if stopped:
        yield f"left out with replicas 0: {listed(stopped)}"
    batch = sorted(f"{o.kind} {o.name}" for o in objects if o.kind in BATCH_KINDS)
    if batch:
        yield f"left out, since they run to completion and serve nobody: {listed(batch)}"
    if any(o.kind == "Kustomization" for o in objects):
        yield (
            "a Kustomization is among them: its files were read as they are, unpatched; "
            "`kustomize build DIR | spofscan import k8s -` reads what it makes"
        )
    skipped = Counter(o.kind for o in objects if o.kind not in USED_KINDS)
    if skipped:
        yield f"skipped, as they neither run nor route: {_counted(skipped)}"


def guessed(
    components: Sequence[ImportedComponent],
    entrypoints: Sequence[str],
    nodes: Sequence[str],
    zones: Sequence[str],
    asked: str,
) -> Iterator[str]:
    """What the import guessed: kinds, the cluster (``asked``: the options that gave
    it), placement, dependencies and entrypoints."""
    kinds: dict[str, list[str]] = {}
    for c in components:
        if c.kind not in ("service", "host", "zone"):
            kinds.setdefault(c.kind, []).append(c.name)
    if kinds:
        said = "; ".join(f"{kind}: {listed(names)}" for kind, names in sorted(kinds.items()))
        yield f"kinds, from the images' names (every other workload is a service): {said}"
    yield (
        f"the cluster: {plural(len(nodes), 'node')} ({listed(nodes)}) in "
        f"{plural(len(zones), 'zone')} ({listed(zones)}), as {asked} say; give the real ones"
    )
    yield (
        "placement: replicas on different nodes where pod anti-affinity or topology spread "
        "constraints ask for it, else all on one node (the workloads take the nodes in "
        "turn): the scheduler is free to put them together"
    )
    yield (
        "dependencies: environment values (ConfigMaps' included) and arguments that name a "
        "Service, on the workloads it selects; each says where it came from"
    )
    if entrypoints:
        yield (
            "entrypoints: the workloads behind LoadBalancer and NodePort Services, Ingresses, "
            f"HTTPRoutes and Istio VirtualServices on a gateway: {listed(entrypoints)}"
        )
    else:
        yield (
            "entrypoints: no LoadBalancer or NodePort Service, Ingress or HTTPRoute reaches a "
            "workload, so every component nothing names is one"
        )


def fill_in(components: Sequence[ImportedComponent], entrypoints: Sequence[str]) -> Iterator[str]:
    """What only the user knows."""
    yield (
        "availability: every component takes defaults.availability; give each the one "
        "measured or promised (availability, or mtbf and mttr), nodes and zones too"
    )
    keeping = [c.name for c in components if c.data_note is not None]
    if keeping:
        yield f"data: how the data of {listed(keeping)} is backed up or replicated (data)"
    if not any(c.depends_on for c in components):
        yield (
            "dependencies: the manifests state none (no environment value or argument names "
            "a Service): the addresses must be in the images or in configuration files; add "
            "what calls what by hand, or every workload stands alone"
        )
    if not entrypoints:
        yield "entrypoints: name the workloads users reach (entrypoints)"
    else:
        placement = {c.name for c in components if c.kind in ("host", "zone")}
        alone = [n for n in unreached(components, entrypoints) if n not in placement]
        if alone:
            yield (
                f"no entrypoint reaches {listed(alone)}, so no finding is about them: add the "
                "dependencies the manifests do not state (addresses compiled into images or "
                "in Secrets), or name what users wait on in entrypoints or journeys"
            )


def _counted(counts: Mapping[str, int]) -> str:
    return ", ".join(f"{n} {kind}" for kind, n in sorted(counts.items()))
