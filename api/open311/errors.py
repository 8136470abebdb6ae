"""Open311 errors as the spec writes them: a list of {code, description}, in the request's format
(`<errors><error><code>…</code><description>…</description></error></errors>` in XML).

HTTP: 404 unknown resource, service code or jurisdiction; 403 missing or invalid `api_key`;
429 over the rate limit; 405 wrong method; 400 every other wrong argument. Several wrong
arguments give several errors in one answer.
"""

from .render import FORMATS, respond


class Open311Error(Exception):
    def __init__(self, status, *descriptions):
        super().__init__(*descriptions)
        self.status = status
        self.descriptions = descriptions or ("error",)


def error_response(fmt, status, descriptions, headers=None):
    body = [{"code": status, "description": text} for text in descriptions]
    response = respond(fmt if fmt in FORMATS else "json", "errors", body, status=status)
    for name, value in (headers or {}).items():
        response[name] = value
    return response
