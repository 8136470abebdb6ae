"""Close the satisfaction polls whose time is up, and close their issues.

Run it from the scheduler (e.g. every hour); polls past their closing time already refuse votes
before it runs, so a late run changes no result.
"""

from django.core.management.base import BaseCommand

from polls.tasks import close_due_polls


class Command(BaseCommand):
    help = "Close satisfaction polls past their closing time and close their resolved issues."

    def handle(self, *args, **options):
        closed = close_due_polls()
        self.stdout.write(f"Closed {closed} poll(s).")
