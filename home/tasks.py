"""Background work of the media site: rendering a published bulletin's PDF (db_worker)."""

from django_tasks import task


@task()
def render_bulletin_pdf(page_id):
    from .documents import render_bulletin_pdf as render  # noqa: PLC0415 - WeasyPrint's helpers, worker only
    from .models import BulletinPage  # noqa: PLC0415 - tasks are a leaf module

    page = BulletinPage.objects.live().filter(pk=page_id).first()
    return render(page) if page is not None else None
