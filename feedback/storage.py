from django.conf import settings
from django.core.files.storage import FileSystemStorage, InMemoryStorage
from django.utils.functional import LazyObject


class PrivateStorage(LazyObject):
    """Storage for citizens' photos: outside MEDIA_ROOT, reachable only through a checking view."""

    def _setup(self):
        default_backend = settings.STORAGES["default"]["BACKEND"]
        if default_backend.endswith("InMemoryStorage"):
            self._wrapped = InMemoryStorage()
        else:
            self._wrapped = FileSystemStorage(location=settings.PRIVATE_MEDIA_ROOT, base_url=None)

    def deconstruct(self):
        return ("feedback.storage.PrivateStorage", (), {})


private_storage = PrivateStorage()
