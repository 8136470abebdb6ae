from csp.middleware import CSPMiddleware
from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.shortcuts import render
from django.utils import translation
from django.utils.cache import patch_vary_headers

from core.conf import setting


class SiteLanguageMiddleware:
    """Simplified Chinese for everyone unless they chose another language with the switch.

    Unlike Django's LocaleMiddleware this ignores the browser's Accept-Language: a city's public
    site speaks the city's language first; English is one click away and then remembered.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.supported = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        patch_vary_headers(response, ["Cookie"])
        response.headers.setdefault("Content-Language", language)
        return response


class RequestSizeMiddleware:
    """Oversized posts get a page that says what the limits are, not a bare "400 Bad Request".

    Outside the admin a body larger than the photos and text a form can hold is refused before
    it is read (ECHOWALL["MAX_REQUEST_BYTES"]); form fields beyond DATA_UPLOAD_MAX_MEMORY_SIZE
    (files do not count) are refused while parsing. Both answer 413 with `413.html`. Sits after
    CsrfViewMiddleware's request phase and before any view's, so it parses the body first.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method == "POST":
            length = request.META.get("CONTENT_LENGTH") or "0"
            limit = setting("MAX_REQUEST_BYTES")
            if (
                not request.path_info.startswith("/admin/")
                and length.isdigit()
                and int(length) > limit
            ):
                return self.too_large(request)
            try:
                request.POST  # noqa: B018 - parsing now turns an oversized field into this page
            except RequestDataTooBig:
                return self.too_large(request)
        return self.get_response(request)

    def too_large(self, request):
        context = {
            "max_text": setting("BODY_MAX_LENGTH"),
            "max_photos": setting("MAX_PHOTOS"),
            "max_photo_mb": setting("MAX_PHOTO_BYTES") // 2**20,
            "back_url": request.path if request.path.startswith("/") else "/",
        }
        response = render(request, "413.html", context, status=413)
        # The path may be a private tracking link: keep it out of other sites' referrers and out
        # of caches (as wall.private does for the tracking page itself).
        response["Referrer-Policy"] = "same-origin"
        response["Cache-Control"] = "private, no-store"
        return response


class PermissionsPolicyMiddleware:
    """Browser features the site never uses are switched off for it and anything it embeds."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.header = ", ".join(f"{feature}=()" for feature in settings.PERMISSIONS_POLICY_DENIED)

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", self.header)
        return response


class SiteCSPMiddleware(CSPMiddleware):
    """django-csp's CONTENT_SECURITY_POLICY on every page, the Wagtail admin's included.

    Under CSP_INLINE_ALLOWED_PREFIXES (Wagtail's page explorer and editor, user list, reports)
    inline scripts and styles are allowed too: Wagtail 8 renders inline ``<script>`` there (page
    listings, date pickers, inline panels) and its bundled scripts inject inline scripts and
    styles, which nonces cannot reach. Everything else, the staff screens included, stays strict.
    """

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if not report_only and request.path_info.startswith(
            tuple(settings.CSP_INLINE_ALLOWED_PREFIXES)
        ):
            inline = {"script-src": ["'unsafe-inline'"], "style-src": ["'unsafe-inline'"]}
            parts.update = {**inline, **(parts.update or {})}
        return parts
