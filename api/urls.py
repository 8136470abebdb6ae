"""Open311 GeoReport v2 under /open311/v2/ and the TV desk's exports under /api/tv/v1/."""

from django.urls import path

from .open311.router import api as open311
from .tv_router import api as tv

urlpatterns = [
    path("open311/v2/", open311.urls),
    path("api/tv/v1/", tv.urls),
]
