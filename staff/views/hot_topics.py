"""热点 for staff: the stored hot-topic runs (pick a week), a run's topics ranked with their
public threads, one topic, and the form that computes any period on demand in the background.

Moderators and media staff only (checked here, on the server); the numbers are read through
`reporting.hot_topics_read`, the computation is queued through `reporting.tasks`.
"""

from django import forms
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from feedback.permissions import is_moderator
from reporting import hot_topics_read, tasks
from reporting.desk_access import require_hot_topics_user
from reporting.models import HotTopicRun

from ..widgets import ISO_DATE, IsoDateInput


class OnDemandForm(forms.Form):
    """Any period, by its first and last day (both included)."""

    first_day = forms.DateField(
        label=gettext_lazy("First day"), widget=IsoDateInput, input_formats=[ISO_DATE]
    )
    last_day = forms.DateField(
        label=gettext_lazy("Last day"), widget=IsoDateInput, input_formats=[ISO_DATE]
    )

    def clean(self):
        cleaned = super().clean()
        first, last = cleaned.get("first_day"), cleaned.get("last_day")
        if first and last:
            problem = hot_topics_read.check_on_demand_period(first, last)
            if problem:
                raise forms.ValidationError(problem)
        return cleaned


class HotTopicsStaffView(WagtailAdminTemplateMixin, TemplateView):
    """Not a `StaffView`: media staff have no scope of issues, they read the topics."""

    header_icon = "pick"

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]

    def dispatch(self, request, *args, **kwargs):
        require_hot_topics_user(request.user)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # The issue desk is the moderators' (media staff open the public thread).
        context["may_open_desk"] = is_moderator(self.request.user)
        return context


class HotTopicsView(HotTopicsStaffView):
    """The runs, newest first, and the chosen run's topics (by default the latest week's)."""

    template_name = "staff/hot_topics.html"
    page_title = gettext_lazy("Hot topics")

    def chosen_run(self, all_runs):
        wanted = self.request.GET.get("run", "")
        if wanted:
            run = next((run for run in all_runs if str(run.pk) == wanted), None)
            if run is not None:
                return run
            messages.warning(
                self.request,
                _("That run is no longer stored (it may have been computed again)."),
            )
        weekly = [run for run in all_runs if run.kind == HotTopicRun.Kind.WEEK]
        return (weekly or all_runs or [None])[0]

    def get_context_data(self, form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        all_runs = hot_topics_read.runs()
        run = self.chosen_run(all_runs)
        context.update(
            weekly_runs=[r for r in all_runs if r.kind == HotTopicRun.Kind.WEEK],
            other_runs=[r for r in all_runs if r.kind != HotTopicRun.Kind.WEEK],
            run=run,
            topics=hot_topics_read.ranked_topics(run),
            form=form or OnDemandForm(),
        )
        return context

    def post(self, request, *args, **kwargs):
        form = OnDemandForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        first, last = form.cleaned_data["first_day"], form.cleaned_data["last_day"]
        tasks.enqueue_period(first, last)
        messages.success(
            request,
            _(
                "The hot topics of %(first)s to %(last)s are being computed in the background; "
                "the run appears in the list when it is ready (reload the page in a minute)."
            )
            % {"first": first.isoformat(), "last": last.isoformat()},
        )
        return redirect(reverse("echowall_hot_topics:index"))


class HotTopicView(HotTopicsStaffView):
    """One topic: its figures, every public thread, the topic of the previous run it continues."""

    template_name = "staff/hot_topic.html"

    def get_page_title(self):
        return self.topic.label

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("echowall_hot_topics:index"), "label": _("Hot topics")},
            {"url": "", "label": self.get_page_title()},
        ]

    def get(self, request, *args, **kwargs):
        self.topic = hot_topics_read.topic_detail(kwargs["pk"])
        if self.topic is None:
            raise Http404
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(topic=self.topic, run=self.topic.run)
        return context
