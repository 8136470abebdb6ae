"""Write the JSON Schema of the TV desk's JSON export to api/schemas/tv-week.schema.json (after
changing the models of `api.tv`; a test fails while the committed file differs)."""

from django.core.management.base import BaseCommand

from api.tv import SCHEMA_PATH, schema_text


class Command(BaseCommand):
    help = __doc__

    def handle(self, *args, **options):
        SCHEMA_PATH.write_text(schema_text(), encoding="utf-8")
        self.stdout.write(f"wrote {SCHEMA_PATH}")
