"""The typical cases' Atom feed (`/cases/feed/`, a route of the index), optionally one kind or one
department's (`?kind=praise&department=<slug>`; an unknown value answers 404). Text only."""

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from core.feeds import PlainTextAtomFeed
from feedback.models import Department

from .kinds import CaseKind

FEED_LENGTH = 50


class TypicalCaseFeed(Feed):
    feed_type = PlainTextAtomFeed

    def __init__(self, index):
        super().__init__()
        self.index = index

    def get_object(self, request):
        kind = request.GET.get("kind") or None
        if kind is not None and kind not in CaseKind.values:
            raise Http404
        slug = request.GET.get("department") or None
        department = None
        if slug is not None:
            department = Department.objects.filter(slug=slug).first()
            if department is None:
                raise Http404
        return {"kind": kind, "department": department}

    def title(self, obj):
        filters = [str(CaseKind(obj["kind"]).label)] if obj["kind"] else []
        if obj["department"]:
            filters.append(obj["department"].name)
        if not filters:
            return self.index.title
        return _("%(title)s: %(filters)s") % {
            "title": self.index.title,
            "filters": "，".join(filters),
        }

    def link(self, obj):
        return self.index.url

    def items(self, obj):
        cases = self.index.cases()
        if obj["kind"]:
            cases = cases.filter(kind=obj["kind"])
        if obj["department"]:
            cases = cases.filter(departments=obj["department"])
        return cases[:FEED_LENGTH]

    def item_title(self, item):
        return f"{item.get_kind_display()}：{item.title}"

    def item_link(self, item):
        return item.url

    def item_description(self, item):
        return Truncator(strip_tags(item.problem)).chars(300)

    def item_pubdate(self, item):
        return item.first_published_at

    def item_updateddate(self, item):
        return item.last_published_at

    def item_categories(self, item):
        return [item.get_kind_display(), *item.department_names()]
