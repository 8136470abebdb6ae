"""Background work: the outbox of index updates, written in the changing transaction and applied
by a task enqueued after each commit. `index` holds the engine work; nothing there imports this
module (no cycle)."""

import logging
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from . import index
from .models import PendingIndexUpdate

logger = logging.getLogger(__name__)


@task()
def process_pending_index_updates():
    """Apply every pending index update in bulk; on engine errors retry later with a delay."""
    if not index.engine_configured():
        return {"done": 0, "failed": 0}
    done, failed = index.process_pending()
    if failed:
        attempts = max(PendingIndexUpdate.objects.values_list("attempts", flat=True), default=1)
        enqueue_processing(delay=index.retry_delay(attempts))
    return {"done": done, "failed": failed}


def queue_update(model, object_id):
    """Record in the current transaction that this object must be re-indexed, and enqueue the
    processing task once the transaction commits (never while the request waits)."""
    if not index.engine_configured():
        return
    PendingIndexUpdate.objects.update_or_create(
        model=model,
        object_id=object_id,
        defaults={"queued_at": timezone.now(), "attempts": 0, "last_error": ""},
    )
    transaction.on_commit(enqueue_processing, robust=True)


def enqueue_processing(delay=None):
    task = process_pending_index_updates
    if delay:
        if not task.get_backend().supports_defer:
            return None  # e.g. the immediate backend in tests: repair or the next change retries
        task = task.using(run_after=timezone.now() + timedelta(seconds=delay))
    return task.enqueue()
