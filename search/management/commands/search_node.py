"""Start, stop or report the local Elasticsearch node (wraps search/engine/node.py)."""

import subprocess
import sys

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

NODE = settings.BASE_DIR / "search" / "engine" / "node.py"


class Command(BaseCommand):
    help = "Start, stop or report the local Elasticsearch node with the project's Chinese analysis."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["start", "stop", "status", "wait", "url"])

    def handle(self, *args, action, **options):
        completed = subprocess.run(  # noqa: S603 (our own script, fixed arguments)
            [sys.executable, str(NODE), action], capture_output=True, text=True, check=False
        )
        if completed.stdout:
            self.stdout.write(completed.stdout.rstrip())
        if completed.stderr:
            self.stderr.write(completed.stderr.rstrip())
        if action == "start" and completed.returncode == 0:
            self.stdout.write(
                "Set ELASTICSEARCH_URL=http://127.0.0.1:9200 (or the URL above) "
                "and run `manage.py search_rebuild`."
            )
        if completed.returncode not in (0, 3) or (action != "status" and completed.returncode):
            raise CommandError(f"node.py {action} exited with {completed.returncode}")
