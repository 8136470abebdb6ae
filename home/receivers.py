"""A bulletin's PDF is rendered in the background when the bulletin is published (directly or
by the chief editor's approval in the workflow)."""

from django.db import transaction
from django.dispatch import receiver
from wagtail.signals import page_published

from .models import BulletinPage
from .tasks import render_bulletin_pdf


@receiver(page_published, sender=BulletinPage)
def render_pdf_when_published(sender, instance, **kwargs):
    transaction.on_commit(lambda: render_bulletin_pdf.enqueue(instance.pk))
