"""A component's kind, guessed from the name of the image it runs.

The last part of the image's repository (``confluentinc/cp-kafka:7.6`` gives
``cp-kafka``) is split into words; the first word that names a well-known product
decides. Nothing known: a service.

>>> kind_of_image("postgres:14-alpine"), kind_of_image("confluentinc/cp-kafka:7.6.13")
(('database', 'postgres'), ('queue', 'kafka'))
>>> kind_of_image("ghcr.io/mastodon/mastodon:v4.3"), kind_of_image("registry:5000/nginx")
(None, ('load_balancer', 'nginx'))
"""

from __future__ import annotations

import re

PRODUCTS: dict[str, str] = {
    **dict.fromkeys(
        ["postgres", "postgresql", "postgis", "mysql", "mariadb", "mongo", "mongodb",
         "clickhouse", "cassandra", "scylla", "cockroach", "cockroachdb", "couchdb",
         "timescaledb", "percona", "mssql", "oracle", "neo4j", "influxdb", "etcd"],
        "database",
    ),
    **dict.fromkeys(["redis", "valkey", "memcached", "keydb", "dragonfly"], "cache"),
    **dict.fromkeys(
        ["kafka", "rabbitmq", "nats", "activemq", "pulsar", "redpanda", "zookeeper"], "queue"
    ),
    **dict.fromkeys(
        ["nginx", "haproxy", "traefik", "envoy", "openresty", "caddy", "ingress"],
        "load_balancer",
    ),
    **dict.fromkeys(["minio", "seaweedfs"], "storage"),
}  # fmt: skip
OBSERVABILITY = frozenset(
    {"jaeger", "zipkin", "otel", "opentelemetry", "prometheus", "grafana", "statsd",
     "fluentd", "fluent", "logstash", "loki", "tempo", "datadog", "telegraf"}
)  # fmt: skip
"""Words of images that watch a system rather than serve it: tracing, metrics, logs."""

_WORDS = re.compile(r"[^a-z0-9]+")


def kind_of_image(image: str) -> tuple[str, str] | None:
    """The kind an image's name says, and the word that says it; None when none does."""
    return kind_of_words(repository(image))


def kind_of_words(name: str) -> tuple[str, str] | None:
    """The kind the words of ``name`` say; a last word ``db`` says database (``user-db``).

    >>> kind_of_words("user-db"), kind_of_words("db-migrate")
    (('database', 'db'), None)
    """
    words = _WORDS.split(name.lower())
    for word in words:
        if word in PRODUCTS:
            return PRODUCTS[word], word
    return ("database", "db") if words[-1] == "db" else None


def is_observability(image: str) -> bool:
    """Whether the image watches the system (tracing, metrics, logs): a service that needs
    it keeps serving when it is down, and only loses what it would have reported.

    >>> is_observability("jaegertracing/all-in-one:latest"), is_observability("redis")
    (True, False)
    """
    words = _WORDS.split(image.split("@", 1)[0].rsplit(":", 1)[0].lower())
    return any(word.startswith(tuple(OBSERVABILITY)) for word in words)


def repository(image: str) -> str:
    """The last part of an image's repository, without registry, tag or digest."""
    path = image.split("@", 1)[0]
    last = path.rsplit("/", 1)[-1]
    return last.split(":", 1)[0]
