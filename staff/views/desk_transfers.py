"""The desk's actions that move an issue between departments while they handle it: a
moderator's reassignment or added department, a department's "not ours". The model methods
(`feedback.models.transfers`) check permissions again on the server."""

from django.contrib import messages
from django.urls import reverse
from django.utils.translation import gettext as _

from feedback import permissions

from ..forms import AddDepartmentForm, AssignForm, HandBackForm

REASSIGN_PREFIX = "reassign"


class TransferActions:
    """Mixed into `IssueDeskView` (which provides `self.issue` and `_with_form`)."""

    def transfer_forms(self, forms, active_departments):
        return {
            "reassign_form": forms.get("reassign")
            or AssignForm(
                prefix=REASSIGN_PREFIX,
                initial={"departments": [d.pk for d in active_departments]},
            ),
            "add_department_form": forms.get("add_department")
            or AddDepartmentForm(initial={"due_date": self.issue.due_date}),
            "hand_back_form": forms.get("hand_back") or HandBackForm(),
        }

    def do_reassign(self, request):
        form = AssignForm(request.POST, prefix=REASSIGN_PREFIX)
        if not form.is_valid():
            return {"reassign": form}
        self.issue.reassign(
            request.user, form.cleaned_data["departments"], form.cleaned_data["due_date"]
        )
        messages.success(request, _("Assigned to the departments chosen."))
        return None

    def do_add_department(self, request):
        def apply(data):
            self.issue.add_departments(request.user, [data["department"]], data["due_date"])
            messages.success(request, _("Department added."))

        return self._with_form("add_department", AddDepartmentForm, apply)

    def do_hand_back(self, request):
        department = permissions.department_of(request.user)
        form = HandBackForm(request.POST)
        if not form.is_valid():
            return {"hand_back": form}
        self.issue.hand_back(request.user, department, form.cleaned_data["reason"])
        messages.success(request, _("Handed back to the moderators, who will assign it again."))
        # The department no longer sees the issue: back to its list.
        self.after_action_url = reverse("echowall_admin:issues")
        return None
