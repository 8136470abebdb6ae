"""Citizens' text is plain text: no markup is stored, and everything is escaped on output."""

import html
import re
import unicodedata

import bleach

# C0/C1 control characters except tab and newline, plus bidi overrides and zero-width tricks.
_CONTROL_CHARS = re.compile(
    "[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]"
)
_MANY_BLANK_LINES = re.compile(r"\n{3,}")


def clean_plain_text(value, multiline=True):
    """Strip markup and control characters; normalise line ends and white space."""
    if not value:
        return ""
    text = unicodedata.normalize("NFC", str(value)).replace("\r\n", "\n").replace("\r", "\n")
    text = _CONTROL_CHARS.sub("", text)
    # bleach drops the tags (keeping their text), returning escaped text; unescape it back to
    # plain characters so that templates escape exactly once on output.
    text = html.unescape(bleach.clean(text, tags=set(), strip=True, strip_comments=True))
    if not multiline:
        text = " ".join(text.split())
    else:
        text = "\n".join(line.rstrip() for line in text.split("\n"))
        text = _MANY_BLANK_LINES.sub("\n\n", text)
    return text.strip()


def _safe_link(attrs, new=False):
    href = attrs.get((None, "href"), "")
    if not href.startswith(("http://", "https://")):
        return None
    attrs[(None, "rel")] = "nofollow noopener noreferrer ugc"
    attrs[(None, "target")] = "_blank"
    return attrs


def render_plain_text(text):
    """Escaped HTML with clickable http(s) links and line breaks, for templates."""
    escaped = html.escape(text or "")
    linked = bleach.linkify(escaped, callbacks=[_safe_link], parse_email=False)
    paragraphs = [p.replace("\n", "<br>") for p in linked.split("\n\n") if p.strip()]
    return "".join(f"<p>{p}</p>" for p in paragraphs)
