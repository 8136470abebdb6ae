"""Search test set-up: a per-session index prefix, both backends, and the engine marker.

Tests marked ``@pytest.mark.elasticsearch`` need a real node at ``ELASTICSEARCH_URL``. Locally
without one they skip with a message; in CI (``CI=true``) a missing node fails them instead.
"""

import os
import socket

import pytest
from django.core.cache import cache
from elasticsearch import Elasticsearch

from search import index as search_index
from search.analysis import alias_name
from search.backends import issue_search, page_search
from search.documents import DOCUMENTS
from search.engine import node as local_node
from search.models import SynonymGroup

ENGINE_URL = os.environ.get("ELASTICSEARCH_URL", "")
# Set by bin/test when `search/engine/node.py start` failed: its error message.
NODE_PROBLEM = os.environ.get("ECHOWALL_SEARCH_NODE_PROBLEM", "")
JAVA_MAVEN_INSTALL = "apt-get install -y default-jdk-headless maven"
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
SESSION_PREFIX = f"echowall-test-{os.getpid()}"


def _engine_answers():
    if not ENGINE_URL:
        return False

    try:
        Elasticsearch(ENGINE_URL, request_timeout=5).cluster.health()
    except search_index.ENGINE_ERRORS:
        return False
    return True


_ANSWERS = {}


def why_no_engine():
    """The skip reason, with its remedy (tests/missing_groups.py merges the install commands)."""
    if ENGINE_URL:
        return (
            f"Elasticsearch at {ENGINE_URL} does not answer "
            "(python3 search/engine/node.py start, or unset ELASTICSEARCH_URL)"
        )
    if NODE_PROBLEM:  # bin/test did not start the local node
        return f"no Elasticsearch node: {NODE_PROBLEM}"
    missing = []
    # What `node.py start` requires before anything else.
    for requirement, check in (("Java 17+", local_node.find_java), ("Maven", local_node.find_mvn)):
        try:
            check()
        except local_node.Fail:
            missing.append(requirement)
    if missing:
        return (
            f"Elasticsearch needs {' and '.join(missing)}; install them with: "
            f"{JAVA_MAVEN_INSTALL} (bin/test then starts the local node)"
        )
    return (
        "needs a running Elasticsearch node: run bin/test, which starts the local one, or "
        "set ELASTICSEARCH_URL (python3 search/engine/node.py start)"
    )


def pytest_runtest_setup(item):
    if item.get_closest_marker("elasticsearch") is None:
        return
    if "ok" not in _ANSWERS:
        _ANSWERS["ok"] = _engine_answers()
    if _ANSWERS["ok"]:
        return
    if "why" not in _ANSWERS:
        _ANSWERS["why"] = why_no_engine()
    reason = _ANSWERS["why"]
    if IN_CI:
        pytest.fail(f"CI requires Elasticsearch: {reason}", pytrace=False)
    pytest.skip(reason)


def closed_port_url():
    """A URL where nothing listens: the engine is really unreachable there."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"http://127.0.0.1:{port}"


@pytest.fixture(autouse=True)
def _fresh_synonym_cache():
    cache.delete("search:synonym-groups:v1")
    yield
    cache.delete("search:synonym-groups:v1")


@pytest.fixture
def engine(settings, request, db):
    """The real node, with indices under a prefix of this session and test, dropped afterwards."""
    settings.ELASTICSEARCH_URL = ENGINE_URL
    settings.ELASTICSEARCH_TIMEOUT = 30
    settings.ELASTICSEARCH_INDEX_PREFIX = (
        f"{SESSION_PREFIX}-{abs(hash(request.node.nodeid)) % 10**8}"
    )
    client = search_index.get_client()
    search_index.drop_indices(settings.ELASTICSEARCH_INDEX_PREFIX, client)
    for document in search_index.DOCUMENTS.values():
        search_index.ensure_index(document, client=client)
    yield client
    search_index.drop_indices(settings.ELASTICSEARCH_INDEX_PREFIX, client)


@pytest.fixture
def no_engine(settings):
    settings.ELASTICSEARCH_URL = ""


@pytest.fixture(params=["database", pytest.param("elasticsearch", marks=pytest.mark.elasticsearch)])
def backend(request, settings):
    """Run a behaviour test on both backends: returns an object with `search()` and `sync()`."""
    if request.param == "elasticsearch":
        client = request.getfixturevalue("engine")
    else:
        settings.ELASTICSEARCH_URL = ""
        client = None
    return Backend(request.param, client)


class Backend:
    def __init__(self, name, client):
        self.name, self.client = name, client

    def search(self):
        return issue_search(self.name)

    def pages(self):
        return page_search(self.name)

    def sync(self):
        """Bring the index up to date with the database (nothing to do for the database)."""
        if self.client is None:
            return

        for document in DOCUMENTS.values():
            search_index.repair(document, client=self.client)
        search_index.process_pending(client=self.client, refresh=True)

        self.client.indices.refresh(index=[alias_name(d.kind) for d in DOCUMENTS.values()])


@pytest.fixture
def synonyms(db):
    def add(*terms):
        return SynonymGroup.objects.create(terms=", ".join(terms))

    return add
