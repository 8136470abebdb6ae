"""Public syndication of the wall: an Atom feed and a sitemap, both built on `Issue.objects.public()`.

Citizens' words go out as text: the feed's summaries are declared ``type="text"``, so that no feed
reader renders a title or a description as HTML, whatever characters it holds.
"""

from django.contrib.sitemaps import Sitemap
from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.feeds import PlainTextAtomFeed
from feedback.models import Issue


class LatestIssuesFeed(Feed):
    feed_type = PlainTextAtomFeed
    title = _("Livelihood Feedback Wall: latest threads")
    subtitle = _("Published citizens' issues and the departments' answers.")

    def link(self):
        return reverse("wall:wall")

    def items(self):
        return Issue.objects.public().select_related("category").order_by("-published_at")[:50]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.body[:500]

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.last_activity_at

    def item_categories(self, item):
        return [item.category.name]


class IssueSitemap(Sitemap):
    changefreq = "daily"
    limit = 5000

    def items(self):
        return Issue.objects.public().only("pk", "last_activity_at").order_by("pk")

    def lastmod(self, item):
        return item.last_activity_at
