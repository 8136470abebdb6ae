"""The index life cycle: the client, versioned indices behind an alias, bulk updates, the outbox.

Index names carry ``settings.ELASTICSEARCH_INDEX_PREFIX``. Searches always go through the alias
``<prefix>-<kind>``; a rebuild fills a new ``<prefix>-<kind>-<timestamp>`` index and swaps the
alias in one atomic request, so readers never see a half-built index.
"""

import logging
from dataclasses import dataclass, field
from functools import lru_cache

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from elasticsearch import ApiError, Elasticsearch, NotFoundError, TransportError
from elasticsearch.helpers import BulkIndexError, scan, streaming_bulk

from .analysis import alias_name, versioned_name, versioned_pattern
from .documents import DOCUMENTS
from .models import PendingIndexUpdate

logger = logging.getLogger(__name__)

# What an engine that is down or refuses a request raises; callers fall back or retry.
ENGINE_ERRORS = (TransportError, ApiError, BulkIndexError)
RETRY_DELAYS = [30, 60, 300, 900, 3600]  # seconds, by attempt


def engine_configured():
    return bool(settings.ELASTICSEARCH_URL)


@lru_cache(maxsize=8)
def _client(url, timeout):
    return Elasticsearch(url, request_timeout=timeout, retry_on_timeout=False, max_retries=0)


def get_client():
    """The client for ``settings.ELASTICSEARCH_URL`` (None when no engine is configured)."""
    if not engine_configured():
        return None
    return _client(settings.ELASTICSEARCH_URL, settings.ELASTICSEARCH_TIMEOUT)


def engine_health(client=None):
    """The cluster's health colour, or None when it does not answer (``GET /`` is not served)."""
    client = client or get_client()
    if client is None:
        return None
    try:
        return client.options(request_timeout=2).cluster.health()["status"]
    except ENGINE_ERRORS:
        return None


# --- indices ----------------------------------------------------------------------------------


def create_index(document, name, analysis=None, client=None):
    client = client or get_client()
    body = document.index_body(analysis)
    client.indices.create(index=name, settings=body["settings"], mappings=body["mappings"])
    return name


def indices_behind(alias, client=None):
    client = client or get_client()
    try:
        return sorted(client.indices.get_alias(name=alias))
    except NotFoundError:
        return []


def write_targets(document, prefix=None, client=None):
    """Every versioned index of this kind: the live one and any that a rebuild is filling."""
    client = client or get_client()
    found = client.indices.get(
        index=versioned_pattern(document.kind, prefix),
        allow_no_indices=True,
        expand_wildcards="open",
    )
    return sorted(found)


def ensure_index(document, prefix=None, analysis=None, client=None):
    """Make sure the alias exists (an empty versioned index behind it) and return its name."""
    client = client or get_client()
    alias = alias_name(document.kind, prefix)
    if not client.indices.exists_alias(name=alias):
        name = create_index(document, versioned_name(document.kind, prefix), analysis, client)
        client.indices.put_alias(index=name, name=alias)
    return alias


def document_actions(document, objects, index):
    for obj in objects:
        yield {
            "_op_type": "index",
            "_index": index,
            "_id": document.object_id(obj),
            "_source": document.prepare(obj),
        }


def rebuild(
    document, prefix=None, analysis=None, chunk_size=500, client=None, progress=None, queryset=None
):
    """Fill a new versioned index from the database, then swap the alias atomically.

    Returns (new index name, number of documents). `progress(n)` is called after each chunk.
    """
    client = client or get_client()
    alias = alias_name(document.kind, prefix)
    new = create_index(document, versioned_name(document.kind, prefix), analysis, client)
    client.indices.put_settings(index=new, settings={"refresh_interval": "-1"})
    queryset = document.get_queryset() if queryset is None else queryset
    total = 0
    last_pk = 0
    while True:
        chunk = list(queryset.filter(pk__gt=last_pk).order_by("pk")[:chunk_size])
        if not chunk:
            break
        last_pk = chunk[-1].pk
        for ok, _item in streaming_bulk(
            client,
            document_actions(document, chunk, new),
            chunk_size=chunk_size,
            raise_on_error=True,
        ):
            total += ok
        if progress:
            progress(len(chunk))
    client.indices.put_settings(index=new, settings={"refresh_interval": "1s"})
    client.indices.refresh(index=new)
    old = indices_behind(alias, client)
    actions = [{"remove": {"index": name, "alias": alias}} for name in old]
    actions.append({"add": {"index": new, "alias": alias}})
    if client.indices.exists(index=alias) and not old:
        # A concrete index squats the alias's name (never created by this code): replace it.
        client.indices.delete(index=alias)
    client.indices.update_aliases(actions=actions)
    for name in write_targets(document, prefix, client):
        if name != new:
            client.indices.delete(index=name, ignore_unavailable=True)
    return new, total


def drop_indices(prefix, client=None):
    """Delete every index of a prefix (tests and the relevance benchmark clean up with this)."""
    client = client or get_client()
    for document in DOCUMENTS.values():
        for name in write_targets(document, prefix, client):
            client.indices.delete(index=name, ignore_unavailable=True)


# --- updates ----------------------------------------------------------------------------------


@dataclass
class UpdateResult:
    indexed: int = 0
    deleted: int = 0
    failed: int = 0
    errors: list = field(default_factory=list)


def apply_updates(model, ids, prefix=None, client=None, refresh=False):
    """Bring the index in line with the database for these ids: index if public, else delete."""
    client = client or get_client()
    document = DOCUMENTS[model]
    ids = sorted(set(ids))
    public = {document.object_id(obj): obj for obj in document.get_queryset().filter(pk__in=ids)}
    ensure_index(document, prefix, client=client)
    targets = write_targets(document, prefix, client)
    actions = []
    for index in targets:
        for pk in ids:
            if pk in public:
                actions.append(
                    {
                        "_op_type": "index",
                        "_index": index,
                        "_id": pk,
                        "_source": document.prepare(public[pk]),
                    }
                )
            else:
                actions.append({"_op_type": "delete", "_index": index, "_id": pk})
    result = UpdateResult()
    for ok, item in streaming_bulk(
        client,
        actions,
        raise_on_error=False,
        raise_on_exception=True,
        refresh=refresh,
    ):
        op, info = next(iter(item.items()))
        if ok or (op == "delete" and info.get("status") == 404):
            if op == "delete":
                result.deleted += 1
            else:
                result.indexed += 1
        else:
            result.failed += 1
            result.errors.append(f"{op} {info.get('_id')}: {info.get('error')}")
    if result.failed:
        raise BulkIndexError(f"{result.failed} document(s) failed", result.errors)
    return result


def process_pending(batch_size=500, prefix=None, client=None, refresh=False):
    """Apply every pending outbox row in bulk; rows stay (with the error) when the engine fails.

    Returns (done, failed).
    """
    done = failed = 0
    seen = set()
    while True:
        rows = list(PendingIndexUpdate.objects.exclude(pk__in=seen).order_by("pk")[:batch_size])
        if not rows:
            break
        seen.update(row.pk for row in rows)
        by_model = {}
        for row in rows:
            by_model.setdefault(row.model, []).append(row)
        for model, model_rows in by_model.items():
            try:
                apply_updates(model, [r.object_id for r in model_rows], prefix, client, refresh)
            except ENGINE_ERRORS as error:
                failed += len(model_rows)
                message = str(error)[:1000]
                for row in model_rows:
                    PendingIndexUpdate.objects.filter(pk=row.pk).update(
                        attempts=row.attempts + 1, last_error=message
                    )
                logger.warning("Search index update failed, will retry: %s", message)
                continue
            for row in model_rows:
                # A row re-queued while we worked stays for the next run.
                PendingIndexUpdate.objects.filter(pk=row.pk, queued_at=row.queued_at).delete()
            done += len(model_rows)
    return done, failed


def retry_delay(attempts):
    return RETRY_DELAYS[min(max(attempts - 1, 0), len(RETRY_DELAYS) - 1)]


# --- repair -----------------------------------------------------------------------------------


@dataclass
class RepairResult:
    missing: int = 0
    stale: int = 0
    extra: int = 0
    pending: int = 0


def indexed_fingerprints(document, prefix=None, client=None):
    client = client or get_client()
    alias = ensure_index(document, prefix, client=client)
    return {
        int(hit["_id"]): hit["_source"].get("fingerprint")
        for hit in scan(
            client, index=alias, _source=["fingerprint"], query={"query": {"match_all": {}}}
        )
    }


def repair(document, prefix=None, client=None, chunk_size=500):
    """Compare the public objects with the index; queue and apply every difference."""
    client = client or get_client()
    in_index = indexed_fingerprints(document, prefix, client)
    result = RepairResult()
    seen = set()
    queryset = document.get_queryset()
    last_pk = 0
    differing = []
    while True:
        chunk = list(queryset.filter(pk__gt=last_pk).order_by("pk")[:chunk_size])
        if not chunk:
            break
        last_pk = chunk[-1].pk
        for obj in chunk:
            pk = document.object_id(obj)
            seen.add(pk)
            if pk not in in_index:
                result.missing += 1
                differing.append(pk)
            elif in_index[pk] != document.prepare(obj)["fingerprint"]:
                result.stale += 1
                differing.append(pk)
    extra = [pk for pk in in_index if pk not in seen]
    result.extra = len(extra)
    with transaction.atomic():
        for pk in [*differing, *extra]:
            PendingIndexUpdate.objects.update_or_create(
                model=document.model, object_id=pk, defaults={"queued_at": timezone.now()}
            )
    result.pending = PendingIndexUpdate.objects.filter(model=document.model).count()
    return result
