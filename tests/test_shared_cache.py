"""With Redis (REDIS_URL, production's shared cache), every server process counts the same rate
limits: an attempt counted through one cache client is seen through another, as it would be by
a second worker. Without REDIS_URL the cache stays the process's memory (no server needed).

The test uses REDIS_URL when it is set, else a throw-away redis-server on a free port.
"""

import os
import shutil
import socket
import subprocess
import tempfile
import time

import pytest
from django.core.cache import caches
from django.test import RequestFactory, override_settings

from core import limits
from core.conf import DEFAULTS
from echowall.settings.base import cache_settings

pytestmark = pytest.mark.redis

INSTALL = "install it with: apt-get install -y redis-server"


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _answers(port):
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.2) as connection:
            connection.sendall(b"PING\r\n")
            return connection.recv(16).startswith(b"+PONG")
    except OSError:
        return False


@pytest.fixture(scope="module")
def redis_url():
    if os.environ.get("REDIS_URL"):
        yield os.environ["REDIS_URL"]
        return
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.skip(f"REDIS_URL is not set and redis-server was not found; {INSTALL}")
    port = _free_port()
    with tempfile.TemporaryDirectory() as directory:
        server = subprocess.Popen(
            [
                binary,
                "--port",
                str(port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                directory,
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            deadline = time.monotonic() + 10
            while not _answers(port):
                if server.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"redis-server did not start on port {port}")
                time.sleep(0.05)
            yield f"redis://127.0.0.1:{port}/0"
        finally:
            server.terminate()
            server.wait(timeout=10)


@pytest.fixture
def two_workers(redis_url, settings):
    """Two cache aliases on the same Redis: two clients, as two server processes have."""
    prefix = f"test-{os.getpid()}-{time.monotonic_ns()}"
    redis = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": redis_url,
        "KEY_PREFIX": prefix,
    }
    settings.ECHOWALL = {
        **settings.ECHOWALL,
        "RATE_LIMITS": {**DEFAULTS["RATE_LIMITS"], "submit": "3/h"},
    }
    with override_settings(CACHES={"default": redis, "worker_b": dict(redis)}):
        # No clear(): on Redis it empties the whole database; the keys carry this test's prefix
        # and expire with the limit's window.
        yield caches["default"], caches["worker_b"]


def post_from(address):
    return RequestFactory().post("/wall/new/", REMOTE_ADDR=address)


def test_the_two_workers_are_separate_redis_clients(two_workers):
    worker_a, worker_b = two_workers
    assert worker_a is not worker_b
    assert type(worker_a).__name__ == "RedisCache"
    worker_a.set("seen", "by both", 60)
    assert worker_b.get("seen") == "by both"


def test_a_rate_limit_counts_the_attempts_of_every_worker(two_workers, settings):
    for _attempt in range(3):  # the limit, all through the first worker
        assert limits.new_post(post_from("203.0.113.7")) is None
    settings.RATELIMIT_USE_CACHE = "worker_b"
    wait = limits.new_post(post_from("203.0.113.7"))
    assert wait is not None and wait > 0
    # Another network still may post: the count is per client address.
    assert limits.new_post(post_from("198.51.100.9")) is None


def test_without_redis_url_the_production_cache_is_the_process_memory(monkeypatch):
    monkeypatch.delenv("REDIS_URL", raising=False)
    assert cache_settings()["default"]["BACKEND"].endswith("LocMemCache")
    monkeypatch.setenv("REDIS_URL", "redis://cache.internal:6379/1")
    assert cache_settings()["default"] == {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://cache.internal:6379/1",
        "KEY_PREFIX": "echowall",
    }
