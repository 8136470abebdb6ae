"""Creating live index pages under the home page from data migrations (historical models,
treebeard paths by hand, as in 0002)."""

ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
STEP = 4


def _next_step(last_path):
    """treebeard's materialised path: the next 4-character base-36 step after the last child."""
    if last_path is None:
        return "0001"
    number = 0
    for character in last_path[-STEP:]:
        number = number * 36 + ALPHABET.index(character)
    number += 1
    step = ""
    for _ in range(STEP):
        number, digit = divmod(number, 36)
        step = ALPHABET[digit] + step
    return step


def add_index_page(apps, model_name, title, slug, intro):
    """A live index page as the last child of the home page (none without a home page)."""
    ContentType = apps.get_model("contenttypes.ContentType")
    Page = apps.get_model("wagtailcore.Page")
    Model = apps.get_model("home", model_name)
    home = Page.objects.filter(
        depth=2, content_type__app_label="home", content_type__model="homepage"
    ).first()
    if home is None or Model.objects.exists():
        return
    last = (
        Page.objects.filter(path__startswith=home.path, depth=home.depth + 1)
        .order_by("-path")
        .values_list("path", flat=True)
        .first()
    )
    content_type, _created = ContentType.objects.get_or_create(
        app_label="home", model=model_name.lower()
    )
    Model.objects.create(
        title=title,
        draft_title=title,
        slug=slug,
        content_type=content_type,
        path=home.path + _next_step(last),
        depth=home.depth + 1,
        numchild=0,
        url_path=f"{home.url_path}{slug}/",
        locale_id=home.locale_id,
        live=True,
        intro=intro,
    )
    Page.objects.filter(pk=home.pk).update(numchild=home.numchild + 1)
