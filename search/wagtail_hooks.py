"""Wagtail admin: the editable synonym list, a dashboard panel naming the active backend, and
the issue desk's "likely duplicates" panel (并单)."""

from django.template.defaultfilters import yesno
from django.template.loader import render_to_string
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import Column
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from core.conf import setting

from .backends import active_backend
from .index import engine_health
from .models import PendingIndexUpdate, SynonymGroup
from .similar import similar_threads

# The issue desk's place for panels (staff.views.desk_merges.DESK_PANELS_HOOK): staff never
# imports search, so the name is the contract.
DESK_PANELS_HOOK = "echowall_issue_desk_panels"
DUPLICATES_SHOWN = 5

# A BooleanField listed by name shows "True"/"False" whatever the language: 是/否, yes/no.
ACTIVE_COLUMN = Column(
    "is_active",
    label=gettext_lazy("active"),
    sort_key="is_active",
    accessor=lambda item: yesno(item.is_active),
)


class SynonymGroupViewSet(SnippetViewSet):
    model = SynonymGroup
    icon = "search"
    menu_label = gettext_lazy("Search synonyms")
    menu_order = 130
    add_to_admin_menu = True
    list_display = ["__str__", "note", ACTIVE_COLUMN]
    search_fields = ["terms", "note"]


register_snippet(SynonymGroupViewSet)


class SearchBackendPanel(Component):
    """Which search backend answers the public site, and whether index updates are waiting."""

    name = "search_backend"
    order = 90

    def render_html(self, parent_context=None):

        backend = active_backend()
        if backend == "elasticsearch":
            health = engine_health()
            state = (
                _("Elasticsearch (cluster health: %(health)s)") % {"health": health}
                if health
                else _("Elasticsearch is configured but not answering: searches use the database")
            )
        else:
            state = _("Database search (ELASTICSEARCH_URL is not set)")
        pending = PendingIndexUpdate.objects.count()
        return format_html(
            '<section class="panel summary nice-padding"><h2>{}</h2><p>{}</p><p>{}</p></section>',
            _("Search"),
            state,
            _("Index updates waiting: %(count)s") % {"count": pending},
        )


@hooks.register("construct_homepage_panels")
def add_search_backend_panel(request, panels):
    if request.user.is_superuser or request.user.has_perm("search.change_synonymgroup"):
        panels.append(SearchBackendPanel())


class LikelyDuplicatesPanel(Component):
    """The earlier public threads a post most likely repeats, each with why and a merge form
    (the desk's own, posted back to the desk)."""

    template_name = "search/desk_duplicates.html"

    def __init__(self, desk, duplicates):
        self.desk, self.duplicates = desk, duplicates

    def render_html(self, parent_context=None):
        offers = [{"duplicate": d, "form": self.desk.merge_form(d.thread)} for d in self.duplicates]
        context = {
            "desk": self.desk,
            "offers": offers,
            "window_days": setting("DUPLICATE_WINDOW_DAYS"),
        }
        return render_to_string(self.template_name, context, request=self.desk.request)


@hooks.register(DESK_PANELS_HOOK)
def likely_duplicates_panel(desk):
    if not desk.may_merge:
        return None
    return LikelyDuplicatesPanel(desk, similar_threads(desk.issue, limit=DUPLICATES_SHOWN))
