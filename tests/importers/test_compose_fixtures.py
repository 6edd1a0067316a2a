"""Golden imports of real projects' compose files (tests/fixtures, unchanged copies),
and the single points of failure their own documentation names.

Each import must load as it is, and ``check`` must find the SPOFs an engineer reading the
project's files and docs would name: the one host above all, since each project runs on
one machine, then what its entrypoints need.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import ROOT, TODAY
from golden_files import assert_matches_golden

from spofscan import pipeline
from spofscan.importers.run import compose_architecture

FIXTURES = ROOT / "tests" / "fixtures"
GOLDEN = ROOT / "tests" / "golden" / "imports"

PROJECTS = {
    # a single-server install (docs: "Installing from source" / docker): Postgres and
    # Redis behind the web and streaming processes, all on one machine
    "mastodon": (
        "mastodon/docker-compose.yml",
        {"docker-host", "web", "streaming", "db", "redis"},
    ),
    # self-hosted Sentry is one machine; nginx in front of web and relay, which need
    # Postgres (through pgbouncer), Redis, Kafka, memcached and Snuba on ClickHouse
    "sentry": (
        "sentry-self-hosted/docker-compose.yml",
        {
            "docker-host", "nginx", "web", "relay", "pgbouncer", "postgres", "redis", "kafka",
            "memcached", "snuba-api", "clickhouse", "seaweedfs", "smtp", "symbolicator",
            "vroom",
        },
    ),
    # the frontend finds every other service through Consul
    "hotel-reservation": (
        "deathstarbench-hotelreservation/hotelReservation/docker-compose.yml",
        {"docker-host", "frontend", "consul"},
    ),
    # nginx-thrift is the front door; media-frontend and post-storage-service publish
    # ports of their own; tracing (jaeger) is no SPOF: the services run without it
    "social-network": (
        "deathstarbench-socialnetwork/socialNetwork/docker-compose.yml",
        {"docker-host", "nginx-thrift", "media-frontend", "post-storage-service",
         "post-storage-mongodb"},
    ),
    # only edge-router publishes a port, and the files state one dependency
    # (user -> user-db): the rest is left for the user, and the header says so
    "sock-shop": (
        "sock-shop/deploy/docker-compose/docker-compose.yml",
        {"docker-host", "edge-router"},
    ),
}  # fmt: skip


def _import(project: str, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.chdir(FIXTURES)
    return compose_architecture([PROJECTS[project][0]], environ={})


@pytest.mark.parametrize("project", sorted(PROJECTS))
def test_golden_import(project: str, monkeypatch: pytest.MonkeyPatch) -> None:
    assert_matches_golden(_import(project, monkeypatch), GOLDEN / f"{project}.yaml")


@pytest.mark.parametrize("project", sorted(PROJECTS))
def test_the_import_finds_the_spofs_the_project_has(
    project: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = _import(project, monkeypatch)
    report = pipeline.check_text(text, f"{project}.yaml", today=TODAY, max_pairs=0)
    assert {spof.component for spof in report.analysis.spofs} == PROJECTS[project][1]


def test_sentry_reads_its_dotenv_and_its_profile(monkeypatch: pytest.MonkeyPatch) -> None:
    text = _import("sentry", monkeypatch)
    assert "profiles: feature-complete (from COMPOSE_PROFILES)" in text
    assert "  snuba-transactions-consumer:\n" in text  # a feature-complete service
    assert 'description: "image ghcr.io/getsentry/relay:nightly"' in text  # $RELAY_IMAGE


def test_mastodon_says_its_env_file_is_missing(monkeypatch: pytest.MonkeyPatch) -> None:
    text = _import("mastodon", monkeypatch)
    assert "env files not found, so the dependencies they may name are not seen:" in text
    assert ".env.production" in text


def test_fixtures_are_where_the_tests_look() -> None:
    for path, _ in PROJECTS.values():
        assert os.path.isfile(FIXTURES / path), path
    assert Path(FIXTURES / "sentry-self-hosted" / ".env").is_file()
