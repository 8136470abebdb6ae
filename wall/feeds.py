"""Public syndication of the wall: an Atom feed and a sitemap, both built on `Issue.objects.public()`.

Citizens' words go out as text: the feed's summaries are declared ``type="text"``, so that no feed
reader renders a title or a description as HTML, whatever characters it holds.
"""

from django.contrib.sitemaps import Sitemap
from django.contrib.syndication.views import Feed
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from core.feeds import PlainTextAtomFeed
from feedback.models import Issue
from feedback.workflow import Status
from polls.models import poll_prefetch

from .filters import WallFilter

FEED_LENGTH = 50
RESOLVED_STATUSES = (Status.RESOLVED, Status.CLOSED)


class LatestIssuesFeed(Feed):
    """The newest public threads, filtered like the wall (`?department=&category=&district=
    &status=`, the wall's own `WallFilter`); an unknown filter value answers 404."""

    feed_type = PlainTextAtomFeed
    subtitle = _("Published citizens' issues and the departments' answers.")
    heading = _("Livelihood Feedback Wall: latest threads")

    def get_object(self, request):
        wall_filter = WallFilter(request.GET, queryset=self.base_queryset())
        if not wall_filter.is_valid():
            raise Http404
        wall_filter.request_query = request.GET.urlencode()
        return wall_filter

    def base_queryset(self):
        return Issue.objects.public().for_list().prefetch_related(poll_prefetch())

    def title(self, obj):
        labels = self._labels(obj)
        if not labels:
            return str(self.heading)
        return _("%(feed)s: %(filters)s") % {"feed": self.heading, "filters": "，".join(labels)}

    def _labels(self, obj):
        data = obj.form.cleaned_data
        labels = []
        for name in ("department", "category", "district"):
            if data.get(name):
                labels.append(data[name].name)
        if data.get("status"):
            labels.append(str(Status(data["status"]).label))
        return labels

    def link(self, obj):
        query = obj.request_query
        return reverse("wall:wall") + (f"?{query}" if query else "")

    def items(self, obj):
        return obj.qs.order_by("-published_at", "-pk")[:FEED_LENGTH]

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


class ResolvedIssuesFeed(LatestIssuesFeed):
    """Public threads newly resolved, newest resolution first, with the same filters. An entry's
    id names the round, so a thread resolved again after a reopening comes back as a new entry."""

    heading = _("Livelihood Feedback Wall: newly resolved threads")
    subtitle = _("Threads the departments have resolved, with the reporter's verdict.")

    def items(self, obj):
        return obj.qs.filter(status__in=RESOLVED_STATUSES, resolved_at__isnull=False).order_by(
            "-resolved_at", "-pk"
        )[:FEED_LENGTH]

    def item_guid(self, item):
        return f"{self.item_link(item)}#resolved-{item.reopen_count + 1}"

    item_guid_is_permalink = False

    def item_link(self, item):
        return item.get_absolute_url()

    def item_description(self, item):
        departments = "、".join(a.department.name for a in item.active_assignments)
        sentence = _("Resolved by %(departments)s on %(day)s.") % {
            "departments": departments or _("the departments"),
            "day": date_format(timezone.localtime(item.resolved_at), "DATE_FORMAT"),
        }
        poll = item.poll_rounds[0] if item.poll_rounds else None
        if poll is not None and poll.reporter_choice:
            sentence += " " + _("Reporter's verdict: %(verdict)s.") % {
                "verdict": poll.reporter_choice_label
            }
        return f"{item.title}\n{sentence}"

    def item_pubdate(self, item):
        return item.resolved_at


class IssueSitemap(Sitemap):
    changefreq = "daily"
    limit = 5000

    def items(self):
        return Issue.objects.public().only("pk", "last_activity_at").order_by("pk")

    def lastmod(self, item):
        return item.last_activity_at
