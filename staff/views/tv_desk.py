"""行风视线, the TV programme's weekly desk in the admin: the run sheet of one ISO week (the
selected threads with why each was picked, the departments to question, the hot topics, the
follow-up 回头看) and the editors' decisions on it (pin, exclude, mark a department, revoke).

Media staff and moderators only (`reporting.desk_access`, checked here and again by every
decision); the selection and every rule about decisions are `reporting.desk`'s. A week that is
malformed, does not exist or lies in the future is a 400 page in the admin's frame.
"""

from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView, View
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from reporting import desk
from reporting.desk_access import is_media_staff, may_use_desk
from reporting.desk_decisions import Kind

from ..tv_desk_forms import QuestionForm, RevokeForm, ThreadDecisionForm
from .tv_desk_sheet import build_sheet

EXPORT_FORMATS = (("json", "JSON"), ("csv", "CSV"), ("atom", "Atom"))


def week_url(week):
    return reverse("echowall_tv_desk:week", args=[week.key])


class TvDeskIndexView(View):
    """/admin/tv-desk/: the week in progress (its links lead to the weeks before)."""

    def get(self, request):
        return redirect(week_url(desk.current_week()))


class TvDeskFrame(WagtailAdminTemplateMixin, TemplateView):
    """The admin frame of the desk's pages; a refusal is a page in it too, with its status."""

    header_icon = "desktop"
    page_title = gettext_lazy("TV desk")

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]

    def refuse(self, status, message):
        self.template_name = "staff/tv_desk/refused.html"
        # The frame's context only: a refused request reads no week.
        context = super().get_context_data(message=message, status=status)
        return self.render_to_response(context, status=status)


class TvDeskWeekView(TvDeskFrame):
    template_name = "staff/tv_desk/week.html"

    def dispatch(self, request, *args, **kwargs):
        # A refusal page rather than PermissionDenied: Wagtail turns that into a redirect.
        if not may_use_desk(request.user):
            return self.refuse(403, _("Only media staff and moderators can use the TV desk."))
        try:
            self.week = desk.parse_week(kwargs["week"])
        except ValueError:
            return self.refuse(
                400,
                _(
                    "“%(week)s” is not a week the desk can show. A week looks like 2026-W48 "
                    "(an ISO year and week number) and must not lie in the future."
                )
                % {"week": kwargs["week"]},
            )
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        week = getattr(self, "week", None)
        return week.key if week else ""

    def get_context_data(self, forms=None, **kwargs):
        context = super().get_context_data(**kwargs)
        week = self.week
        selection = desk.build_week(week)
        forms = forms or {}
        context.update(
            week=week,
            selection=selection,
            sheet=build_sheet(selection, week),
            pin_form=forms.get("pin") or ThreadDecisionForm(prefix="pin"),
            exclude_form=forms.get("exclude") or ThreadDecisionForm(prefix="exclude"),
            question_form=forms.get("question") or QuestionForm(prefix="question"),
            previous_url=week_url(week.previous()),
            next_url=self._next_url(week),
            exports=[
                (label, reverse("tv:week", args=[week.key, fmt])) for fmt, label in EXPORT_FORMATS
            ],
            sees_contacts=is_media_staff(self.request.user),
        )
        return context

    @staticmethod
    def _next_url(week):
        following = desk.week_of(week.first_day + timedelta(days=7))
        return week_url(following) if following.start <= timezone.now() else None

    # --- the editors' decisions -------------------------------------------------------------

    ACTIONS = {"pin": Kind.PIN, "exclude": Kind.EXCLUDE, "question": Kind.QUESTION}

    def post(self, request, *args, **kwargs):
        action = request.POST.get("action", "")
        try:
            if action == "revoke":
                return self._revoke(request)
            if action in ("pin", "exclude"):
                return self._decide_on_thread(request, action)
            if action == "question":
                return self._mark_department(request)
        except (ValidationError, PermissionDenied) as error:
            messages.error(
                request,
                _("Not done: %(error)s")
                % {"error": "; ".join(getattr(error, "messages", [str(error)]))},
            )
            return redirect(week_url(self.week))
        messages.error(request, _("Unknown action."))
        return redirect(week_url(self.week))

    def _invalid(self, name, form, error=None):
        """The page again with the form as typed and its error beside it (nothing lost)."""
        if error is not None:
            form.add_error(form.field_for_error, error)
        return self.render_to_response(self.get_context_data(forms={name: form}))

    def _decide_on_thread(self, request, action):
        form = ThreadDecisionForm(request.POST, prefix=action)
        form.field_for_error = "thread"
        if not form.is_valid():
            return self._invalid(action, form)
        issue = form.cleaned_data["thread"]
        try:
            desk.decide(
                self.week,
                self.ACTIONS[action],
                request.user,
                issue=issue,
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            return self._invalid(action, form, error)
        done = _("Pinned: %(title)s") if action == "pin" else _("Excluded: %(title)s")
        messages.success(request, done % {"title": issue.title})
        return redirect(week_url(self.week))

    def _mark_department(self, request):
        form = QuestionForm(request.POST, prefix="question")
        form.field_for_error = "department"
        if not form.is_valid():
            return self._invalid("question", form)
        department = form.cleaned_data["department"]
        try:
            desk.decide(
                self.week,
                Kind.QUESTION,
                request.user,
                department=department,
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            return self._invalid("question", form, error)
        messages.success(
            request, _("To be questioned: %(department)s") % {"department": department.name}
        )
        return redirect(week_url(self.week))

    def _revoke(self, request):
        form = RevokeForm(request.POST)
        if not form.is_valid():
            raise ValidationError(_("This decision is no longer in force."))
        desk.revoke(self.week, form.cleaned_data["decision"], request.user)
        messages.success(request, _("Decision revoked."))
        return redirect(week_url(self.week) + "#decisions")
