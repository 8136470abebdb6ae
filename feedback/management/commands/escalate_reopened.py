"""Back-fill 提级督办: escalate the issues that were sent back `ESCALATE_AFTER_REOPENS` times
before escalation existed (or while it was turned off), with the model's own rule and stamp
(`Issue.back_fill_escalation`). Idempotent: an issue is escalated once, a second run finds none.
"""

from django.core.management.base import BaseCommand

from feedback.models import Issue


class Command(BaseCommand):
    help = (
        "Escalate (提级督办) the issues reopened ESCALATE_AFTER_REOPENS times or more that are "
        "not escalated yet. --dry-run only counts them."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Count the issues, change nothing."
        )

    def handle(self, *args, dry_run=False, **options):
        # Only issues reopened at least once can be due; the rule itself is the model's.
        candidates = Issue.objects.filter(escalated_at__isnull=True, reopen_count__gt=0)
        due = [issue for issue in candidates.order_by("pk") if issue.is_due_for_back_fill()]
        if dry_run:
            self.stdout.write(f"{len(due)} issue(s) would be escalated.")
            return
        escalated = sum(1 for issue in due if issue.back_fill_escalation() is not None)
        self.stdout.write(f"Escalated {escalated} issue(s).")
