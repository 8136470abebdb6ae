"""The hot-spots block (热点): the ranked topics of a stored run (`reporting.hotspots`), which
editors place on an analysis page or a results bulletin, each with its three main departments
and districts. It shows public data only: a topic is named by the title of one of its public
threads as it reads now (moderated, masked), never by a stored label; it lists only threads
public now, and a topic left with none is not shown. No staff link, no overdue count. Three
queries per block, whatever the run's size.
"""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from reporting import hot_topics_read

LATEST_WEEK, PAGE_PERIOD = "latest_week", "page"
THREADS_SHOWN = 5


class HotSpotsBlock(blocks.StructBlock):
    topics = blocks.IntegerBlock(label=_("topics shown"), default=5, min_value=1, max_value=20)
    period = blocks.ChoiceBlock(
        label=_("period"),
        choices=[
            (LATEST_WEEK, _("The latest week")),
            (PAGE_PERIOD, _("This page's period (the latest week on a page without one)")),
        ],
        default=LATEST_WEEK,
    )
    heading = blocks.CharBlock(label=_("heading"), required=False)

    class Meta:
        template = "home/blocks/hot_spots.html"
        icon = "pick"
        label = _("Hot spots (threads grouped by topic)")

    @staticmethod
    def run_for(value, page):
        """The run the block shows: the page's own period's (an analysis or a bulletin), else
        the latest week's. None when that run has not been computed."""
        period = getattr(page, "period", None) if value["period"] == PAGE_PERIOD else None
        if period is not None:
            return hot_topics_read.run_for_period(period)
        return hot_topics_read.latest_weekly_run()

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        run = self.run_for(value, (parent_context or {}).get("page"))
        context.update(
            run=run,
            topics=hot_topics_read.public_topics(run, value["topics"]),
            threads_shown=THREADS_SHOWN,
        )
        return context
