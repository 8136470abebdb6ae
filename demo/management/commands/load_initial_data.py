"""Build the demo site: departments, categories, districts, accounts and a year of issues.

    manage.py load_initial_data [--issues 320] [--seed 2026] [--reset]

Issues are walked through the real workflow methods at past dates (see `demo.builder`).
Background tasks (reporter e-mails, search index updates) are sent to django-tasks' dummy backend
while loading, so the demo queues nothing; the search index is rebuilt once at the end when
Elasticsearch is configured.
"""

import os
import time

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command, get_commands
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.test.utils import override_settings
from wagtail.models import ModelLogEntry

from demo.builder import Builder, demo_accounts
from demo.bulletins import reset_bulletins
from demo.cases import remove_media_pages
from demo.hot_topics import reset_hot_topics
from demo.tables import CATEGORIES, DEPARTMENTS, DISTRICTS
from feedback.models import Category, Department, District, Issue
from feedback.workflow import Status

DUMMY_TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


def admin_url():
    """Where the site's admin is reached: `bin/dev` sets it from the port it serves on."""
    return f"{settings.WAGTAILADMIN_BASE_URL.rstrip('/')}/admin/"


class Command(BaseCommand):
    help = "Load the demo: departments, accounts and a year of issues in every state."

    def add_arguments(self, parser):
        parser.add_argument(
            "--issues",
            type=int,
            default=320,
            help="Number of issues to create (at least 40; default 320).",
        )
        parser.add_argument(
            "--seed",
            type=int,
            default=2026,
            help="Random seed: the same seed builds the same demo.",
        )
        parser.add_argument(
            "--reset",
            action="store_true",
            help="First delete the demo's issues, departments, categories, districts and accounts.",
        )

    def handle(self, *args, issues, seed, reset, **options):
        if issues < 40:
            raise CommandError("Use at least 40 issues, so that every state is represented.")
        password = os.environ.get("DEMO_PASSWORD", "echowall-demo")
        started = time.perf_counter()
        if reset:
            self.reset()
        elif Issue.objects.exists():
            self.stdout.write(
                "Issues already exist; nothing loaded. Run with --reset to replace the demo."
            )
            self.stdout.write(f"Log in at {admin_url()} (the demo accounts keep their passwords)")
            return
        # Reporter e-mails and index updates are queued on commit: send them to a backend that
        # keeps nothing, for the whole transaction (its commit runs the on-commit callbacks).
        with override_settings(TASKS=DUMMY_TASKS), transaction.atomic():
            builder = Builder(count=issues, seed=seed, password=password)
            builder.build()
        elapsed = time.perf_counter() - started
        self.report(builder, elapsed)
        if settings.ELASTICSEARCH_URL and "search_rebuild" in get_commands():
            self.stdout.write("Rebuilding the search index…")
            try:
                call_command("search_rebuild", stdout=self.stdout, stderr=self.stderr)
            except CommandError as error:
                # The demo is loaded and committed; only the index is missing.
                self.stderr.write(
                    f"The search index was not rebuilt ({error}); run "
                    "`manage.py search_rebuild` once Elasticsearch answers."
                )

    def reset(self):
        """Delete what the demo creates: issues filed under its categories (with their messages,
        assignments, events and log entries), its tables' rows and its accounts (by name and
        demo address: an `admin` made with createsuperuser stays)."""
        with transaction.atomic():
            remove_media_pages()
            reset_hot_topics()
            demo_issues = Issue.objects.filter(category__slug__in=[c.slug for c in CATEGORIES])
            issue_ids = [str(pk) for pk in demo_issues.values_list("pk", flat=True)]
            ModelLogEntry.objects.filter(
                content_type=ContentType.objects.get_for_model(Issue), object_id__in=issue_ids
            ).delete()
            # 并单: a merged report protects its main thread (`Issue.merged_into`), even when
            # both go: unlink the groups first.
            demo_issues.filter(merged_into__isnull=False).update(merged_into=None)
            deleted, _by_model = demo_issues.delete()
            demo_accounts().delete()
            reset_bulletins()
            Category.objects.filter(slug__in=[c.slug for c in CATEGORIES]).delete()
            District.objects.filter(slug__in=[d.slug for d in DISTRICTS]).delete()
            Department.objects.filter(slug__in=[d.slug for d in DEPARTMENTS]).delete()
        self.stdout.write(
            f"Removed {len(issue_ids)} demo issues ({deleted} rows with their "
            "history) and the demo departments, categories, districts and accounts."
        )

    def report(self, builder, elapsed):
        counts = dict.fromkeys(Status.values, 0)
        for status in Issue.objects.values_list("status", flat=True):
            counts[status] += 1
        hidden = Issue.objects.filter(hidden_at__isnull=False).count()
        overdue = Issue.objects.overdue().count()
        reopened = Issue.objects.filter(reopen_count__gt=0).count()
        merged_groups = (
            Issue.objects.filter(status=Status.MERGED).values("merged_into").distinct().count()
        )
        self.stdout.write(
            self.style.SUCCESS(f"Loaded {sum(counts.values())} issues in {elapsed:.1f} s.")
        )
        self.stdout.write("  " + ", ".join(f"{status}: {n}" for status, n in counts.items()))
        self.stdout.write(
            f"  hidden: {hidden}, overdue: {overdue}, reopened at least once: {reopened}, "
            f"threads with merged reports: {merged_groups}"
        )
        self.stdout.write(f"Hot topics (热点): {builder.hot_topic_weeks} weekly runs stored.")
        self.stdout.write("")
        self.stdout.write(f"Log in at {admin_url()}")
        width = max(len(login.username) for login in builder.logins)
        for login in builder.logins:
            password = login.password or "(unchanged)"
            self.stdout.write(f"  {login.username:<{width}}  {password:<15}  {login.role}")
