"""Citizens' text is plain text: no markup is stored, and everything is escaped on output.

Cleaning is idempotent: text cleaned once comes out of a second cleaning unchanged (moderators'
forms clean the stored text again). Tags are removed and entities decoded once, as before; what
would still read as markup after that (``&lt;img …&gt;`` typed as text decodes to ``<img …>``, and
``&amp;lt;`` to ``&lt;``) keeps its look but not its meaning: the ``<`` that would open a tag
becomes "＜" and the ``&`` that would start an entity becomes "＆", so no later pass, feed reader or
template can ever turn it into markup.
"""

import html
import re
import unicodedata

import bleach
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# C0/C1 control characters except tab and newline, plus bidi overrides and zero-width tricks.
_CONTROL_CHARS = re.compile(
    "[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]"
)
_MANY_BLANK_LINES = re.compile(r"\n{3,}")
# "<" followed by what an HTML parser reads as the start of a tag, a comment or a declaration.
_TAG_OPEN = re.compile(r"<(?=[A-Za-z/!?])")
# Anything `html.unescape` might read as a character reference (it decides which really are).
_CHAR_REFERENCE = re.compile(r"&(?:#[0-9]+;?|#[xX][0-9a-fA-F]+;?|[^\t\n\f <&#;]{1,32};?)")
# Cleaning drops markup and spaces, so the text as typed may be longer than the limit; beyond this
# many times the limit it is refused before cleaning (cleaning megabytes of markup takes minutes).
RAW_LENGTH_FACTOR = 4


def raw_length_limit(limit):
    """The longest text, as typed, that is worth cleaning for a field of `limit` characters."""
    return max(limit * RAW_LENGTH_FACTOR, 200)


def clean_plain_text(value, multiline=True):
    """Strip markup and control characters; normalise line ends and white space. Idempotent."""
    if not value:
        return ""
    # bleach drops the tags (keeping their text), returning escaped text; unescape it back to
    # plain characters so that templates escape exactly once on output. Decoding may bring back
    # control characters or decomposed accents: normalise again, then neutralise.
    text = bleach.clean(_normalise(str(value)), tags=set(), strip=True, strip_comments=True)
    text = _neutralise(_normalise(html.unescape(text)))
    if not multiline:
        return " ".join(text.split())
    text = "\n".join(line.rstrip() for line in text.split("\n"))
    return _MANY_BLANK_LINES.sub("\n\n", text).strip()


def _normalise(text):
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROL_CHARS.sub("", text)


def _neutralise(text):
    """Look-alikes for the "<" and "&" that a second cleaning would read as markup or entities."""
    text = _TAG_OPEN.sub("＜", text)
    return _CHAR_REFERENCE.sub(
        lambda found: "＆" + found[0][1:] if html.unescape(found[0]) != found[0] else found[0], text
    )


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


# --- forms: the one way a form field takes citizens' or officials' text -----------------


def _length_error(field_label, length, limit):
    return ValidationError(
        _("%(field)s is %(length)d characters long; the limit is %(limit)d.")
        % {"field": field_label, "length": length, "limit": limit}
    )


def cleaned_text(value, limit, field_label, multiline=True, required=True):
    """`value` as plain text (`clean_plain_text`), or a ValidationError naming `field_label`:
    far over `limit` before cleaning, over it after, or empty when `required`."""
    if value and len(value) > raw_length_limit(limit):
        raise _length_error(field_label, len(value), limit)
    text = clean_plain_text(value, multiline=multiline)
    if required and not text:
        if value and value.strip():
            raise ValidationError(
                _(
                    "%(field)s contained only markup or control characters; please write it as "
                    "plain text."
                )
                % {"field": field_label}
            )
        raise ValidationError(_("Please fill in %(field)s.") % {"field": field_label})
    if len(text) > limit:
        raise _length_error(field_label, len(text), limit)
    return text
