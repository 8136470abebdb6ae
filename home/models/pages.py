from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

from feedback.models import Issue
from polls.models import poll_prefetch


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

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        MultiFieldPanel(
            [FieldPanel("english_title"), FieldPanel("english_intro")],
            heading=_("For visitors who chose English"),
            help_text=_("Left empty, English visitors see the Chinese text."),
        ),
        FieldPanel("latest_count"),
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
        context["latest_issues"] = (
            Issue.objects.public()
            .for_list()
            .prefetch_related(poll_prefetch())
            .order_by("-published_at")
        )[: self.latest_count]
        return context
