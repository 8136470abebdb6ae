from django.conf import settings


def search_backend(request):
    """Which search backend answers, for the admin and the search page."""
    return {"search_backend": "elasticsearch" if settings.ELASTICSEARCH_URL else "database"}
