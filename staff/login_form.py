"""The admin login form: Wagtail's, with an error message that reads properly in Chinese
(Wagtail's own puts the field name into the sentence: "用户 用户名 密码不匹配，请重试")."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.auth import LoginForm


class StaffLoginForm(LoginForm):
    error_messages = {
        **LoginForm.error_messages,
        "invalid_login": _("The username or password is wrong. Please try again."),
    }
