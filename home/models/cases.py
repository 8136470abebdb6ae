"""Typical cases (典型案例): an editor's account of how threads were handled, praised (表扬) or
exposed (曝光), in the fixed form of the practice: problem, handling, result, comment.

The threads a case cites are chosen by the editor (`TypicalCaseThread`, public threads only) and
shown live: the card shows the thread's current status and satisfaction, and a thread that a
moderator hides later drops out of the case while the case stays.
"""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.images.blocks import ImageChooserBlock
from wagtail.models import Orderable, Page
from wagtail.search import index

from feedback.models import Department, Issue
from feedback.workflow import public_lookup
from polls.models import poll_prefetch

from ..case_feeds import TypicalCaseFeed
from ..kinds import CaseKind
from ..listing import filtered_cases


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=_("quotation"))
    source = blocks.CharBlock(label=_("source"), required=False)

    class Meta:
        template = "home/blocks/quote.html"
        icon = "openquote"


CASE_EXTRA_BLOCKS = [
    ("paragraph", blocks.RichTextBlock(features=["bold", "italic", "link", "ol", "ul"])),
    ("image", ImageChooserBlock(template="home/blocks/image.html")),
    ("quote", QuoteBlock()),
]


def public_threads_of(pages):
    """{page id: [public issues in the editor's order]} for the cases given, in 3 queries plus
    the list prefetches whatever the number of cases and threads."""
    links = list(
        TypicalCaseThread.objects.filter(page__in=[p.pk for p in pages])
        .order_by("page_id", "sort_order", "pk")
        .values_list("page_id", "issue_id")
    )
    issues = (
        Issue.objects.public()
        .filter(pk__in={issue_id for _page, issue_id in links})
        .for_list()
        .prefetch_related(poll_prefetch())
        .in_bulk()
    )
    threads = {page.pk: [] for page in pages}
    for page_id, issue_id in links:
        if issue_id in issues:
            threads[page_id].append(issues[issue_id])
    return threads


class TypicalCaseIndexPage(RoutablePageMixin, Page):
    """The list of typical cases, filtered by kind, department and year; its Atom feed."""

    intro = RichTextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["home.TypicalCasePage"]
    max_count = 1

    class Meta:
        verbose_name = _("typical cases index")

    def cases(self):
        return (
            TypicalCasePage.objects.child_of(self)
            .live()
            .public()
            .prefetch_related("departments")
            .order_by("-case_date", "-pk")
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(filtered_cases(self.cases(), request))
        cases = context["cases"] = list(context["page"].object_list)
        threads = public_threads_of(cases)
        for case in cases:
            case.live_threads = threads[case.pk]
        return context

    @path("")
    def index(self, request):
        return self.render(request)

    @path("feed/")
    def feed(self, request):
        return TypicalCaseFeed(self)(request)

    def feed_url(self):
        return self.url + self.reverse_subpage("feed")


class TypicalCasePage(Page):
    kind = models.CharField(_("kind"), max_length=10, choices=CaseKind.choices)
    case_date = models.DateField(_("date of the case"), default=timezone.localdate)
    departments = ParentalManyToManyField(
        Department,
        verbose_name=_("departments concerned"),
        blank=True,
        related_name="+",
        help_text=_("Left empty, the departments handling the chosen threads are filled in."),
    )
    problem = RichTextField(_("problem"))
    handling = RichTextField(_("handling"))
    result = RichTextField(_("result"))
    comment = RichTextField(_("comment"))
    extra = StreamField(CASE_EXTRA_BLOCKS, verbose_name=_("more"), blank=True)

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [FieldPanel("kind"), FieldPanel("case_date"), FieldPanel("departments")],
            heading=_("The case"),
        ),
        FieldPanel("problem"),
        FieldPanel("handling"),
        FieldPanel("result"),
        FieldPanel("comment"),
        InlinePanel("threads", label=_("threads cited"), heading=_("Threads cited")),
        FieldPanel("extra"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("problem"),
        index.SearchField("handling"),
        index.SearchField("result"),
        index.SearchField("comment"),
    ]
    parent_page_types = ["home.TypicalCaseIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("typical case")

    def public_threads(self):
        return public_threads_of([self])[self.pk]

    def department_names(self):
        return [department.name for department in self.departments.all()]

    def search_extra_text(self):
        """What the site search adds to the concrete fields: the departments' names."""
        return " ".join(self.department_names())

    def fill_departments(self):
        """The departments assigned now to the chosen threads, when the editor named none."""
        if self.departments.all():
            return
        issue_ids = [thread.issue_id for thread in self.threads.all()]
        self.departments.set(
            Department.objects.filter(
                assignments__issue_id__in=issue_ids, assignments__is_active=True
            )
            .distinct()
            .order_by("sort_order", "pk")
        )

    def full_clean(self, *args, **kwargs):
        super().full_clean(*args, **kwargs)
        self.fill_departments()

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["threads"] = self.public_threads()
        return context


class TypicalCaseThread(Orderable):
    """A thread a case cites; only public threads may be chosen (the form and the chooser)."""

    page = ParentalKey(TypicalCasePage, on_delete=models.CASCADE, related_name="threads")
    issue = models.ForeignKey(
        Issue,
        verbose_name=_("thread"),
        on_delete=models.CASCADE,
        related_name="+",
        limit_choices_to=public_lookup,
    )

    panels = [FieldPanel("issue")]

    class Meta(Orderable.Meta):
        verbose_name = _("thread cited")
