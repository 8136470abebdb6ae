"""The browser tests' server starts each test as a fresh site would.

Between tests the test run empties the database (pytest-django's flush), which re-creates the
content types with new ids; a long-running server would keep the old ids and its cache (rate
limits, site root paths) from the previous test. The test process writes a new token into a
file before each test; on the first request that sees a new token, this middleware drops
what the server remembered.
"""

import os
from pathlib import Path

from django.contrib.contenttypes.models import ContentType
from django.core.cache import caches


class FreshStatePerTest:
    def __init__(self, get_response):
        self.get_response = get_response
        self.token_file = Path(os.environ["ECHOWALL_E2E_TOKEN_FILE"])
        self.seen = None

    def __call__(self, request):
        token = self.token_file.read_text() if self.token_file.exists() else ""
        if token != self.seen:
            ContentType.objects.clear_cache()
            for alias in caches:
                caches[alias].clear()
            self.seen = token
        return self.get_response(request)
