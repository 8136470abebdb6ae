"""Wagtail admin: the editable synonym list and a dashboard panel naming the active backend."""

from django.template.defaultfilters import yesno
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import Column
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .backends import active_backend
from .index import engine_health
from .models import PendingIndexUpdate, SynonymGroup

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
