"""PDF copies of live bulletins (government bulletins circulate as documents), with WeasyPrint.

A PDF takes about a second of CPU and 150 MB to render, too heavy for a web request: it is
rendered in the background when a bulletin is published (`home.tasks.render_bulletin_pdf`) and
kept in the private storage under the live revision and a digest of the cited threads that are
public now, so that publishing again, or a moderator masking or hiding a cited thread, gives a
new file. The `pdf/` route serves the stored file; when it is missing (the task has not run
yet), the first request renders it while the others are asked to retry shortly.

The renderer fetches only the site's own static files: any other address in the document
(rich text links, images from elsewhere) is refused, so a bulletin cannot make the server fetch
the network.
"""

import hashlib
import mimetypes
from pathlib import PurePosixPath

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.http import FileResponse, HttpResponse
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext
from PIL import ImageFile

from core.storage import private_storage

BASE_URL = "https://echowall.invalid/"
RENDER_LOCK_SECONDS = 120


def pdf_name(page, threads=None):
    """Where the PDF of the page's live revision and its public cited threads is kept."""
    threads = page.cited_threads() if threads is None else threads
    cited = "\n".join(f"{issue.pk}:{issue.title}" for issue in threads)
    digest = hashlib.sha256(cited.encode()).hexdigest()[:16]
    return f"documents/{page.pk}/{page.live_revision_id}-{digest}.pdf"


def stored_pdf(page):
    """(name, size) of the page's current PDF when it has been rendered, else None."""
    storage = private_storage()
    name = pdf_name(page)
    if not storage.exists(name):
        return None
    return StoredPdf(name, storage.size(name))


class StoredPdf:
    def __init__(self, name, size):
        self.name, self.size = name, size


def _static_fetcher():
    _import_weasyprint()
    from weasyprint.urls import URLFetcher, URLFetcherResponse  # noqa: PLC0415 - 50 MB import, workers only

    class StaticOnlyFetcher(URLFetcher):
        """Serves the site's static files (the stylesheet, images) and refuses anything else."""

        def fetch(self, url, headers=None):
            static = BASE_URL.rstrip("/") + settings.STATIC_URL
            if not url.startswith(static):
                raise ValueError(f"refused: {url}")
            relative = PurePosixPath(url[len(static) :].split("?")[0])
            found = finders.find(str(relative)) if ".." not in relative.parts else None
            if not found:
                raise ValueError(f"not found: {url}")
            mime = mimetypes.guess_type(found)[0] or "application/octet-stream"
            with open(found, "rb") as file:
                return URLFetcherResponse(url, file.read(), {"Content-Type": mime})

    return StaticOnlyFetcher()


def _import_weasyprint():
    """WeasyPrint sets Pillow's global LOAD_TRUNCATED_IMAGES when imported, which would let a
    corrupt photo through the citizens' photo checks (core.photos) in the same process: put it
    back. The PDFs' images are the site's own static files."""
    previous = ImageFile.LOAD_TRUNCATED_IMAGES
    import weasyprint  # noqa: PLC0415 - 50 MB at import: only the worker and the fallback need it

    ImageFile.LOAD_TRUNCATED_IMAGES = previous
    return weasyprint


def render_pdf(html):
    """The PDF of an HTML document of this site (bytes)."""
    weasyprint = _import_weasyprint()
    document = weasyprint.HTML(string=html, base_url=BASE_URL, url_fetcher=_static_fetcher())
    return document.write_pdf()


def render_bulletin_pdf(page):
    """Render and keep the PDF of a live bulletin; returns its storage name."""
    context = page.document_context()
    name = pdf_name(page, context["threads"])
    storage = private_storage()
    if storage.exists(name):
        return name
    with translation.override(settings.LANGUAGE_CODE):
        html = render_to_string("home/bulletin_document_page.html", {**context, "document": True})
    storage.save(name, ContentFile(render_pdf(html)))
    return name


def serve_pdf(request, page):
    storage = private_storage()
    name = pdf_name(page)
    if not storage.exists(name):
        lock = f"echowall:pdf:{name}"
        if not cache.add(lock, True, RENDER_LOCK_SECONDS):
            response = HttpResponse(gettext("The PDF is being prepared."), status=503)
            response["Retry-After"] = "5"
            return response
        try:
            name = render_bulletin_pdf(page)
        finally:
            cache.delete(lock)
    return FileResponse(
        storage.open(name), content_type="application/pdf", filename=f"{page.slug}.pdf"
    )
