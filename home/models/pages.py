from datetime import timedelta

from django.apps import apps
from django.db import models
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page

from feedback.models import Issue
from polls.models import poll_prefetch
from reporting import figures
from reporting.periods import default_period

from ..blocks import HomeBlocks, shown_today
from .cases import TypicalCasePage

# The results bulletins' page type, named rather than imported: the home page shows the latest
# one when the type exists, and an empty slot otherwise.
BULLETIN_PAGE_TYPE = "home.BulletinPage"
POPULAR_DAYS = 90
HOME_CASES = 3


def english_is_active():
    return (translation.get_language() or "").startswith("en")


class HomePage(Page):
    """The site's front page: an editable introduction, then the newest public threads.

    The title and introduction are written in Chinese; the English heading and introduction
    (edited beside them) replace them for visitors who chose English, when they are filled in.
    """

    intro = RichTextField(_("introduction"), blank=True)
    english_title = models.CharField(_("heading in English"), max_length=255, blank=True)
    english_intro = RichTextField(_("introduction in English"), blank=True)
    latest_count = models.PositiveSmallIntegerField(_("number of latest threads shown"), default=8)
    popular_count = models.PositiveSmallIntegerField(
        _("number of most-supported threads shown"), default=5
    )
    body = StreamField(
        HomeBlocks(),
        verbose_name=_("notices and banners"),
        blank=True,
        help_text=_("Shown above the figures; a notice only between its dates."),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        MultiFieldPanel(
            [FieldPanel("english_title"), FieldPanel("english_intro")],
            heading=_("For visitors who chose English"),
            help_text=_("Left empty, English visitors see the Chinese text."),
        ),
        FieldPanel("body"),
        FieldPanel("latest_count"),
        FieldPanel("popular_count"),
    ]

    max_count = 1

    class Meta:
        verbose_name = _("home page")

    @property
    def heading(self):
        """The heading in the visitor's language (the Chinese title without an English one)."""
        return self.english_title if english_is_active() and self.english_title else self.title

    @property
    def introduction(self):
        return self.english_intro if english_is_active() and self.english_intro else self.intro

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        threads = Issue.objects.public().for_list().prefetch_related(poll_prefetch())
        since = timezone.now() - timedelta(days=POPULAR_DAYS)
        period = default_period("month", figures.first_day_with_data())
        context.update(
            blocks=shown_today(self.body),
            latest_issues=threads.order_by("-published_at")[: self.latest_count],
            popular_issues=threads.filter(published_at__gte=since, support_count__gt=0).order_by(
                "-support_count", "-published_at"
            )[: self.popular_count],
            headline=figures.snapshot(period).city,
            latest_bulletin=latest_page_of_type(BULLETIN_PAGE_TYPE),
            cases=self.latest_cases(),
        )
        return context

    def latest_cases(self):
        return list(
            TypicalCasePage.objects.live()
            .public()
            .prefetch_related("departments")
            .order_by("-case_date", "-pk")[:HOME_CASES]
        )


def latest_page_of_type(label):
    """The newest live public page of the type "app.Model", or None (also without the type)."""
    try:
        model = apps.get_model(label)
    except LookupError:
        return None
    return model.objects.live().public().order_by("-first_published_at", "-pk").first()
