"""Draft the results bulletins of the periods that have ended (idempotent: run it every hour).

cron: ``7 * * * * manage.py draft_bulletins``. Kinds and the cut-off delay come from the
"Results bulletins" settings in the admin; ``--period 2026-11`` drafts one period by hand.
"""

from django.core.management.base import BaseCommand, CommandError

from home.drafting import draft_bulletins
from reporting.bulletins import KINDS
from reporting.periods import Period


class Command(BaseCommand):
    help = "Draft the results bulletins of periods that have ended (each once)."

    def add_arguments(self, parser):
        parser.add_argument("--kind", action="append", choices=KINDS, help="only this kind")
        parser.add_argument("--period", help="draft this period (2026-W48, 2026-11, 2026-Q4)")

    def handle(self, *args, kind=None, period=None, **options):
        if period is not None:
            period = Period.from_key(period)
            if period is None or period.kind not in KINDS or period.is_in_progress():
                raise CommandError("--period must name a week, month or quarter that has ended.")
        results = draft_bulletins(kinds=kind, period=period)
        for page, created in results:
            state = "drafted" if created else "exists"
            self.stdout.write(f"{page.slug}: {state}")
        self.stdout.write(f"Drafted {sum(created for _page, created in results)} bulletin(s).")
