"""The media site's editorial workflow: editors draft and submit, chief editors approve.

- Groups: "Editors" (made by Wagtail: add and change pages) is the newsroom's 编辑; "Chief
  editors" (总编辑) is created with add, change, publish, lock and unlock on every page, the
  editors' image and document rights, and the results bulletins' settings (thresholds).
- Security: Wagtail's migrations gave the group "Moderators" (here the wall's moderators) the
  right to publish every page and made it the approver of the default workflow. Wall moderators
  are not editors: their page permissions are removed and that workflow is deactivated.
- Workflow «编辑部审核» with one group approval task «总编辑审核» (Chief editors), on the root.
- The results bulletins' index «办理结果通报» under the home page, so `draft_bulletins` has a
  parent everywhere (tests and production alike).
"""

from django.db import migrations

EDITORS, CHIEF_EDITORS, MODERATORS = "Editors", "Chief editors", "Moderators"
CHIEF_PAGE_PERMISSIONS = ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"]
WORKFLOW, TASK = "编辑部审核", "总编辑审核"
PATH_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"  # treebeard's, 4 characters a level


def _next_child_path(Page, parent):
    last = (
        Page.objects.filter(path__startswith=parent.path, depth=parent.depth + 1)
        .order_by("-path")
        .values_list("path", flat=True)
        .first()
    )
    number = 0 if last is None else int(last[-4:], 36)
    digits = ""
    number += 1
    for _position in range(4):
        number, digit = divmod(number, 36)
        digits = PATH_ALPHABET[digit] + digits
    return parent.path + digits


def groups_and_workflow(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Group = apps.get_model("auth.Group")
    Permission = apps.get_model("auth.Permission")
    Page = apps.get_model("wagtailcore.Page")
    GroupPagePermission = apps.get_model("wagtailcore.GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore.GroupCollectionPermission")
    Workflow = apps.get_model("wagtailcore.Workflow")
    WorkflowTask = apps.get_model("wagtailcore.WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore.WorkflowPage")
    GroupApprovalTask = apps.get_model("wagtailcore.GroupApprovalTask")

    root = Page.objects.get(depth=1)
    page_type = ContentType.objects.get(app_label="wagtailcore", model="page")
    access_admin = Permission.objects.get(
        content_type__app_label="wagtailadmin", codename="access_admin"
    )
    editors, _created = Group.objects.get_or_create(name=EDITORS)
    editors.permissions.add(access_admin)
    for codename in ("add_page", "change_page"):
        GroupPagePermission.objects.get_or_create(
            group=editors,
            page=root,
            permission=Permission.objects.get(content_type=page_type, codename=codename),
        )
    chiefs, _created = Group.objects.get_or_create(name=CHIEF_EDITORS)
    # Permissions are made after every migration (post_migrate): make this one now.
    settings_type, _created = ContentType.objects.get_or_create(
        app_label="home", model="bulletinsettings"
    )
    change_settings, _created = Permission.objects.get_or_create(
        content_type=settings_type,
        codename="change_bulletinsettings",
        defaults={"name": "Can change results bulletins"},
    )
    chiefs.permissions.add(access_admin, change_settings)
    for codename in CHIEF_PAGE_PERMISSIONS:
        GroupPagePermission.objects.get_or_create(
            group=chiefs,
            page=root,
            permission=Permission.objects.get(content_type=page_type, codename=codename),
        )
    for row in GroupCollectionPermission.objects.filter(group=editors):
        GroupCollectionPermission.objects.get_or_create(
            group=chiefs, collection_id=row.collection_id, permission_id=row.permission_id
        )

    GroupPagePermission.objects.filter(group__name=MODERATORS).delete()
    GroupApprovalTask.objects.filter(groups__name=MODERATORS).update(active=False)

    task_type, _created = ContentType.objects.get_or_create(
        app_label="wagtailcore", model="groupapprovaltask"
    )
    task, _created = GroupApprovalTask.objects.get_or_create(
        name=TASK, defaults={"content_type": task_type, "active": True}
    )
    task.groups.set([chiefs])
    workflow, _created = Workflow.objects.get_or_create(name=WORKFLOW, defaults={"active": True})
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    Workflow.objects.exclude(pk=workflow.pk).update(active=False)
    WorkflowPage.objects.update_or_create(page=root, defaults={"workflow": workflow})


def bulletin_index(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Page = apps.get_model("wagtailcore.Page")
    HomePage = apps.get_model("home.HomePage")
    BulletinIndexPage = apps.get_model("home.BulletinIndexPage")
    home = HomePage.objects.order_by("path").first()
    if home is None or BulletinIndexPage.objects.exists():
        return
    content_type, _created = ContentType.objects.get_or_create(
        app_label="home", model="bulletinindexpage"
    )
    BulletinIndexPage.objects.create(
        title="办理结果通报",
        draft_title="办理结果通报",
        slug="bulletins",
        content_type=content_type,
        path=_next_child_path(Page, home),
        depth=home.depth + 1,
        numchild=0,
        url_path=f"{home.url_path}bulletins/",
        locale_id=home.locale_id,
        live=True,
        intro="<p>定期公布群众诉求的办理结果：各单位交办、办结、答复和满意情况，以及红黑榜。</p>",
    )
    Page.objects.filter(pk=home.pk).update(numchild=home.numchild + 1)


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0004_results_bulletins"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
    ]

    operations = [
        migrations.RunPython(groups_and_workflow, migrations.RunPython.noop),
        migrations.RunPython(bulletin_index, migrations.RunPython.noop),
    ]
