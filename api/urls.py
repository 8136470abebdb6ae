"""Open311 GeoReport v2 under /open311/v2/ and the TV desk's exports under /api/tv/v1/."""

urlpatterns = []
