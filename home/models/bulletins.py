"""Results bulletins (办理结果通报): the index, the bulletin pages and their thresholds.

A bulletin's figures are frozen in `BulletinPage.figures` (a JSON snapshot made by
`reporting.bulletins.freeze`) when the bulletin is drafted, never at publication: `figures` is a
concrete page field, so every revision carries it, and the edit form does not contain it, so the
chief editor approves, and the site publishes, exactly the numbers drafted. Citizens' text stays
live: the cited threads are ids, shown when they are public at the time of reading.
"""

from datetime import timedelta

from django.conf import settings
from django.core.paginator import Paginator
from django.db import models, transaction
from django.http import Http404
from django.template.response import TemplateResponse
from django.utils import timezone, translation
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, HelpPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from feedback.models import Issue
from home.hot_spots import HotSpotsBlock
from polls.models import poll_prefetch
from reporting.bulletins import DEFAULT_THRESHOLDS, freeze, thaw
from reporting.periods import Period

KIND_CHOICES = [
    ("week", pgettext_lazy("bulletin", "Weekly")),
    ("month", pgettext_lazy("bulletin", "Monthly")),
    ("quarter", pgettext_lazy("bulletin", "Quarterly")),
]
MEASURE_LABELS = {
    "reply_rate": _("Reply rate"),
    "reporter_satisfaction": _("Reporters' satisfaction"),
    "on_time_resolution_rate": _("On-time resolution rate"),
}


@register_setting(icon="table")
class BulletinSettings(BaseSiteSetting):
    """The 红黑榜 thresholds and what `manage.py draft_bulletins` drafts (chief editors edit
    them). Each bulletin copies the thresholds when drafted: a change never rewrites one."""

    reply_rate_min = models.DecimalField(
        _("units with a reply rate below (%) are named"),
        max_digits=4,
        decimal_places=1,
        default=DEFAULT_THRESHOLDS["reply_rate_min"],
    )
    satisfaction_min = models.DecimalField(
        _("units with a reporters' satisfaction below (%) are named"),
        max_digits=4,
        decimal_places=1,
        default=DEFAULT_THRESHOLDS["satisfaction_min"],
    )
    on_time_resolution_min = models.DecimalField(
        _("units with an on-time resolution rate below (%) are named"),
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        help_text=_("Leave empty to leave this rule out."),
    )
    praise_at = models.DecimalField(
        _("units at or above (%) on a measure are praised"),
        max_digits=4,
        decimal_places=1,
        default=DEFAULT_THRESHOLDS["praise_at"],
    )
    draft_weekly = models.BooleanField(_("draft weekly bulletins"), default=False)
    draft_monthly = models.BooleanField(_("draft monthly bulletins"), default=True)
    draft_quarterly = models.BooleanField(_("draft quarterly bulletins"), default=True)
    cutoff_delay_hours = models.PositiveIntegerField(
        _("hours after the end of a period before drafting"), default=0
    )
    resolved_threads_cited = models.PositiveSmallIntegerField(
        _("resolved threads cited in a bulletin"), default=20
    )

    class Meta:
        verbose_name = _("results bulletins")

    def thresholds(self):
        def percent(value):
            return None if value is None else float(value)

        return {
            "reply_rate_min": percent(self.reply_rate_min),
            "satisfaction_min": percent(self.satisfaction_min),
            "on_time_resolution_min": percent(self.on_time_resolution_min),
            "praise_at": percent(self.praise_at),
        }

    def drafted_kinds(self):
        enabled = {"week": self.draft_weekly, "month": self.draft_monthly}
        enabled["quarter"] = self.draft_quarterly
        return [kind for kind, _label in KIND_CHOICES if enabled[kind]]

    def draft_time(self, period):
        """When `draft_bulletins` drafts the bulletin of `period`."""
        return period.end + timedelta(hours=self.cutoff_delay_hours)


class BulletinIndexPage(RoutablePageMixin, Page):
    """办理结果通报: the live bulletins, newest first, and the calendar of the next ones."""

    intro = RichTextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["home.BulletinPage"]
    max_count = 1
    per_page = 20

    class Meta:
        verbose_name = _("results bulletin index")

    def bulletins(self, kind=None, year=None):
        bulletins = BulletinPage.objects.child_of(self).live().public()
        if kind:
            bulletins = bulletins.filter(period_kind=kind)
        if year:
            bulletins = bulletins.filter(period_start__year=year)
        return bulletins.order_by("-period_start", "period_kind")

    def calendar(self, bulletin_settings, now=None):
        """The next bulletin of each drafted kind: its period and when it will be drafted."""
        now = now or timezone.now()
        upcoming = []
        for kind in bulletin_settings.drafted_kinds():
            period = Period.latest_complete(kind, timezone.localdate(now))
            if bulletin_settings.draft_time(period) <= now:
                period = period.next()
            upcoming.append(
                {
                    "kind": dict(KIND_CHOICES)[kind],
                    "period": period,
                    "drafted_at": timezone.localtime(bulletin_settings.draft_time(period)),
                }
            )
        return sorted(upcoming, key=lambda row: row["drafted_at"])

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        kind = request.GET.get("kind", "")
        kind = kind if kind in dict(KIND_CHOICES) else ""
        year = request.GET.get("year", "")
        year = int(year) if year.isdigit() and len(year) == 4 else None
        page = Paginator(self.bulletins(kind, year), self.per_page).get_page(
            request.GET.get("page")
        )
        context.update(
            bulletins=page,
            kind=kind,
            year=year,
            kinds=KIND_CHOICES,
            calendar=self.calendar(BulletinSettings.for_request(request)),
        )
        return context

    @path("feed/")
    def feed(self, request):
        from home.feeds import BulletinFeed  # noqa: PLC0415 - the feed module imports this one

        return BulletinFeed(self)(request)


class BulletinPage(RoutablePageMixin, Page):
    """One results bulletin (weekly, monthly or quarterly), figures frozen in `figures`."""

    period_kind = models.CharField(_("period"), max_length=10, choices=KIND_CHOICES, editable=False)
    period_start = models.DateField(_("first day"), editable=False)
    period_end = models.DateField(_("last day"), editable=False)
    cutoff_at = models.DateTimeField(_("data cut-off"), editable=False)
    figures = models.JSONField(default=dict, editable=False)
    summary = models.TextField(_("summary"), blank=True)
    commentary = RichTextField(_("editor's commentary"), blank=True)
    # Live blocks after the frozen figures: the hot spots of the bulletin's period or week.
    body = StreamField(
        [("hot_spots", HotSpotsBlock())], verbose_name=_("blocks"), blank=True, default=list
    )

    content_panels = [
        *Page.content_panels,
        HelpPanel(
            content=_(
                "The figures were frozen when this bulletin was drafted and do not change when "
                "it is edited or published. Correct a published bulletin in the commentary."
            )
        ),
        MultiFieldPanel([FieldPanel("summary"), FieldPanel("commentary")], heading=_("Text")),
        FieldPanel("body"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("commentary"),
    ]
    parent_page_types = ["home.BulletinIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("results bulletin")

    @property
    def period(self):
        return Period.current(self.period_kind, self.period_start)

    @property
    def frozen(self):
        """The thawed figures (no query)."""
        return thaw(self.figures)

    def cited_threads(self):
        """The cited threads that are public now, in the frozen order (constant queries)."""
        ids = self.figures.get("threads", [])
        issues = (
            Issue.objects.public()
            .filter(pk__in=ids)
            .for_list()
            .prefetch_related(poll_prefetch())
            .in_bulk()
        )
        return [issues[pk] for pk in ids if pk in issues]

    def ranking(self, figures):
        """The 红黑榜 per rule in force: label, frozen threshold, named, praised, too few."""
        return [
            {
                "measure": measure,
                "label": MEASURE_LABELS[measure],
                "threshold": threshold,
                "named": figures.lists["named"].get(measure, []),
                "praised": figures.lists["praised"].get(measure, []),
                "too_few": figures.lists["too_few"].get(measure, []),
            }
            for measure, threshold in figures.rules
        ]

    def document_context(self):
        figures = self.frozen
        return {
            "bulletin": self,
            "figures": figures,
            "ranking": self.ranking(figures),
            "topics": figures.categories[:10],
            "threads": self.cited_threads(),
        }

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(self.document_context())
        return context

    @path("print/")
    def print_version(self, request):
        """The document alone (the PDF's markup), for printing from the browser."""
        context = {**self.get_context(request), "document": True}
        return TemplateResponse(request, "home/bulletin_document_page.html", context)

    @path("pdf/")
    def pdf(self, request):
        from home.documents import serve_pdf  # noqa: PLC0415 - imports WeasyPrint's helpers lazily

        if not self.live or getattr(request, "is_preview", False):
            raise Http404
        return serve_pdf(request, self)

    @classmethod
    def slug_for(cls, period):
        return period.key.lower()

    @classmethod
    def title_for(cls, period):
        with translation.override(settings.LANGUAGE_CODE):
            return gettext("%(period)s results bulletin") % {"period": period.title}

    @staticmethod
    def summary_for(figures):
        city = figures.city
        with translation.override(settings.LANGUAGE_CODE):
            return gettext(
                "%(period)s: %(accepted)s issues accepted, %(assignments)s assignments to "
                "departments; resolution rate %(resolution)s, reply rate %(reply)s, "
                "reporters' satisfaction %(satisfaction)s."
            ) % {
                "period": figures.period.title,
                "accepted": figures.accepted,
                "assignments": city.resolution.assignments,
                "resolution": city.resolution_rate,
                "reply": city.reply_rate,
                "satisfaction": city.reporter_satisfaction,
            }

    @classmethod
    def draft_for(cls, index, period, bulletin_settings):
        """Draft the bulletin of `period` under `index` with the figures of now, unless one
        exists (live or draft, by slug): (page, created). Idempotent, safe to run from cron."""
        with transaction.atomic():
            # Lock the index so that two runs at once cannot both draft the same period.
            Page.objects.select_for_update().filter(pk=index.pk).first()
            existing = cls.objects.child_of(index).filter(slug=cls.slug_for(period)).first()
            if existing is not None:
                return existing, False
            snapshot = freeze(
                period, bulletin_settings.thresholds(), bulletin_settings.resolved_threads_cited
            )
            page = cls(
                title=cls.title_for(period),
                slug=cls.slug_for(period),
                period_kind=period.kind,
                period_start=period.first_day,
                period_end=period.last_day,
                cutoff_at=timezone.now(),
                figures=snapshot,
                summary=cls.summary_for(thaw(snapshot)),
                live=False,
            )
            index.add_child(instance=page)
            page.save_revision(log_action=True)
        return page, True
