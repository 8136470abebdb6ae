"""The home page's editorial blocks: notices (shown between two dates), banners and link lists.
Dates are checked when the page is shown, in Python: no query."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.images.blocks import ImageChooserBlock


class NoticeBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("heading"))
    text = blocks.RichTextBlock(label=_("text"), features=["bold", "link"])
    level = blocks.ChoiceBlock(
        label=_("level"),
        choices=[("info", _("Information")), ("urgent", _("Urgent"))],
        default="info",
    )
    shown_from = blocks.DateBlock(label=_("shown from"), required=False)
    shown_until = blocks.DateBlock(label=_("shown until"), required=False)

    class Meta:
        template = "home/blocks/notice.html"
        icon = "warning"
        label = _("Notice")


class LinkTarget(blocks.StructBlock):
    page = blocks.PageChooserBlock(label=_("page"), required=False)
    url = blocks.URLBlock(label=_("or address"), required=False)

    def clean(self, value):
        value = super().clean(value)
        if bool(value.get("page")) == bool(value.get("url")):
            raise blocks.StructBlockValidationError(
                block_errors={"url": [_("Give a page or an address, not both.")]}
            )
        return value


class BannerBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("image"))
    heading = blocks.CharBlock(label=_("heading"))
    link = LinkTarget(label=_("link"))

    class Meta:
        template = "home/blocks/banner.html"
        icon = "image"
        label = _("Banner")


class LinkBlock(blocks.StructBlock):
    label = blocks.CharBlock(label=_("label"))
    page = blocks.PageChooserBlock(label=_("page"))


class HomeBlocks(blocks.StreamBlock):
    notice = NoticeBlock()
    banner = BannerBlock()
    links = blocks.ListBlock(
        LinkBlock(), label=_("Links"), template="home/blocks/links.html", icon="list-ul"
    )


def shown_today(stream, today=None):
    """The blocks to show today: notices outside their dates are left out."""
    today = today or timezone.localdate()
    shown = []
    for block in stream:
        if block.block_type == "notice":
            start, end = block.value.get("shown_from"), block.value.get("shown_until")
            if (start and today < start) or (end and today > end):
                continue
        shown.append(block)
    return shown
