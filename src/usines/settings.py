"""Settings, read from the environment with safe defaults.

With no variable set the app runs on a SQLite file in the project folder, sends
e-mail to the console and queues tasks in the database. See README.md for every
variable.
"""

import os
import re
import secrets
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG")
DEMO_MODE = env_bool("USINES_DEMO")
TESTING = bool(os.environ.get("PYTEST_VERSION"))

# The key that signs sessions and links. Production sets SECRET_KEY. A demo or a
# development install makes its own random key once and keeps it beside the
# database (SECRET_KEY_FILE), so that no key written in the source can forge a link.
SECRET_KEY_FILE = Path(os.environ.get("SECRET_KEY_FILE", PROJECT_DIR / ".secret-key"))


def local_secret_key(path: Path) -> str:
    """The install's own random key, created at first use, readable by its owner only."""
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w") as file:
            file.write(secrets.token_urlsafe(50))
    return path.read_text().strip()


SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if os.environ.get("PYTEST_VERSION"):
        SECRET_KEY = secrets.token_urlsafe(50)  # a new key for each test run
    elif DEBUG or DEMO_MODE:
        SECRET_KEY = local_secret_key(SECRET_KEY_FILE)
    else:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# Uploaded photos. Production serves MEDIA_ROOT from the proxy; demo and debug
# modes serve it from Django.
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", PROJECT_DIR / "media"))
MEDIA_URL = "/media/"
SERVE_MEDIA = DEBUG or DEMO_MODE
PHOTO_MAX_BYTES = 5 * 1024 * 1024

# The maps' basemap (README, "Maps"): "osm" raster tiles from MAP_TILE_URL, drawn by
# the visitor's browser (OpenStreetMap's servers unless told otherwise, under their
# usage policy); "pmtiles" a vector basemap from a PMTiles file that this app serves
# itself, no third party involved; "none" the packaged outlines and town names only,
# nothing fetched from elsewhere (what the tests draw). Whatever the choice, a map
# whose basemap cannot be had falls back to the outlines and town names.
MAP_BASEMAPS = ("osm", "pmtiles", "none")
MAP_BASEMAP = os.environ.get("MAP_BASEMAP", "none" if TESTING else "osm").strip().lower()
if MAP_BASEMAP not in MAP_BASEMAPS:
    raise ImproperlyConfigured(f"MAP_BASEMAP must be one of {', '.join(MAP_BASEMAPS)}.")
MAP_TILE_URL = os.environ.get("MAP_TILE_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png")
# The credit the basemap's licence requires (HTML); empty: OpenStreetMap's, in the
# page's language.
MAP_TILE_ATTRIBUTION = os.environ.get("MAP_TILE_ATTRIBUTION", "")
MAP_PMTILES_PATH = Path(os.environ.get("MAP_PMTILES_PATH", PROJECT_DIR / "maps" / "france.pmtiles"))


def tile_source(url: str) -> str:
    """The Content-Security-Policy source of a tile URL: its scheme and host, a
    placeholder sub-domain ({s}.tile…) as a wildcard."""
    match = re.match(r"^(https?://[^/]+)", url)
    return re.sub(r"\{[^}]*\}", "*", match.group(1)) if match else ""


INSTALLED_APPS = [
    "usines.accounts",
    "usines.accounts.adminsite.ProjectAdminConfig",
    "django.contrib.sitemaps",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_filters",
    "ninja",
    "django_tasks",
    "django_tasks_db",
    "usines.reference",
    "usines.editions",
    "usines.factories",
    "usines.bookings",
    "usines.schools",
    "usines.outreach",
    "usines.reports",
    "usines.scheduling",
    "usines.people",
    "usines.surveys",
    "usines.ballots",
    "usines.mailinglist",
    "usines.privacy",
    "usines.notifications",
    "usines.api",
    "usines.ui",
    "usines.console",
    "usines.hosts",
    "usines.relays",
    "usines.teachers",
    "usines.web",
    "usines.demo",
]

MIDDLEWARE = [
    "usines.api.middleware.ApiOperations",
    "django.middleware.security.SecurityMiddleware",
    "usines.api.middleware.PublicReads",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "usines.ui.middleware.SharedPublicPages",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "usines.api.middleware.JsonApiErrors",
    "usines.ui.middleware.TooManyRequestsPage",
    "usines.ui.middleware.PrivatePagesNotStored",
    "usines.ui.middleware.ContentSecurityPolicy",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "usines.dbrouter.ReplicaReads",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

# The API's operations (/api/v1/ but its documentation page) skip the rest.
API_MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "usines.api.middleware.PublicReads",
    "django.middleware.locale.LocaleMiddleware",
    "usines.api.middleware.JsonApiErrors",
    "usines.ui.middleware.PrivatePagesNotStored",
    "usines.dbrouter.ReplicaReads",
]

ROOT_URLCONF = "usines.urls"
WSGI_APPLICATION = "usines.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "usines.ui.context_processors.current_edition",
            ],
            "builtins": ["usines.ui.templatetags.formats"],
        },
    },
]

# --- Database -------------------------------------------------------------
# SQLite: WAL lets readers run beside the one writer; IMMEDIATE transactions take
# the write lock at BEGIN so two bookings never deadlock upgrading a read lock;
# the timeout makes writers queue instead of failing with "database is locked".
SQLITE_PATH = Path(os.environ.get("SQLITE_PATH", PROJECT_DIR / "usines.sqlite3"))
DATABASE_URL = os.environ.get("DATABASE_URL", "")
SQLITE_OPTIONS = {
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
    "init_command": (
        "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=20000;"
    ),
}


def database(url: str) -> dict:
    """A database's settings from its URL: connections kept CONN_MAX_AGE seconds and
    checked before a request uses them, PostgreSQL's without a round trip
    (usines/postgresql)."""
    settings = dj_database_url.parse(
        url, conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")), conn_health_checks=True
    )
    if settings["ENGINE"] == "django.db.backends.postgresql":
        settings["ENGINE"] = "usines.postgresql"
    return settings


if DATABASE_URL:
    DATABASES = {"default": database(DATABASE_URL)}
    if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # sqlite:///path
        DATABASES["default"]["OPTIONS"] = SQLITE_OPTIONS
    elif env_bool("DATABASE_PREPARED"):
        # Server-side parameters, so psycopg prepares a statement run 5 times on a
        # connection (behind PgBouncer: transaction mode needs max_prepared_statements).
        DATABASES["default"]["OPTIONS"] = {"server_side_binding": True}
    # Behind PgBouncer in transaction mode (DATABASE_POOLED=1) a server connection
    # changes between transactions: no server-side cursor may outlive one. Django's
    # kept connections (CONN_MAX_AGE) are then to PgBouncer, which is what it is for.
    DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = env_bool("DATABASE_POOLED")
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": SQLITE_PATH,
            "OPTIONS": SQLITE_OPTIONS,
            # A file, not memory: concurrency tests open it from many processes.
            "TEST": {"NAME": str(PROJECT_DIR / ".test-db.sqlite3")},
        }
    }

# A streaming replica for the public reads (usines/dbrouter.py): the discovery
# pages, the API's public GETs and the GeoJSON read from it; everything else, and a
# browser for REPLICA_PIN_SECONDS after it wrote, reads from the primary.
DATABASE_REPLICA_URL = os.environ.get("DATABASE_REPLICA_URL", "")
REPLICA_PIN_SECONDS = int(os.environ.get("REPLICA_PIN_SECONDS", "30"))
DATABASE_ROUTERS = ["usines.dbrouter.ReplicaRouter"]
if DATABASE_REPLICA_URL:
    if not DATABASE_URL:
        raise ImproperlyConfigured("DATABASE_REPLICA_URL needs DATABASE_URL (the primary).")
    DATABASES["replica"] = database(DATABASE_REPLICA_URL)
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "hosts:home"
LOGOUT_REDIRECT_URL = "web:home"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Language and time ----------------------------------------------------
LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("French")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

# --- Static files ---------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", PROJECT_DIR / "staticfiles"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or os.environ.get("PYTEST_VERSION")
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# --- E-mail and tasks -----------------------------------------------------
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
# Where the file-based backend writes each e-mail (checks and fault tests).
EMAIL_FILE_PATH = os.environ.get("EMAIL_FILE_PATH") or None
DEFAULT_FROM_EMAIL = os.environ.get(
    "DEFAULT_FROM_EMAIL", "Usines Ouvertes <noreply@usines-ouvertes.invalid>"
)

TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}

# --- Cache and rate limits --------------------------------------------------
# The cache every web process shares: the rate limits' counters live here. A
# database table by default (`manage.py createcachetable`), Redis with REDIS_URL.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "usines_cache",
        }
    }
# Off only for benchmarks that measure the booking path itself (docs/security.md).
RATELIMIT_ENABLE = env_bool("RATE_LIMITS", True)
RATELIMIT_USE_CACHE = "default"
# Posts of a form one client address may make in a rate-limit window before the
# form asks its browser for a proof of work (usines/proof.py).
PROOF_FREE_POSTS = int(os.environ.get("PROOF_FREE_POSTS", "3"))
# Behind a proxy, the header holding the client's address (e.g. HTTP_X_REAL_IP).
RATELIMIT_IP_META_KEY = os.environ.get("CLIENT_IP_HEADER") or None
# The database cache counts well enough for limits (a lost increment under a race
# lets one request more through); Redis counts exactly.
SILENCED_SYSTEM_CHECKS = ["django_ratelimit.W001"]

# --- Domain settings ------------------------------------------------------
# How long the API's public reads (sites, slots, map points) are kept by each web
# process, and how long they and the public pages may be kept by a proxy or CDN
# (Cache-Control: public, max-age; see ui.middleware.SharedPublicPages); 0: never.
PUBLIC_READ_SECONDS = int(os.environ.get("PUBLIC_READ_SECONDS", "10"))
# How long a process may book on what it read of a slot (its start, window, host)
# before reading it again; places themselves are always decided by the database. A
# change saved through the application reaches every process sooner: each looks
# whether one was announced every SLOT_FACTS_CHECK_SECONDS (bookings/recent.py).
SLOT_FACTS_SECONDS = float(os.environ.get("SLOT_FACTS_SECONDS", "300"))
SLOT_FACTS_CHECK_SECONDS = float(os.environ.get("SLOT_FACTS_CHECK_SECONDS", "1"))
# How long a waiting-list offer stays open before it passes to the next entry.
WAITLIST_OFFER_HOURS = int(os.environ.get("WAITLIST_OFFER_HOURS", "24"))
# How many months after an edition's last day its visitors' and classes' personal data
# are deleted by the purge (privacy.services.purge_personal_data); the counts stay.
PERSONAL_DATA_MONTHS = int(os.environ.get("PERSONAL_DATA_MONTHS", "12"))
# How old the organisers' dashboard figures may grow before a refresh is queued.
FIGURES_MAX_AGE = int(os.environ.get("FIGURES_MAX_AGE", "60"))
# The fewest answers a group of the impact figures needs to show a figure (fewer:
# "too few answers", and complementary groups hidden so that none can be subtracted).
SURVEY_MIN_CELL = int(os.environ.get("SURVEY_MIN_CELL", "10"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        # A refused booking (409, 429) or a page not found is an answer, not a
        # warning: when bookings open they come by thousands a minute. Server errors
        # are still logged, and refused form tokens or hosts (django.security).
        "django.request": {"level": "ERROR"},
    },
}

# --- Security ---------------------------------------------------------------
# Production is safe by default: HTTPS only (redirect, HSTS, secure cookies). A demo
# on http://127.0.0.1, a DEBUG run and the tests are the exceptions.
PRODUCTION = not (DEBUG or DEMO_MODE or TESTING)
SESSION_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", PRODUCTION)
CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", PRODUCTION)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", PRODUCTION)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", 31536000 if PRODUCTION else 0))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", PRODUCTION)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", PRODUCTION)
# Behind a proxy that terminates TLS and sets X-Forwarded-Proto (and strips it from
# clients' requests): BEHIND_PROXY=1 lets Django see the request was HTTPS.
if env_bool("BEHIND_PROXY"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# The health check answers the proxy over plain HTTP inside the network.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

# Content-Security-Policy (django-csp): scripts and style sheets from this site
# only, no inline script; style attributes are allowed (Leaflet and the charts set
# them). Map tiles are images from MAP_TILE_URL's host when the basemap is "osm"; a
# PMTiles basemap is read from this site (connect-src 'self').
_TILE_SOURCE = tile_source(MAP_TILE_URL) if MAP_BASEMAP == "osm" else ""
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "style-src-attr": ["'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:", *([_TILE_SOURCE] if _TILE_SOURCE else [])],
        "connect-src": ["'self'"],
        "font-src": ["'self'"],
        "media-src": ["'self'", "blob:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'self'"],
    },
    # JSON answers run no script: the booking rush does not build a policy for them.
    "EXCLUDE_URL_PREFIXES": ["/api/v1/bookings"],
}
