"""Atom feed of the live results bulletins (`/bulletins/feed/`, a route of the index page).

Summaries are text (``type="text"``): the frozen lead sentence, never HTML. Each entry names its
kind and the units it names (红黑榜) as categories, and links the PDF as an enclosure once it has
been rendered (its length is known only then).
"""

from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Enclosure
from django.utils.translation import gettext_lazy as _

from core.feeds import PlainTextAtomFeed

from .documents import stored_pdf


class BulletinFeed(Feed):
    feed_type = PlainTextAtomFeed
    subtitle = _("Results bulletins on the handling of citizens' issues.")
    limit = 50

    def __init__(self, index):
        super().__init__()
        self.index = index

    def get_object(self, request, *args, **kwargs):
        self.request = request
        return self.index

    def title(self, index):
        return index.title

    def link(self, index):
        return index.get_url(self.request)

    def items(self, index):
        kind = self.request.GET.get("kind")
        return index.bulletins(kind=kind)[: self.limit]

    def item_title(self, item):
        return item.title

    def item_link(self, item):
        return item.get_url(self.request)

    def item_description(self, item):
        return item.summary

    def item_pubdate(self, item):
        return item.first_published_at

    def item_updateddate(self, item):
        return item.last_published_at

    def item_categories(self, item):
        named = {
            unit["name"]
            for ids in item.figures.get("lists", {}).get("named", {}).values()
            for unit in item.figures["units"]
            if unit["department"] in ids
        }
        return [item.get_period_kind_display(), *sorted(named)]

    def item_enclosures(self, item):
        stored = stored_pdf(item)
        if stored is None:
            return []
        url = self.request.build_absolute_uri(item.url + item.reverse_subpage("pdf"))
        return [Enclosure(url, str(stored.size), "application/pdf")]
