"""The comprehensive analysis (综合分析): a page per period with trends by category, department and
district, and the hot topics. The figures are frozen into the page when it is first saved
(`reporting.trends.freeze`, a JSON field kept in every revision): editors choose measures and
dimensions for the charts, never numbers, and a published analysis no longer moves.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, HelpPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from home.hot_spots import HotSpotsBlock
from reporting import trends
from reporting.periods import Period

ANALYSIS_KINDS = [("month", _("Month")), ("quarter", _("Quarter")), ("year", _("Year"))]


class ChartBlock(blocks.StructBlock):
    measure = blocks.ChoiceBlock(
        label=_("measure"), choices=list(trends.MEASURE_LABELS.items()), default="issues"
    )
    dimension = blocks.ChoiceBlock(
        label=_("by"), choices=list(trends.DIMENSION_LABELS.items()), default="category"
    )
    style = blocks.ChoiceBlock(
        label=_("style"),
        choices=[("line", _("Lines over twelve months")), ("bar", _("Bars for the last month"))],
        default="line",
    )
    top = blocks.IntegerBlock(label=_("groups shown"), default=6, min_value=1, max_value=12)
    caption = blocks.CharBlock(label=_("caption"), required=False)

    class Meta:
        template = "home/blocks/chart.html"
        icon = "table"
        label = _("Chart")

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        snapshot = (parent_context or {})["page"].figures
        chart = trends.trend_chart(
            snapshot,
            value["measure"],
            value["dimension"],
            top=value["top"],
            kind=value["style"],
            chart_id=f"chart-{(parent_context or {}).get('block_id', 'x')}",
        )
        # ElementTree escaped every text of the SVG.
        context.update(chart=chart, chart_svg=mark_safe(chart.svg()))  # noqa: S308
        return context


class TableBlock(ChartBlock):
    class Meta:
        template = "home/blocks/chart_table.html"
        icon = "list-ul"
        label = _("Table")


class HotTopicsBlock(blocks.StructBlock):
    top = blocks.IntegerBlock(label=_("categories shown"), default=8, min_value=1, max_value=20)

    class Meta:
        template = "home/blocks/hot_topics.html"
        icon = "pick"
        label = _("Hot topics")

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        snapshot = (parent_context or {})["page"].figures
        chart = trends.hot_topics_chart(snapshot, top=value["top"])
        total = sum(row["n"] for row in snapshot["hot_topics"]) or 1
        rows = [
            {
                **row,
                "share": round(100 * row["n"] / total, 1),
                "change": trends.change(row["n"], row["previous"]),
            }
            for row in snapshot["hot_topics"][: value["top"]]
        ]
        context.update(chart=chart, chart_svg=mark_safe(chart.svg()), rows=rows)  # noqa: S308
        return context


ANALYSIS_BLOCKS = [
    ("paragraph", blocks.RichTextBlock(features=["h3", "bold", "italic", "link", "ol", "ul"])),
    ("chart", ChartBlock()),
    ("hot_topics", HotTopicsBlock()),
    ("table", TableBlock()),
    ("hot_spots", HotSpotsBlock()),
]


class AnalysisIndexPage(Page):
    intro = RichTextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["home.AnalysisPage"]
    max_count = 1

    class Meta:
        verbose_name = _("analysis index")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["analyses"] = (
            AnalysisPage.objects.child_of(self).live().public().order_by("-period_key", "-pk")
        )
        return context


class AnalysisPage(Page):
    period_kind = models.CharField(
        _("period"), max_length=10, choices=ANALYSIS_KINDS, default="quarter"
    )
    period_key = models.CharField(
        _("period key"), max_length=10, help_text=_("For example 2026-Q4, 2026-11 or 2026.")
    )
    figures = models.JSONField(default=dict, editable=False)
    intro = RichTextField(_("summary"), blank=True)
    body = StreamField(ANALYSIS_BLOCKS, verbose_name=_("analysis"), blank=True)

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [
                FieldPanel("period_kind"),
                FieldPanel("period_key"),
                HelpPanel(_("The figures are taken when the page is first saved.")),
            ],
            heading=_("Period"),
        ),
        FieldPanel("intro"),
        FieldPanel("body"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    parent_page_types = ["home.AnalysisIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("analysis")

    @property
    def period(self):
        return Period.from_key(self.period_key)

    def clean(self):
        super().clean()
        try:
            period = self.period
        except (ValueError, TypeError) as error:
            raise ValidationError({"period_key": _("Not a period.")}) from error
        if period is None or period.kind != self.period_kind:
            raise ValidationError({"period_key": _("Not a period of this kind.")})

    def full_clean(self, *args, **kwargs):
        super().full_clean(*args, **kwargs)
        if not self.figures:
            self.figures = trends.freeze(self.period)

    def search_extra_text(self):
        return " ".join(row["name"] for row in self.figures.get("hot_topics", []))
