"""Rebuild the search indices from the database without interrupting searches."""

import time

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from tqdm import tqdm

from search.documents import DOCUMENTS
from search.index import ENGINE_ERRORS, engine_health, get_client, process_pending, rebuild
from search.models import PendingIndexUpdate


class Command(BaseCommand):
    help = (
        "Fill new versioned indices from the database in chunks (streaming bulk), refresh, swap "
        "the aliases atomically and drop the old indices; searches keep working meanwhile."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--only",
            choices=sorted(DOCUMENTS),
            action="append",
            help="rebuild only this document type (repeatable)",
        )
        parser.add_argument("--chunk-size", type=int, default=500)
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, *args, only=None, chunk_size=500, no_progress=False, **options):
        client = get_client()
        if client is None:
            self.stdout.write(
                "ELASTICSEARCH_URL is not set: the site searches the database; nothing to rebuild."
            )
            return
        if engine_health(client) is None:
            raise CommandError("The Elasticsearch node does not answer (cluster health).")
        for model in only or list(DOCUMENTS):
            document = DOCUMENTS[model]
            queryset = document.get_queryset()
            total = queryset.count()
            started = time.monotonic()
            queued_before = timezone.now()
            with tqdm(
                total=total, desc=document.kind, unit="doc", disable=no_progress, file=self.stderr
            ) as bar:
                try:
                    name, count = rebuild(
                        document, chunk_size=chunk_size, client=client, progress=bar.update
                    )
                except ENGINE_ERRORS as error:
                    raise CommandError(f"Rebuild of {document.kind} failed: {error}") from error
            # Updates queued before the rebuild read the database are in the new index already.
            PendingIndexUpdate.objects.filter(model=model, queued_at__lt=queued_before).delete()
            seconds = max(time.monotonic() - started, 1e-6)
            self.stdout.write(
                self.style.SUCCESS(
                    f"{document.kind}: {count} documents into {name} in {seconds:.1f}s "
                    f"({count / seconds:.0f} docs/s); alias swapped."
                )
            )
        done, failed = process_pending(client=client)
        if done or failed:
            self.stdout.write(f"Pending updates applied: {done}, still failing: {failed}")
