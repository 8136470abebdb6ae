from django.db import migrations

from home.migrations import _index_pages

def create_typical_case_index(apps, schema_editor):
    _index_pages.add_index_page(
        apps,
        "TypicalCaseIndexPage",
        "典型案例",
        "cases",
        "<p>办理得好的，公开表扬；推诿敷衍的，公开曝光。每个案例附有相关诉求的公开记录。</p>",
    )


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0006_typical_cases"),
        ("wagtailcore", "0094_alter_page_locale"),
    ]

    operations = [migrations.RunPython(create_typical_case_index, migrations.RunPython.noop)]
