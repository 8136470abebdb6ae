"""Seed the editable synonym list from the project's list (tests/search/relevance/synonyms.txt)."""

import re
from pathlib import Path

from django.conf import settings
from django.db import migrations

SEPARATORS = re.compile(r"[,，、;；\s]+|=>")


def seed(apps, schema_editor):
    SynonymGroup = apps.get_model("search", "SynonymGroup")
    path = Path(settings.BASE_DIR) / "tests" / "search" / "relevance" / "synonyms.txt"
    if not path.exists() or SynonymGroup.objects.exists():
        return
    for line in path.read_text("utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        terms = list(dict.fromkeys(t for t in SEPARATORS.split(line) if t))
        if len(terms) > 1:
            SynonymGroup.objects.create(terms=", ".join(terms))


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
