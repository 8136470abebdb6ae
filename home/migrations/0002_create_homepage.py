from django.db import migrations


def replace_welcome_page_with_home_page(apps, schema_editor):
    """Wagtail's initial migration creates a plain welcome page; the site's root is a HomePage."""
    ContentType = apps.get_model("contenttypes.ContentType")
    Page = apps.get_model("wagtailcore.Page")
    Site = apps.get_model("wagtailcore.Site")
    HomePage = apps.get_model("home.HomePage")
    Locale = apps.get_model("wagtailcore.Locale")

    Page.objects.filter(
        content_type__app_label="wagtailcore", content_type__model="page", depth=2
    ).delete()
    Site.objects.all().delete()
    content_type, _created = ContentType.objects.get_or_create(model="homepage", app_label="home")
    home = HomePage.objects.create(
        title="民生回音壁",
        draft_title="民生回音壁",
        slug="home",
        content_type=content_type,
        path="00010001",
        depth=2,
        numchild=0,
        url_path="/home/",
        locale=Locale.objects.first(),
        intro="<p>群众反映的民生问题，经审核后公开，由责任单位公开答复；办理结果定期公布，满意度定期测评。</p>",
    )
    Site.objects.create(hostname="localhost", root_page=home, is_default_site=True, site_name="民生回音壁")
    Page.objects.filter(depth=1).update(numchild=1)


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0001_initial"),
        ("wagtailcore", "0094_alter_page_locale"),
    ]

    operations = [migrations.RunPython(replace_welcome_page_with_home_page, migrations.RunPython.noop)]
