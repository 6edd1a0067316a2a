"""``spofscan import``: what it writes, what it refuses to overwrite, and bad input
reported with its location and exit 2, never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest
from cli_runner import in_process, spofscan
from compose_helpers import write

COMPOSE = """\
services:
  web: {image: nginx, ports: ['80:80'], depends_on: [api]}
  api: {image: api}
"""


def test_import_then_check_with_no_hand_edits(tmp_path: Path) -> None:
    (compose,) = write(tmp_path, {"compose.yml": COMPOSE})
    out = tmp_path / "arch.yaml"
    assert spofscan("import", "compose", compose, "-o", str(out)).code == 0
    checked = spofscan("check", str(out), "--format", "json")
    assert checked.code == 1 and '"component": "docker-host"' in checked.stdout


def test_without_output_the_import_goes_to_stdout(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    write(tmp_path, {"compose.yml": COMPOSE})
    run = in_process(monkeypatch, capsys, "import", "compose", "compose.yml", cwd=tmp_path)
    assert run.code == 0 and run.stdout.startswith("# Imported by `spofscan import compose`")


def test_an_existing_file_is_kept_unless_forced(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    write(tmp_path, {"compose.yml": COMPOSE, "arch.yaml": "my model\n"})
    args = ("import", "compose", "compose.yml", "-o", "arch.yaml")
    run = in_process(monkeypatch, capsys, *args, cwd=tmp_path)
    assert run.code == 2 and "arch.yaml exists; --force replaces it" in run.stderr
    assert (tmp_path / "arch.yaml").read_text() == "my model\n"
    assert in_process(monkeypatch, capsys, *args, "--force", cwd=tmp_path).code == 0
    assert (tmp_path / "arch.yaml").read_text().startswith("# Imported")


BAD_INPUT = {
    "not-compose.yml": (
        "spofscan: 1\nname: x\ncomponents: {}\n",
        "not-compose.yml:1:1: error: not a docker-compose file: no 'services' mapping",
    ),
    "syntax.yml": (
        "services:\n  web: [\n",
        "syntax.yml:3:1: error: invalid YAML",
    ),
    "bomb.yml": (
        "a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
        "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c]\n"
        "e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\nservices: {web: {image: x}}\n",
        "refusing to expand them (is this a YAML alias bomb?)",
    ),
    "required.yml": (
        "services:\n  web:\n    image: ${IMAGE:?set IMAGE to the web image}\n",
        "required.yml:3:12: error: required variable IMAGE is not set: set IMAGE to the web image",
    ),
    "service.yml": (
        "services:\n  web: nginx\n",
        "service.yml:2:8: error: service web must be a mapping of keys",
    ),
    "circle.yml": (
        "services:\n  a: {extends: b}\n  b: {extends: a}\n",
        "circle.yml:3:16: error: 'extends' of service b goes round in a circle",
    ),
    "duplicate.yml": (
        "services:\n  web: {image: a}\n  web: {image: b}\n",
        "duplicate.yml:3:3: error: duplicate key 'web': line 2 already defines it",
    ),
}


@pytest.mark.parametrize("name", sorted(BAD_INPUT))
def test_bad_compose_input_is_located(
    name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    text, expected = BAD_INPUT[name]
    write(tmp_path, {name: text})
    run = in_process(monkeypatch, capsys, "import", "compose", name, cwd=tmp_path)
    assert run.code == 2 and expected in run.stderr and run.stdout == ""


def test_a_10_mb_compose_file_is_refused(tmp_path: Path) -> None:
    big = tmp_path / "big.yml"
    big.write_text("services:\n" + "  # padding\n" * (10 * 1024 * 1024 // 12))
    run = spofscan("import", "compose", str(big))
    assert run.code == 2
    assert run.stderr.startswith(f"{big}:1:1: error: the file is too large (10 MB; the limit is 4")


@pytest.mark.parametrize(
    ("name", "text", "command"),
    [
        ("docker-compose.yml", COMPOSE, "spofscan import compose docker-compose.yml"),
        ("deploy.yaml", "apiVersion: v1\nkind: Service\n---\nkind: Pod\n", "spofscan import k8s"),
    ],
)
@pytest.mark.parametrize("verb", ["check", "validate", "what-if"])
def test_check_and_validate_recognise_a_deployment(
    name: str, text: str, command: str, verb: str, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    write(tmp_path, {name: text})
    args = [verb, name] + (["web"] if verb == "what-if" else [])
    run = in_process(monkeypatch, capsys, *args, cwd=tmp_path)
    assert run.code == 2
    (line,) = run.stderr.splitlines()
    assert line.startswith(f"{name}:1:1: error: this looks like a ") and f"`{command}" in line


POD = """\
apiVersion: v1
kind: Pod
metadata: {name: web}
spec:
  containers: [{name: a, image: nginx}]
"""


def test_k8s_reads_standard_input(tmp_path: Path) -> None:
    out = tmp_path / "arch.yaml"
    run = spofscan("import", "k8s", "-", "-o", str(out), "--nodes", "2", input=POD)
    assert run.code == 0, run.stderr
    assert "  web:\n" in out.read_text() and "node-2" in out.read_text()
    assert spofscan("check", str(out)).code == 1  # web, its node and the zone: SPOFs


@pytest.mark.parametrize("option", [("--nodes", "0"), ("--zones", ","), ("--nodes", "many")])
def test_k8s_cluster_options_are_checked(
    option: tuple[str, str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
) -> None:  # fmt: skip
    write(tmp_path, {"pod.yaml": POD})
    run = in_process(monkeypatch, capsys, "import", "k8s", "pod.yaml", *option, cwd=tmp_path)
    assert run.code == 2 and run.stderr.startswith("spofscan: error: --")


def test_a_10_mb_manifest_of_garbage_is_a_located_error(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    big.write_text("apiVersion: v1\nkind: Pod\n" + "- garbage\n" * (10 * 1024 * 1024 // 10))
    run = spofscan("import", "k8s", str(big))
    assert run.code == 2 and run.stderr.startswith(f"{big}:3:1: error: invalid YAML")


@pytest.mark.parametrize(
    ("service", "message"),
    [
        (
            "{depends_on: db}",
            "'depends_on' of service web must be a list of names or a mapping, not a string ('db')",
        ),
        (
            "{environment: 5}",
            "'environment' of service web must be a list of KEY=value or a mapping, not an "
            "integer (5)",
        ),
        (
            "{deploy: {replicas: [2]}}",
            "'deploy.replicas' of service web must be a whole number, not a list",
        ),
        (
            "{restart: sometimes}",
            "'restart' of service web must be no, always, on-failure[:N] or unless-stopped",
        ),
        ("{links: [{a: 1}]}", "each of 'links' of service web must be a name, not a mapping"),
    ],
)
def test_a_compose_key_of_the_wrong_shape_is_located(
    service: str, message: str, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    write(tmp_path, {"compose.yml": f"services:\n  web: {service}\n"})
    run = in_process(monkeypatch, capsys, "import", "compose", "compose.yml", cwd=tmp_path)
    assert run.code == 2 and run.stderr.startswith("compose.yml:2:") and message in run.stderr
