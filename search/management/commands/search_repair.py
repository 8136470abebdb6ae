"""Compare the database with the index and fix every difference."""

from django.core.management.base import BaseCommand, CommandError

from search.documents import DOCUMENTS
from search.index import ENGINE_ERRORS, engine_health, get_client, process_pending, repair


class Command(BaseCommand):
    help = (
        "Compare public objects (ids and content fingerprints) with the index, queue every "
        "missing, stale or extra document and process the pending updates."
    )

    def handle(self, *args, **options):
        client = get_client()
        if client is None:
            self.stdout.write("ELASTICSEARCH_URL is not set: nothing to repair.")
            return
        if engine_health(client) is None:
            raise CommandError(
                "The Elasticsearch node does not answer; pending updates stay queued."
            )
        try:
            for document in DOCUMENTS.values():
                result = repair(document, client=client)
                self.stdout.write(
                    f"{document.kind}: {result.missing} missing, {result.stale} stale, "
                    f"{result.extra} extra in the index"
                )
            done, failed = process_pending(client=client, refresh=True)
        except ENGINE_ERRORS as error:
            raise CommandError(f"Repair failed: {error}") from error
        self.stdout.write(f"Applied {done} update(s); {failed} still pending.")
        if failed:
            raise CommandError(f"{failed} update(s) could not be applied.")
