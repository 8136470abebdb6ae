"""Wagtail 8 autosaves a new page while it is typed: the first autosave creates the page and
only then does the browser switch the form to the page's edit URL. A publish clicked while that
autosave is still in flight posts to the *add* URL a second time, and Wagtail's create view
fails on the slug it has just taken (an uncaught ValidationError, a 500, on a slow server).

`continue_just_created_page` routes such a second POST to the edit view of the page the same
editor created moments ago, so the publish (or the autosave) lands on it and nothing typed is
lost. A page older than the window, someone else's, or already live is never touched: a real
slug clash still gets Wagtail's own "slug in use" message.
"""

from datetime import timedelta

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.text import slugify
from wagtail.admin.views.pages.edit import EditView
from wagtail.models import Page

# Long enough for an autosave in flight on a loaded server, short enough that a second page
# with the same title made on purpose a minute later is never mistaken for the first.
JUST_CREATED = timedelta(seconds=30)


def posted_slug(request):
    return request.POST.get("slug") or slugify(request.POST.get("title", ""), allow_unicode=True)


def page_just_created_by(user, parent_page, slug):
    if not slug:
        return None
    return (
        parent_page.get_children()
        .filter(
            slug=slug,
            owner=user,
            live=False,
            first_published_at__isnull=True,
            latest_revision_created_at__gte=timezone.now() - JUST_CREATED,
        )
        .specific()
        .first()
    )


def continue_just_created_page(request, parent_page, page_class):
    """The `before_create_page` hook: a response for the racing POST, else None."""
    if request.method != "POST" or not request.user.is_authenticated:
        return None
    page = page_just_created_by(request.user, parent_page, posted_slug(request))
    if page is None or not isinstance(page, page_class):
        return None
    return EditView.as_view()(request, page_id=page.pk)


class PageCreationRaceMiddleware:
    """The same race when the autosave commits *during* the publish: Wagtail's form found the
    slug free, its save then fails on it. Hand that POST to the page just created too."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        match = request.resolver_match
        if not (
            isinstance(exception, ValidationError)
            and "slug" in getattr(exception, "error_dict", {})
            and match is not None
            and match.view_name == "wagtailadmin_pages:add"
        ):
            return None
        page_class = ContentType.objects.get_by_natural_key(
            match.kwargs["content_type_app_name"], match.kwargs["content_type_model_name"]
        ).model_class()
        parent_page = Page.objects.filter(pk=match.kwargs["parent_page_id"]).first()
        if parent_page is None or page_class is None:
            return None
        return continue_just_created_page(request, parent_page, page_class)
