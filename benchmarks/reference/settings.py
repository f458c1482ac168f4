"""The reference for the booking benchmark: the project's settings and database, with
no middleware and a URL map of minimal views. Served by gunicorn exactly as the
project is; never shipped with it."""

from usines.settings import *  # noqa: F403

ROOT_URLCONF = "reference.urls"
MIDDLEWARE: list[str] = []
