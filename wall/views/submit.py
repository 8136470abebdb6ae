"""Posting a new issue, and the thank-you page with its case number and tracking link."""

from django.contrib import messages as flash
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from core import limits
from core.throttled import too_many_requests, typed
from feedback.models import Issue
from feedback.services import submit_issue

from ..forms import IssueSubmitForm

SESSION_NEW_ISSUE = "echowall_new_issue_code"


def submit(request):
    """The submit form; errors keep everything typed (except files, which browsers never resend)."""
    if request.method == "POST":
        wait = limits.new_post(request)
        if wait is not None:
            return too_many_requests(
                request,
                "wall/submit.html",
                {"form": IssueSubmitForm(initial=typed(request))},
                wait,
                _("Many posts came from your network in a short time."),
            )
        form = IssueSubmitForm(request.POST, request.FILES)
        if form.is_valid():
            issue = submit_issue(form.cleaned_data)
            request.session[SESSION_NEW_ISSUE] = issue.tracking_code
            return redirect("wall:thanks")
        if request.FILES:
            flash.warning(
                request,
                _("For your safety, browsers do not keep chosen photos: please choose them again."),
            )
    else:
        form = IssueSubmitForm()
    return render(request, "wall/submit.html", {"form": form})


def thanks(request):
    code = request.session.get(SESSION_NEW_ISSUE)
    if not code:
        return redirect("wall:submit")
    issue = get_object_or_404(Issue, tracking_code=code)
    tracking_url = request.build_absolute_uri(issue.get_tracking_url())
    return render(request, "wall/thanks.html", {"issue": issue, "tracking_url": tracking_url})
