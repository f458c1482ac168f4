"""The WSGI application gunicorn serves.

Each worker loads every page and API operation, and the interface's languages,
before its first request: no visitor waits for those imports (half a second), not
even after a worker restarts in the middle of a rush. What it loaded then lives as
long as the worker, so it is frozen out of the garbage collector's sight: a full
collection scans what the requests created, not the 150 000 objects of the code.
"""

import gc
import os

from django.conf import settings
from django.core.wsgi import get_wsgi_application
from django.template import engines
from django.urls import get_resolver
from django.utils import translation

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "usines.settings")
application = get_wsgi_application()

get_resolver().url_patterns  # noqa: B018  # imports every view, the API's included
engines.all()  # every template tag library
for language, _name in settings.LANGUAGES:
    translation.activate(language)
translation.deactivate()
gc.freeze()
