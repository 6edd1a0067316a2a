"""Each compose feature the importer reads, on a small project written for the test."""

from __future__ import annotations

from pathlib import Path

import pytest
from compose_helpers import block, dependencies, imported, line_of

from spofscan.analysis.analyse import analyse
from spofscan.errors import InputError

SHOP = """\
services:
  proxy:
    image: nginx:1.27
    ports: ["80:80"]
    depends_on: [web]
  web:
    image: example/web:1
    environment:
      DATABASE_URL: postgres://shop:secret@db:5432/shop
      CACHE: redis:6379
      MODE: web
    command: ["serve", "--queue-host", "queue"]
    deploy: {replicas: 3}
    restart: unless-stopped
    healthcheck: {test: ["CMD", "true"]}
  db:
    image: postgres:16
    volumes: ["pgdata:/var/lib/postgresql/data"]
  redis:
    image: redis:7
  queue:
    image: rabbitmq:3
  worker:
    image: example/worker:1
    command: run web
    links: ["db:database"]
volumes:
  pgdata: {}
"""


def test_services_become_components_with_their_kinds(tmp_path: Path) -> None:
    _, arch, doc = imported(tmp_path, {"compose.yml": SHOP})
    kinds = {name: c["kind"] for name, c in doc["components"].items()}
    assert kinds == {
        "proxy": "load_balancer", "web": "service", "db": "database", "redis": "cache",
        "queue": "queue", "worker": "service", "docker-host": "host",
    }  # fmt: skip
    assert arch.components["web"].replicas == 3
    assert doc["components"]["web"]["restart"] == "unless-stopped"
    assert doc["components"]["web"]["health_check"] is True
    assert "health_check" not in doc["components"]["db"]


def test_every_service_runs_on_the_one_host_which_is_a_spof(tmp_path: Path) -> None:
    _, arch, doc = imported(tmp_path, {"compose.yml": SHOP})
    hosted = {name for name, c in doc["components"].items() if c.get("runs_on") == "docker-host"}
    assert hosted == set(doc["components"]) - {"docker-host"}
    assert "docker-host" in {spof.component for spof in analyse(arch).spofs}


def test_dependencies_say_where_they_came_from(tmp_path: Path) -> None:
    text, _, doc = imported(tmp_path, {"compose.yml": SHOP})
    assert dependencies(doc, "web") == ["db", "queue", "redis"]
    web = block(text, "web")
    assert line_of(web, "- db  #").strip() == "- db  # env DATABASE_URL"
    assert line_of(web, "- redis  #").strip() == "- redis  # env CACHE"
    assert line_of(web, "- queue  #").strip() == "- queue  # command --queue-host"
    assert dependencies(doc, "proxy") == ["web"]
    # "run web" names no host: web is a subcommand there; a link is a dependency
    assert dependencies(doc, "worker") == ["db"]


def test_entrypoints_are_the_services_that_publish_ports(tmp_path: Path) -> None:
    _, arch, _ = imported(tmp_path, {"compose.yml": SHOP})
    assert arch.entrypoints == ("proxy",)


def test_a_database_volume_is_noted_for_its_data(tmp_path: Path) -> None:
    text, arch, _ = imported(tmp_path, {"compose.yml": SHOP})
    assert "volume pgdata on the host; no backup stated" in line_of(block(text, "db"), "data:")
    assert arch.components["db"].data is not None


def test_depends_on_in_map_form_and_optional_dependencies(tmp_path: Path) -> None:
    compose = """\
services:
  api:
    image: api
    depends_on:
      db: {condition: service_healthy}
      search: {condition: service_started, required: false}
  db: {image: mysql:8}
  search: {image: elasticsearch:8}
"""
    _, _arch, doc = imported(tmp_path, {"compose.yml": compose})
    assert dependencies(doc, "api") == ["db"]
    assert doc["components"]["api"]["soft_depends_on"] == ["search"]


def test_tracing_is_a_soft_dependency_and_no_entrypoint(tmp_path: Path) -> None:
    compose = """\
services:
  api: {image: api, ports: ["8080:8080"], depends_on: [jaeger]}
  jaeger: {image: "jaegertracing/all-in-one:1.60", ports: ["16686:16686"]}
"""
    _, arch, doc = imported(tmp_path, {"compose.yml": compose})
    assert doc["components"]["api"]["soft_depends_on"] == ["jaeger"]
    assert arch.entrypoints == ("api",)


def test_override_files_merge_in_order(tmp_path: Path) -> None:
    files = {
        "compose.yml": "services:\n  api:\n    image: api:1\n    environment: [A=1]\n",
        "compose.override.yml": (
            "services:\n  api:\n    image: api:2\n    ports: ['80:80']\n"
            "    environment: {DB_HOST: db}\n  db: {image: postgres}\n"
        ),
    }
    read = ["compose.yml", "compose.override.yml"]
    _, arch, doc = imported(tmp_path, files, read=read)
    assert doc["components"]["api"]["description"] == "image api:2"
    assert dependencies(doc, "api") == ["db"]
    assert arch.entrypoints == ("api",)


def test_anchors_aliases_and_merge_keys(tmp_path: Path) -> None:
    compose = """\
x-common: &common
  restart: always
  depends_on: [db]
services:
  api:
    <<: *common
    image: api
  jobs:
    <<: *common
    image: jobs
    restart: on-failure:3
  db: {image: postgres}
"""
    _, _, doc = imported(tmp_path, {"compose.yml": compose})
    assert doc["components"]["api"]["restart"] == "always"
    assert doc["components"]["jobs"]["restart"] == "on-failure"
    assert dependencies(doc, "jobs") == ["db"]


def test_extends_in_the_file_and_from_another(tmp_path: Path) -> None:
    files = {
        "compose.yml": """\
services:
  base: {image: api, environment: {REDIS_HOST: cache}}
  api:
    extends: base
    deploy: {replicas: 2}
  admin:
    extends: {file: common.yml, service: tool}
  cache: {image: redis}
""",
        "common.yml": "services:\n  tool:\n    image: admin\n    restart: always\n",
    }
    _, _, doc = imported(tmp_path, files)
    assert doc["components"]["api"]["replicas"] == 2
    assert dependencies(doc, "api") == ["cache"]
    assert doc["components"]["admin"]["restart"] == "always"


def test_profiles_leave_services_out_unless_enabled(tmp_path: Path) -> None:
    compose = """\
services:
  api: {image: api}
  debug: {image: tool, profiles: [debug]}
"""
    _, _, doc = imported(tmp_path, {"compose.yml": compose})
    assert "debug" not in doc["components"]
    _, _, doc = imported(tmp_path, {"compose.yml": compose}, profiles=["debug"])
    assert "debug" in doc["components"]
    _, _, doc = imported(tmp_path, {"compose.yml": compose}, environ={"COMPOSE_PROFILES": "debug"})
    assert "debug" in doc["components"]


def test_variables_from_dotenv_and_the_environment(tmp_path: Path) -> None:
    files = {
        "compose.yml": """\
services:
  api:
    image: ${IMAGE:-api}
    environment: {DB_HOST: "${DB}", CACHE_HOST: "${CACHE-cache}"}
    deploy: {replicas: "${REPLICAS:?set REPLICAS}"}
  database: {image: postgres}
  other-db: {image: postgres}
  cache: {image: redis}
""",
        ".env": "DB=database\nREPLICAS=2\n",
    }
    text, _, doc = imported(tmp_path, files, environ={"DB": "other-db"})
    assert dependencies(doc, "api") == ["cache", "other-db"]  # the environment wins
    assert doc["components"]["api"]["replicas"] == 2
    assert "from" in line_of(text, "variables:") and ".env" in line_of(text, "variables:")


def test_an_unset_required_variable_is_a_located_error(tmp_path: Path) -> None:
    compose = "services:\n  api:\n    image: api\n    environment:\n      KEY: ${KEY?give KEY}\n"
    with pytest.raises(InputError) as raised:
        imported(tmp_path, {"compose.yml": compose})
    (problem,) = raised.value.problems
    assert (problem.location.line, problem.location.column) == (5, 12)
    assert problem.message == "required variable KEY is not set: give KEY"


def test_x_fields_are_ignored(tmp_path: Path) -> None:
    compose = "x-notes: ${NOT_SET?never read}\nservices:\n  api: {image: api}\n"
    _, _, doc = imported(tmp_path, {"compose.yml": compose})
    assert set(doc["components"]) == {"api", "docker-host"}


def test_names_in_mounted_config_files_are_listed_never_edges(tmp_path: Path) -> None:
    files = {
        "compose.yml": """\
services:
  api: {image: api, volumes: ["./config:/etc/api:ro"]}
  users: {image: users}
""",
        "config/api.json": '{"users": {"addr": "users", "port": 9090}}',
    }
    text, _, doc = imported(tmp_path, files)
    assert "depends_on" not in doc["components"]["api"]
    assert "config/api.json (mounted by api) names users" in " ".join(text.split())


def test_a_host_name_that_clashes_with_a_service_is_renamed(tmp_path: Path) -> None:
    compose = "services:\n  docker-host: {image: api}\n"
    _, _, doc = imported(tmp_path, {"compose.yml": compose})
    assert doc["components"]["docker-host"]["runs_on"] == "docker-host-2"


def test_replicas_zero_leaves_the_service_out(tmp_path: Path) -> None:
    compose = "services:\n  api: {image: api, depends_on: [old]}\n  old: {image: x, scale: 0}\n"
    text, _, doc = imported(tmp_path, {"compose.yml": compose})
    assert "old" not in doc["components"]
    assert "left out with replicas 0: old" in text
    assert "# depends_on names old, which is not imported" in text


def test_the_output_is_the_same_every_time(tmp_path: Path) -> None:
    first, _, _ = imported(tmp_path, {"compose.yml": SHOP})
    again, _, _ = imported(tmp_path, {"compose.yml": SHOP})
    assert first == again


def test_a_shared_network_or_volumes_is_a_dependency(tmp_path: Path) -> None:
    compose = """\
services:
  app: {image: app, network_mode: "service:vpn", volumes_from: ["data:ro"]}
  vpn: {image: vpn}
  data: {image: busybox}
"""
    text, _, doc = imported(tmp_path, {"compose.yml": compose})
    assert dependencies(doc, "app") == ["data", "vpn"]
    assert "- vpn  # network_mode" in block(text, "app")


def test_a_job_that_must_complete_first_is_no_runtime_dependency(tmp_path: Path) -> None:
    compose = """\
services:
  api:
    image: api
    depends_on:
      migrate: {condition: service_completed_successfully}
      db: {condition: service_healthy}
  migrate: {image: api, command: migrate, restart: "no"}
  db: {image: postgres}
"""
    text, _, doc = imported(tmp_path, {"compose.yml": compose})
    assert dependencies(doc, "api") == ["db"]
    assert "# waits for migrate to complete (service_completed_successfully)" in text
    assert doc["components"]["migrate"]["restart"] == "no"
