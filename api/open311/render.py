"""The two Open311 formats, by the URL's suffix: JSON (a root array or object, `null` for a missing
value) and XML (`<?xml …?>` with the spec's element names, an empty element for a missing value).

Values are plain dicts, lists, strings, numbers, booleans and None; dates are already W3C strings
(`w3c`). A list inside a dict becomes a wrapper element holding one element per item, named by
`ITEM_TAGS` (`formats` → `format`).
"""

import json
import xml.etree.ElementTree as ET

from django.http import HttpResponse
from django.utils import timezone

FORMATS = ("json", "xml")
CONTENT_TYPES = {
    "json": "application/json; charset=utf-8",
    "xml": "text/xml; charset=utf-8",
}
# The element of each item of a list, by the list's own element (the spec's names).
ITEM_TAGS = {
    "services": "service",
    "service_requests": "request",
    "errors": "error",
    "attributes": "attribute",
    "values": "value",
    "endpoints": "endpoint",
    "formats": "format",
}


def w3c(moment):
    """A W3C datetime in the city's time zone, to the second: 2026-11-30T09:05:00+08:00."""
    if moment is None:
        return None
    return timezone.localtime(moment).isoformat(timespec="seconds")


def _text(value):
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _fill(element, value):
    if isinstance(value, dict):
        for name, child in value.items():
            _fill(ET.SubElement(element, name), child)
    elif isinstance(value, list):
        item_tag = ITEM_TAGS[element.tag]
        for item in value:
            _fill(ET.SubElement(element, item_tag), item)
    elif value is not None:
        element.text = _text(value)


def to_xml(root, value):
    """`value` (a list or a dict) as an XML document whose root element is `root`."""
    element = ET.Element(root)
    _fill(element, value)
    body = ET.tostring(element, encoding="unicode")
    return '<?xml version="1.0" encoding="utf-8"?>' + body


def respond(fmt, root, value, status=200, cors=False):
    """The answer in `fmt` ("json" or "xml"); `root` names the XML root element."""
    content = to_xml(root, value) if fmt == "xml" else json.dumps(value, ensure_ascii=False)
    response = HttpResponse(content.encode(), status=status, content_type=CONTENT_TYPES[fmt])
    if cors:
        response["Access-Control-Allow-Origin"] = "*"
    return response
