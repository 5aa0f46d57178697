"""Settings for every environment, driven by environment variables with safe local defaults.

Local default: SQLite file, media on disk, Celery on kombu's filesystem transport (a real
worker, no server). Production: set DATABASE_URL, CELERY_BROKER_URL, SECRET_KEY,
ALLOWED_HOSTS and DEBUG=0 (see README).
"""

import importlib.util
import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parents[2]
SITE_ROOT = BASE_DIR / "site"
VAR_DIR = Path(os.environ.get("VAR_DIR", BASE_DIR / "var"))


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on", "oui"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_int(name, default):
    return int(os.environ.get(name) or default)


DEBUG = env_bool("DEBUG", False)
# The local default key is flagged by `check --deploy` (security.W009): production must set one.
SECRET_KEY = os.environ.get("SECRET_KEY") or "django-insecure-local-only-never-use-in-production"
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# `demo` (load_demo_data) sits above the others: it imports them all, none imports it.
PROJECT_APPS = ["home", "places", "programmes", "artworks", "spreadsheets", "demo"]
INSTALLED_APPS = [
    *PROJECT_APPS,
    # Wagtail
    "django.contrib.humanize",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "import_export",
    # Django
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.sitemaps",
    "django.contrib.staticfiles",
    "storages",
    "csp",
    "axes",
]

MIDDLEWARE = [
    "home.cache.UpdatePublicPageCache",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
    "home.cache.FetchPublicPageCache",
    # After the page cache (a page served from it needs no site): the site and its root page
    # from the cache rather than three queries (home.routing).
    "home.routing.CachedSiteMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [SITE_ROOT / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

# --- Database -----------------------------------------------------------------------------
_DATABASE_URL = os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}"
DATABASES = {
    "default": dj_database_url.parse(
        _DATABASE_URL,
        # PostgreSQL: each web or worker process keeps its connection for a minute (checked
        # before reuse) instead of opening one per request — five times the requests per second
        # on a page with one query (tests/bench/pages.py). SQLite opens a file: nothing to keep.
        conn_max_age=env_int("CONN_MAX_AGE", 60 if _DATABASE_URL.startswith("postgres") else 0),
        conn_health_checks=True,
    )
}
IS_POSTGRES = DATABASES["default"]["ENGINE"].endswith("postgresql")
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # Web and worker share the file: WAL + IMMEDIATE transactions avoid "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Language, time --------------------------------------------------------------------------
LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", "Français")]
WAGTAILADMIN_PERMITTED_LANGUAGES = [("fr", "Français")]
WAGTAIL_I18N_ENABLED = False
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [SITE_ROOT / "locale"]

# --- Cache ----------------------------------------------------------------------------------
# CACHE_URL=redis://… in production (shared by every web process); a per-process memory cache
# otherwise. Public pages are cached whole for anonymous visitors (home/cache.py); a change
# refreshes only the pages that show what changed (tags declared while rendering).
CACHE_URL = os.environ.get("CACHE_URL", "")
CACHES = {
    "default": (
        {"BACKEND": "home.redis_cache.ReusedClientRedisCache", "LOCATION": CACHE_URL}
        if CACHE_URL.startswith(("redis://", "rediss://"))
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "ihds"}
    )
}
CACHE_MIDDLEWARE_ALIAS = "default"
CACHE_MIDDLEWARE_KEY_PREFIX = "public"
CACHE_MIDDLEWARE_SECONDS = PUBLIC_PAGE_CACHE_SECONDS = env_int("PUBLIC_PAGE_CACHE_SECONDS", 300)

# tests/bench/load.py compares each page with a trivial view on the same server (the floor).
BENCH_FLOOR_VIEW = env_bool("BENCH_FLOOR_VIEW", False)

# --- Static and media ------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "static_collected"))
# django-leaflet ships Leaflet's files; its app is not installed because its admin module imports
# GeoDjango, which needs the GDAL system library (startup fails without it). Its static folder is
# found without importing the package, which reads these settings.
STATICFILES_DIRS = [
    SITE_ROOT / "static",
    Path(importlib.util.find_spec("leaflet").submodule_search_locations[0]) / "static",
]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if env_bool("STATIC_MANIFEST", not DEBUG)
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
AWS_STORAGE_BUCKET_NAME = os.environ.get("AWS_STORAGE_BUCKET_NAME", "")
if AWS_STORAGE_BUCKET_NAME:
    # S3-compatible media (AWS, Scaleway, OVH, MinIO…) through django-storages.
    STORAGES["default"] = {"BACKEND": "storages.backends.s3.S3Storage"}
    AWS_S3_ENDPOINT_URL = os.environ.get("AWS_S3_ENDPOINT_URL") or None
    AWS_S3_REGION_NAME = os.environ.get("AWS_S3_REGION_NAME") or None
    AWS_ACCESS_KEY_ID = os.environ.get("AWS_ACCESS_KEY_ID")
    AWS_SECRET_ACCESS_KEY = os.environ.get("AWS_SECRET_ACCESS_KEY")
    AWS_DEFAULT_ACL = None
    AWS_QUERYSTRING_AUTH = env_bool("AWS_QUERYSTRING_AUTH", True)
    AWS_S3_FILE_OVERWRITE = False

# Files only their owner may download (uploaded import files, rejected rows, background exports:
# they may hold personal data): kept
# outside MEDIA_ROOT so that no web server or /media/ URL serves them; a view checks who asks.
PRIVATE_MEDIA_ROOT = Path(os.environ.get("PRIVATE_MEDIA_ROOT", VAR_DIR / "private"))
STORAGES["private"] = {
    "BACKEND": "django.core.files.storage.FileSystemStorage",
    "OPTIONS": {"location": PRIVATE_MEDIA_ROOT},
}
if AWS_STORAGE_BUCKET_NAME:
    STORAGES["private"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ.get("AWS_PRIVATE_STORAGE_BUCKET_NAME")
            or AWS_STORAGE_BUCKET_NAME,
            "location": "prive",
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }

# Wagtail images whose rights forbid online display are renamed with a private mark; the default
# storage keeps such files in the private storage and links them to a checked admin view.
STORAGES["default"] = {
    "BACKEND": "home.private_media.MediaStorage",
    "OPTIONS": {"public": STORAGES["default"]},
}

# Uploaded media are served by the web server in front (nginx) or by S3; SERVE_MEDIA=1 lets
# Django serve them itself, for DEBUG and for a single-machine production-like run.
SERVE_MEDIA = env_bool("SERVE_MEDIA", DEBUG)

DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# A file past its view's `max_upload_size` is dropped as it arrives (home/uploads.py).
FILE_UPLOAD_HANDLERS = [
    "home.uploads.BoundedUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]

# --- Email ------------------------------------------------------------------------------------
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get(
    "DEFAULT_FROM_EMAIL", "Institut des Hauts-de-Seine <ne-pas-repondre@hauts-de-seine.fr>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Security ---------------------------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"  # Wagtail's preview views opt back in to SAMEORIGIN themselves.
SESSION_COOKIE_HTTPONLY = True
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # load balancers probe over plain HTTP
    SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", True)
    CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", True)
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
if env_bool("USE_X_FORWARDED_PROTO", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGIN_URL = "wagtailadmin_login"

# Login throttling (django-axes): after 5 failures for a username from one address, that pair is
# locked out for 15 minutes; the page says so in French (templates/axes/lockout.html).
AXES_ENABLED = env_bool("AXES_ENABLED", True)
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "axes/lockout.html"
AXES_RESET_ON_SUCCESS = True
AXES_IPWARE_PROXY_COUNT = env_int("AXES_IPWARE_PROXY_COUNT", 0) or None
AXES_VERBOSE = False

# --- Maps: Leaflet (from django-leaflet, served by the site) over tiles from this provider ---
# Any XYZ tile service; IGN's Plan IGN v2, for instance:
#   MAP_TILES_URL=https://data.geopf.fr/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0&LAYER=GEOGRAPHICALGRIDSYSTEMS.PLANIGNV2&STYLE=normal&TILEMATRIXSET=PM&FORMAT=image/png&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}
#   MAP_TILES_ATTRIBUTION="© IGN – Plan IGN"
MAP_TILES_URL = os.environ.get("MAP_TILES_URL") or "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
MAP_TILES_ATTRIBUTION = (
    os.environ.get("MAP_TILES_ATTRIBUTION")
    or '© <a href="https://www.openstreetmap.org/copyright">les contributeurs d’OpenStreetMap</a>'
)
MAP_TILES_MAX_ZOOM = env_int("MAP_TILES_MAX_ZOOM", 19)


def _tile_source(url):
    """The CSP source of a tile URL template: its origin, with Leaflet's {s} as a wildcard."""
    from urllib.parse import urlsplit

    parts = urlsplit(url.replace("{s}", "*"))
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else None


# Content-Security-Policy for the public site (django-csp). The Wagtail admin is left to
# Wagtail's own protections: its editors use inline scripts and styles a strict policy breaks.
_MEDIA_SOURCES = env_list("AWS_S3_ENDPOINT_URL")
CONTENT_SECURITY_POLICY = {
    "EXCLUDE_URL_PREFIXES": ["/admin/"],
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": [
            "'self'",
            "data:",
            *_MEDIA_SOURCES,
            *filter(None, [_tile_source(MAP_TILES_URL)]),
        ],
        "media-src": ["'self'", *_MEDIA_SOURCES],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-src": [
            "https://www.youtube-nocookie.com",
            "https://www.youtube.com",
            "https://player.vimeo.com",
        ],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}

# --- Wagtail ----------------------------------------------------------------------------------
WAGTAIL_SITE_NAME = "Institut des Hauts-de-Seine"
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
# The public site's address (https://nom.fr), written to the default Wagtail Site after each
# migrate (home.public_site): canonical links, Open Graph, sitemap. Empty: WAGTAILADMIN_BASE_URL
# from the environment, else the first real name of ALLOWED_HOSTS.
PUBLIC_SITE_URL = os.environ.get("PUBLIC_SITE_URL", "")
WAGTAIL_DATE_FORMAT = "%d/%m/%Y"
WAGTAIL_DATETIME_FORMAT = "%d/%m/%Y %H:%M"
WAGTAIL_TIME_FORMAT = "%H:%M"
WAGTAILSEARCH_BACKENDS = {
    "default": {
        "BACKEND": "wagtail.search.backends.database",
        **({"SEARCH_CONFIG": "french"} if IS_POSTGRES else {}),
    }
}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "ods", "pdf", "pptx", "txt", "xlsx"]
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 50_000_000  # a 50-megapixel photo; bigger is refused at upload
WAGTAILIMAGES_IMAGE_FORM_BASE = "home.uploads.SafeImageForm"
WAGTAILEMBEDS_RESPONSIVE_HTML = True

# --- Celery -----------------------------------------------------------------------------------
# Default: kombu's filesystem transport — a real worker and beat (started by `make run`)
# exchange messages through files under var/, so no server is needed and uploads never block.
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL") or "filesystem://"
if CELERY_BROKER_URL.startswith("filesystem://"):
    _queue_dir = VAR_DIR / "celery" / "queue"
    _processed_dir = VAR_DIR / "celery" / "processed"
    _control_dir = VAR_DIR / "celery" / "control"
    for _folder in (_queue_dir, _processed_dir, _control_dir, VAR_DIR / "celery" / "results"):
        _folder.mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_queue_dir),
        "data_folder_out": str(_queue_dir),
        "processed_folder": str(_processed_dir),
        "store_processed": False,
        "control_folder": str(_control_dir),
    }
    # kombu's filesystem transport, made safe for a worker reading while the site writes.
    CELERY_BROKER_TRANSPORT = "config.broker:Transport"
    _default_result_backend = f"file://{VAR_DIR / 'celery' / 'results'}"
else:
    # A message taken by a worker that died unacknowledged goes back to the queue after this
    # many seconds (Redis): longer than the longest task, or it would run twice at once.
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "visibility_timeout": env_int("CELERY_VISIBILITY_TIMEOUT", 3600)
    }
    _default_result_backend = CELERY_BROKER_URL
CELERY_RESULT_BACKEND = os.environ.get("CELERY_RESULT_BACKEND") or _default_result_backend
CELERY_RESULT_EXPIRES = 7 * 24 * 3600
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", False)
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
# Reliability: tasks are written to be idempotent, so acknowledge after the work is done and
# give a message back to the queue if the worker dies mid-task.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = env_int("CELERY_TASK_SOFT_TIME_LIMIT", 25 * 60)
CELERY_TASK_TIME_LIMIT = env_int("CELERY_TASK_TIME_LIMIT", 30 * 60)
CELERY_TASK_TRACK_STARTED = True
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A test run split over pytest-xdist processes: each process sends and consumes its own queue,
# so that a worker started by one process never runs a task written for another's database.
if os.environ.get("PYTEST_XDIST_WORKER"):
    CELERY_TASK_DEFAULT_QUEUE = f"celery-{os.environ['PYTEST_XDIST_WORKER']}"
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
# The beat schedule is not set here: each app declares BEAT_SCHEDULE in its own `schedule.py`,
# merged by the Celery app once Django is set up (config.celery.beat_schedule).

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        "django_tasks": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
        "django.tasks": {"level": "WARNING"},
    },
}

# --- Spreadsheet imports and exports (spreadsheets app) -------------------------------------
SPREADSHEETS_MAX_UPLOAD_SIZE = env_int("SPREADSHEETS_MAX_UPLOAD_SIZE", 20 * 1024 * 1024)
SPREADSHEETS_MAX_ROWS = env_int("SPREADSHEETS_MAX_ROWS", 200_000)
SPREADSHEETS_MAX_COLUMNS = env_int("SPREADSHEETS_MAX_COLUMNS", 200)
SPREADSHEETS_MAX_UNCOMPRESSED_SIZE = env_int(
    "SPREADSHEETS_MAX_UNCOMPRESSED_SIZE", 300 * 1024 * 1024
)
# Reading a workbook is bounded (spreadsheets/reading.py): one XML member at most
# SPREADSHEETS_MAX_PART_SIZE bytes; a workbook unpacking to more than
# SPREADSHEETS_IN_PROCESS_SIZE bytes is checked and parsed in a child process stopped after
# SPREADSHEETS_READ_TIMEOUT seconds (keep it under gunicorn's --timeout, 30 s by default),
# SPREADSHEETS_READ_CPU_SECONDS of CPU or SPREADSHEETS_READ_MEMORY bytes of memory: the file
# is then refused in French.
SPREADSHEETS_MAX_PART_SIZE = env_int("SPREADSHEETS_MAX_PART_SIZE", 200 * 1024 * 1024)
SPREADSHEETS_IN_PROCESS_SIZE = env_int("SPREADSHEETS_IN_PROCESS_SIZE", 1024 * 1024)
SPREADSHEETS_READ_TIMEOUT = env_int("SPREADSHEETS_READ_TIMEOUT", 25)
SPREADSHEETS_READ_CPU_SECONDS = env_int("SPREADSHEETS_READ_CPU_SECONDS", 25)
SPREADSHEETS_READ_MEMORY = env_int("SPREADSHEETS_READ_MEMORY", 1024 * 1024 * 1024)
# In a Celery job (no web worker waits; CELERY_TASK_TIME_LIMIT bounds it), the read may last
# up to SPREADSHEETS_BACKGROUND_READ_TIMEOUT seconds (wall clock and CPU).
SPREADSHEETS_BACKGROUND_READ_TIMEOUT = env_int("SPREADSHEETS_BACKGROUND_READ_TIMEOUT", 600)
# Files with more rows than this are imported by a Celery job with a progress bar instead of
# during the request; so are exports of more records than SPREADSHEETS_BACKGROUND_EXPORT_ROWS,
# whose files are deleted after SPREADSHEETS_EXPORT_RETENTION_DAYS.
SPREADSHEETS_BACKGROUND_ROWS = env_int("SPREADSHEETS_BACKGROUND_ROWS", 2_000)
SPREADSHEETS_BACKGROUND_EXPORT_ROWS = env_int("SPREADSHEETS_BACKGROUND_EXPORT_ROWS", 5_000)
SPREADSHEETS_EXPORT_RETENTION_DAYS = env_int("SPREADSHEETS_EXPORT_RETENTION_DAYS", 7)
# An import preview left unconfirmed this long loses its stored rows (daily task).
SPREADSHEETS_PREVIEW_RETENTION_HOURS = env_int("SPREADSHEETS_PREVIEW_RETENTION_HOURS", 24)
IMPORT_EXPORT_USE_TRANSACTIONS = True
IMPORT_EXPORT_IMPORT_IGNORE_BLANK_LINES = True
# Formula escaping is done by the spreadsheets widgets (a leading apostrophe, undone on
# import); import-export's own option only strips "=" and would lose data.
IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT = False

# --- Project ----------------------------------------------------------------------------------
IHDS_PUBLIC_NAME = _("Institut des Hauts-de-Seine")
