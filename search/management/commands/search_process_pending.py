"""Apply the outbox of index updates now (the background task does the same)."""

from django.core.management.base import BaseCommand

from search.index import get_client, process_pending
from search.models import PendingIndexUpdate


class Command(BaseCommand):
    help = "Apply every pending index update in bulk; failures stay queued with their error."

    def handle(self, *args, **options):
        if get_client() is None:
            self.stdout.write("ELASTICSEARCH_URL is not set: nothing to do.")
            return
        done, failed = process_pending()
        left = PendingIndexUpdate.objects.count()
        self.stdout.write(f"Applied {done} update(s); {failed} failed; {left} pending.")
