"""Background work: apply the outbox of index updates (enqueued after each commit)."""

import logging

from django_tasks import task

logger = logging.getLogger(__name__)


@task()
def process_pending_index_updates():
    """Apply every pending index update in bulk; on engine errors retry later with a delay."""
    from . import index
    from .models import PendingIndexUpdate

    if not index.engine_configured():
        return {"done": 0, "failed": 0}
    done, failed = index.process_pending()
    if failed:
        attempts = max(
            PendingIndexUpdate.objects.values_list("attempts", flat=True), default=1
        )
        index.enqueue_processing(delay=index.retry_delay(attempts))
    return {"done": done, "failed": failed}
