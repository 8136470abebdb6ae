from django.db import migrations

from home.migrations import _index_pages


def create_analysis_index(apps, schema_editor):
    _index_pages.add_index_page(
        apps,
        "AnalysisIndexPage",
        "综合分析",
        "analysis",
        "<p>按类别、责任单位和区县，分析诉求数量、答复时间、满意率和重新办理率的变化，以及热点问题。</p>",
    )


class Migration(migrations.Migration):
    dependencies = [("home", "0009_analysis_pages")]

    operations = [migrations.RunPython(create_analysis_index, migrations.RunPython.noop)]
