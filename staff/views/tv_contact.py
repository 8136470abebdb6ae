"""行风视线: showing a consenting reporter's contact to media staff, and the log of every look.

`TvContactView` (/admin/tv-desk/<week>/contact/<issue_pk>/): a GET shows the button and never the
contact; the POST asks `reporting.desk_contact.reveal_contact`, which checks who, consent and
featured, and logs the look before answering. Every answer is private, no-store.
`ContactLogView` (/admin/tv-desk/contact-log/): every look, newest first, for moderators and
media staff.
"""

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from core.browser import address_key
from feedback.models import Issue
from reporting.desk import parse_week
from reporting.desk_access import require_desk_user, require_media_staff
from reporting.desk_contact import contact_log, reveal_contact

LOG_PAGE_SIZE = 50


class TvDeskScreen(WagtailAdminTemplateMixin, TemplateView):
    header_icon = "user"

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]


def keep_private(response):
    """A contact must stay in no cache, shared or the browser's."""
    response["Cache-Control"] = "private, no-store"
    return response


class TvContactView(TvDeskScreen):
    template_name = "staff/tv_desk/contact.html"
    page_title = gettext_lazy("Reporter's contact")
    http_method_names = ["get", "post"]

    def dispatch(self, request, *args, **kwargs):
        return keep_private(super().dispatch(request, *args, **kwargs))

    def _refused(self, refusal, **context):
        return self.render_to_response(
            self.get_context_data(refusal=refusal, **context), status=403
        )

    def _target(self):
        try:
            week = parse_week(self.kwargs["week"])
        except ValueError as error:
            raise Http404(str(error)) from None
        issue = get_object_or_404(
            Issue.objects.only("pk", "title", "case_number", "tv_contact_consent"),
            pk=self.kwargs["issue_pk"],
        )
        return week, issue

    def get(self, request, *args, **kwargs):
        """The button only: following a link or reloading never reveals (nor logs) anything."""
        try:
            require_media_staff(request.user)
        except PermissionDenied as refusal:
            return self._refused(str(refusal))
        week, issue = self._target()
        return self.render_to_response(self.get_context_data(week=week, issue=issue))

    def post(self, request, *args, **kwargs):
        try:
            require_media_staff(request.user)
        except PermissionDenied as refusal:
            return self._refused(str(refusal))
        week, issue = self._target()
        try:
            contact = reveal_contact(request.user, issue, week, address_key(request))
        except PermissionDenied as refusal:
            return self._refused(str(refusal), week=week, issue=issue)
        return self.render_to_response(
            self.get_context_data(week=week, issue=issue, contact=contact)
        )


class ContactLogView(TvDeskScreen):
    """Who saw which reporter's contact, when, for which week: 50 a page, newest first."""

    template_name = "staff/tv_desk/contact_log.html"
    page_title = gettext_lazy("Contact views log")
    header_icon = "list-ul"

    def dispatch(self, request, *args, **kwargs):
        require_desk_user(request.user)
        return keep_private(super().dispatch(request, *args, **kwargs))

    def get_page_subtitle(self):
        return _("Every look at a reporter's contact")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        paginator = Paginator(contact_log(), LOG_PAGE_SIZE)
        page = paginator.get_page(self.request.GET.get("p"))
        context.update(
            views=page,
            elided_page_range=paginator.get_elided_page_range(page.number),
        )
        return context
