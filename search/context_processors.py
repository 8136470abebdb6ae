from .backends import active_backend


def search_backend(request):
    """Which search backend answers, for the admin and the search page."""
    return {"search_backend": active_backend()}
