from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page


class HomePage(Page):
    """The site's front page: an editable introduction, then the newest public threads."""

    intro = RichTextField(_("introduction"), blank=True)
    latest_count = models.PositiveSmallIntegerField(_("number of latest threads shown"), default=8)

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("latest_count")]

    max_count = 1

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        from feedback.models import Issue

        context = super().get_context(request, *args, **kwargs)
        context["latest_issues"] = Issue.objects.public().for_list().order_by("-published_at")[
            : self.latest_count
        ]
        return context
