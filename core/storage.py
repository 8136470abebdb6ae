from functools import cache

from django.conf import settings
from django.core.files.storage import FileSystemStorage, InMemoryStorage


@cache
def _build_private_storage(location, in_memory):
    if in_memory:
        return InMemoryStorage()
    return FileSystemStorage(location=location, base_url=None)


def private_storage():
    """Storage for citizens' photos: outside MEDIA_ROOT, reachable only through a checking view.

    A callable, so that migrations record this function rather than a settings-dependent path.
    """
    in_memory = settings.STORAGES["default"]["BACKEND"].endswith("InMemoryStorage")
    return _build_private_storage(str(settings.PRIVATE_MEDIA_ROOT), in_memory)
