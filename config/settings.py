"""Settings: every knob comes from the environment (see README's configuration table)."""

import sys
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from import_export.formats import base_formats

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
TESTING = "pytest" in sys.modules
if not TESTING:
    # The development .env that `make run` writes; tests never read it, so they run the same everywhere.
    environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)

SECRET_KEY = env("SECRET_KEY", default="")
if not SECRET_KEY:
    if not (DEBUG or TESTING):
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "dev-only-insecure-key-never-use-in-production"

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
# A CSRF failure under an API prefix answers in that API's format (JSON), the admin keeps Django's page.
CSRF_FAILURE_VIEW = "config.api.error_formats.csrf_failure"

INSTALLED_APPS = [
    "config.admin_site.ProjectAdminConfig",  # django.contrib.admin with readable decimal inputs
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    # Swagger UI and ReDoc served from our own static files: /api/docs/ works without the internet.
    "drf_spectacular_sidecar",
    "django_celery_beat",
    "import_export",
    "corsheaders",
    "health_check",
    "axes",
    "config.api",
    "catalog",
    "inventory",
    "reviews",
    "integrations.wms",
    "integrations.imshop",
    "integrations.yandex_eats",
]

MIDDLEWARE = [
    # A request id on every log line and in the X-Request-ID response header
    "config.logging.RequestIdMiddleware",
    # never an HTML error page under /api/, /webhooks/, /yandex-eats/ (config/api/error_formats.py)
    "config.api.error_formats.ApiErrorFormatMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    # NUL characters refused on the APIs
    "config.api.middleware.RejectNulMiddleware",
    "config.db_router.ReplicaReadsMiddleware",
    # image URLs in answers are absolute: the request's origin unless MEDIA_BASE_URL (config/kernel/media.py)
    "config.media_base.MediaBaseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # the APIs answer in Russian whatever Accept-Language says; the admin keeps the language switch above
    "config.api.middleware.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # django-axes: login lockouts (admin and /api/lite/auth), kept in the database for every process
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # refuses a locked-out username + address before the password check
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
# The dev server (`make run`) serves each request in a new thread, and a persistent connection belongs to its
# thread: with CONN_MAX_AGE > 0 every request left one open connection behind until the database refused more.
RUNSERVER = len(sys.argv) > 1 and sys.argv[1] == "runserver"
if RUNSERVER:
    DATABASES["default"]["CONN_MAX_AGE"] = 0
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # SQLite serialises writers; a timeout avoids "database is locked" under the dev server.
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20
# Storefront search
# PostgreSQL's JIT compiles expensive-looking plans (EXISTS filters over 100k products) for 250 ms before
# running them for 50: the storefront's short queries are faster without it. POSTGRES_JIT=on restores it.
if DATABASES["default"]["ENGINE"].endswith("postgresql") and not env.bool("POSTGRES_JIT", default=False):
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
# A few hot reads are PREPAREd once per connection (config.kernel.sql.fetch_prepared). Off behind a pooler in
# transaction mode (PgBouncer), which cannot keep a session's prepared statements.
DATABASE_PREPARED_STATEMENTS = env.bool("DATABASE_PREPARED_STATEMENTS", default=True)
# Read replicas (PostgreSQL streaming replication, docs/deployment.md): DATABASE_REPLICA_URL is one URL or a
# comma-separated list; the public API, the Yandex Eats feeds and the stock export read from them
# (config/db_router.py). Unset: one database.
DATABASE_REPLICAS = []
for _index, _url in enumerate(env.list("DATABASE_REPLICA_URL", default=[])):
    _alias = f"replica{_index + 1}"
    DATABASES[_alias] = {**DATABASES["default"], **env.db_url_config(_url), "TEST": {"MIRROR": "default"}}
    DATABASE_REPLICAS.append(_alias)
DATABASE_ROUTERS = ["config.db_router.ReplicaRouter"]
REPLICA_READ_PATHS = ["/api/lite/pub/", "/api/lite/products/stocks", "/yandex-eats/nomenclature/"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            # The cache is an optimisation: when Redis is down the API keeps answering uncached.
            "OPTIONS": {"IGNORE_EXCEPTIONS": True, "SOCKET_CONNECT_TIMEOUT": 1, "SOCKET_TIMEOUT": 1},
        }
    }
    DJANGO_REDIS_IGNORE_EXCEPTIONS = True
else:
    # Throttle counters must be shared by every process: without Redis, Django's database cache table
    # (created by the api app's migration), never per-process memory.
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "django_cache"}}

# How many reverse proxies in front of the app append to X-Forwarded-For (config/kernel/client_ip.py). 0: the
# socket's address is the client's, and X-Forwarded-For is ignored.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
# Public GETs (listing, brands, filter blocks, reviews) are cached this many seconds, keyed by a catalog
# version every public write bumps on commit (never stale; the timeout only bounds memory). 0 = off, the
# default without Redis (the database cache table would cost about what it saves).
PUBLIC_CACHE_SECONDS = env.int("PUBLIC_CACHE_SECONDS", default=3600 if REDIS_URL else 0)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = env("LANGUAGE_CODE", default="ru")
LANGUAGES = [("ru", "Русский"), ("en", "English")]
TIME_ZONE = env("TIME_ZONE", default="Europe/Moscow")
FORMAT_MODULE_PATH = ["config.formats"]  # short Russian dates in the admin (config/formats/ru/formats.py)
USE_I18N = True
# Our apps' Russian catalogue (English sources): `makemessages -l ru` / `compilemessages`, see README.
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
MEDIA_URL = env("MEDIA_URL", default="/media/")
MEDIA_ROOT = Path(env("MEDIA_ROOT", default=str(BASE_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": env("DEFAULT_FILE_STORAGE", default="django.core.files.storage.FileSystemStorage")},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}

# A product written (POST) without `collections` is in this collection (by id), as Cactus keeps products in
# the catalog's root collection; unset: in none. PATCH keeps a product's collections as they are.
DEFAULT_PRODUCT_COLLECTION = env("DEFAULT_PRODUCT_COLLECTION", default="")
# Image URLs in answers are absolute: MEDIA_BASE_URL (e.g. https://img.example.com) + the storage's URL when
# that is relative; unset: the request's scheme and host (behind a proxy: SECURE_PROXY_SSL_HEADER,
# USE_X_FORWARDED_HOST).
MEDIA_BASE_URL = env("MEDIA_BASE_URL", default="")
USE_X_FORWARDED_HOST = env.bool("USE_X_FORWARDED_HOST", default=False)

# Images and spreadsheets
# Uploaded images go through Django's storage API. Setting S3_BUCKET switches the default storage to an
# S3-compatible bucket (django-storages); nothing else changes.
if env("S3_BUCKET", default=""):
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env("S3_BUCKET"),
            "endpoint_url": env("S3_ENDPOINT_URL", default=None),
            "region_name": env("S3_REGION", default=None),
            "access_key": env("S3_ACCESS_KEY", default=None),
            "secret_key": env("S3_SECRET_KEY", default=None),
            "custom_domain": env("S3_CUSTOM_DOMAIN", default=None),
            "querystring_auth": False,
            "file_overwrite": True,
        },
    }
IMAGE_MAX_BYTES = env.int("IMAGE_MAX_BYTES", default=10 * 1024 * 1024)
# Pillow's decompression-bomb guard: images with more pixels are refused.
# A product photo needs at most ~16 megapixels (4000x4000); each decoded megapixel costs 3-4 MB of memory.
IMAGE_MAX_PIXELS = env.int("IMAGE_MAX_PIXELS", default=16_000_000)
# Rows of the item template (GET /products/templates/items) and of one template analysis.
ITEM_TEMPLATE_MAX_ROWS = env.int("ITEM_TEMPLATE_MAX_ROWS", default=5000)
# Admin imports with more rows than this run as a Celery job (ImportJob) instead of in the request.
IMPORT_SYNC_MAX_ROWS = env.int("IMPORT_SYNC_MAX_ROWS", default=500)
# Every admin spreadsheet import (config.kernel.uploads): larger files and files with more rows are refused.
SPREADSHEET_IMPORT_MAX_BYTES = env.int("SPREADSHEET_IMPORT_MAX_BYTES", default=30 * 1024 * 1024)
SPREADSHEET_IMPORT_MAX_ROWS = env.int("SPREADSHEET_IMPORT_MAX_ROWS", default=20_000)

DATA_UPLOAD_MAX_MEMORY_SIZE = env.int("DATA_UPLOAD_MAX_MEMORY_SIZE", default=20 * 1024 * 1024)
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": [
        "config.api.renderers.CactusJSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    # JSON only: a form or multipart body to a JSON endpoint is a 415 (config.api.views.BaseAPIView), not
    # parsed into a QueryDict the services never expected. Upload endpoints name MultiPartParser themselves.
    "DEFAULT_PARSER_CLASSES": ["config.api.parsers.SafeJSONParser"],
    # The test client sends JSON unless a test names another format (the APIs read nothing else).
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "config.api.authentication.BearerTokenAuthentication",
        "config.api.authentication.StaffSessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "EXCEPTION_HANDLER": "config.api.errors.cactus_exception_handler",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_THROTTLE_RATES": {
        "auth": env("THROTTLE_AUTH", default="10/min"),
        "public": env("THROTTLE_PUBLIC", default="600/min"),
        "review_submit": env("THROTTLE_REVIEW_SUBMIT", default="5/min"),
    },
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    # `format` is a Cactus query parameter (format=json|xls), not DRF's renderer switch.
    "URL_FORMAT_OVERRIDE": None,
    # Cactus sends and expects numbers (`"stockTotal": 10`), never decimal strings; this also makes the
    # OpenAPI schema describe DecimalFields as numbers, as the answers are.
    "COERCE_DECIMAL_TO_STRING": False,
}

# django-import-export: the admin's Import / Export buttons (XLSX, XLS, CSV, JSON; dry run before writing).
IMPORT_EXPORT_FORMATS = [base_formats.XLSX, base_formats.XLS, base_formats.CSV, base_formats.JSON]
IMPORT_EXPORT_USE_TRANSACTIONS = True
# Who may import/export: the model's change / view permission (managers have them, moderators only for reviews).
IMPORT_EXPORT_IMPORT_PERMISSION_CODE = "change"
IMPORT_EXPORT_EXPORT_PERMISSION_CODE = "view"

SPECTACULAR_SETTINGS = {
    "TITLE": "Catalog back-office API (Cactus-compatible)",
    "DESCRIPTION": "Cactus `/api/lite` catalog API, IMSHOP webhooks and Yandex Eats partner API.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # Swagger UI / ReDoc assets from drf-spectacular-sidecar (static files), never a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # Distinct names for the three `type` choice sets (drf_spectacular.W001).
    "ENUM_NAME_OVERRIDES": {
        "ProductTypeEnum": "catalog.models.Product.Type",
        "WarehouseTypeEnum": "inventory.models.Warehouse.Type",
        "ValueKindEnum": ["string", "decimal"],
    },
}

# Cactus account settings.
# needApiProductsReturnDetails: product writes answer with the whole product (true) or just its id.
API_PRODUCTS_RETURN_DETAILS = env.bool("NEED_API_PRODUCTS_RETURN_DETAILS", default=False)
# Lifetime of tokens issued by POST /api/lite/auth, seconds (Cactus answers 14400).
API_LOGIN_TOKEN_TTL = env.int("API_LOGIN_TOKEN_TTL", default=14400)

# IMSHOP webhooks (integrations.imshop)
# The shop's API key IMSHOP sends as `Authorization: Bearer <key>` or a `key` body field; empty = webhooks closed (503).
IMSHOP_API_KEY = env("IMSHOP_API_KEY", default="")

# Celery: with no REDIS_URL tasks run eagerly in-process (development and SQLite tests).
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL or env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=600)
CELERY_TASK_SOFT_TIME_LIMIT = env.int("CELERY_TASK_SOFT_TIME_LIMIT", default=540)
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
# One queue per concern, so workers scale per queue (README "Celery"): the WMS exchange, image renditions,
# spreadsheet imports; everything else (filter values, reservation expiry) on `default`.
CELERY_TASK_DEFAULT_QUEUE = "default"
CELERY_TASK_ROUTES = {
    "integrations.wms.tasks.*": {"queue": "wms"},
    "catalog.image_tasks.*": {"queue": "images"},
    "catalog.import_tasks.*": {"queue": "imports"},
}

# Inventory
# Reservations not confirmed within this many minutes are released by inventory.tasks.expire_reservations_task.
RESERVATION_TTL_MINUTES = env.int("RESERVATION_TTL_MINUTES", default=60)
# The admin's low-stock filter: free stock (total - reserved) at or below this.
LOW_STOCK_THRESHOLD = env.int("LOW_STOCK_THRESHOLD", default=5)
CELERY_BEAT_SCHEDULE = {
    "inventory-expire-reservations": {
        "task": "inventory.tasks.expire_reservations_task",
        "schedule": env.int("RESERVATION_EXPIRY_CHECK_SECONDS", default=60),
    },
}

# Login lockouts (django-axes), the admin and /api/lite/auth
# After this many wrong passwords for one username from one address, logins for it are refused ...
ADMIN_LOGIN_MAX_FAILURES = env.int("ADMIN_LOGIN_MAX_FAILURES", default=5)
# ... for this many seconds after the last failure. Staff clear lockouts in the admin ("Access attempts").
ADMIN_LOGIN_LOCKOUT_SECONDS = env.int("ADMIN_LOGIN_LOCKOUT_SECONDS", default=900)
AXES_FAILURE_LIMIT = "config.lockout.failure_limit"
AXES_COOLOFF_TIME = "config.lockout.cool_off"
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "config.kernel.client_ip.client_ip"
AXES_LOCKOUT_CALLABLE = "config.lockout.lockout_response"
CELERY_TIMEZONE = TIME_ZONE

# Yandex Eats partner API (integrations.yandex_eats)
# Lifetime of access tokens issued by POST /yandex-eats/security/oauth/token, seconds.
YANDEX_EATS_TOKEN_TTL = env.int("YANDEX_EATS_TOKEN_TTL", default=300)

# WMS (fulfillment warehouse), integrations.wms; see docs/wms-protocol.md
WMS_BASE_URL = env("WMS_BASE_URL", default="http://127.0.0.1:8765")  # `manage.py run_fake_wms` listens here
WMS_TOKEN = env("WMS_TOKEN", default="dev-wms-token")
WMS_TIMEOUT = env.float("WMS_TIMEOUT", default=10.0)  # seconds, per call
WMS_MAX_RETRIES = env.int("WMS_MAX_RETRIES", default=5)  # retries of transient failures before giving up
WMS_RETRY_BACKOFF = env.float("WMS_RETRY_BACKOFF", default=2.0)  # first delay, doubled each retry, with jitter
WMS_RETRY_BACKOFF_MAX = env.float("WMS_RETRY_BACKOFF_MAX", default=300.0)
WMS_OUTBOX_STALE_SECONDS = env.int("WMS_OUTBOX_STALE_SECONDS", default=600)  # re-queue untouched intents
WMS_PUSH_BATCH_SIZE = env.int("WMS_PUSH_BATCH_SIZE", default=100)
WMS_AUTO_PUSH = env.bool("WMS_AUTO_PUSH", default=False)  # push changed products by a periodic task
WMS_CALL_LOG_DAYS = env.int("WMS_CALL_LOG_DAYS", default=30)  # the admin's log of WMS calls is kept this long

# Logging: a request id on every line (config/logging.py); LOG_FORMAT=json for one JSON
# object per line. Django's own loggers hand their records to the root handler, so every line has one format.
LOG_FORMAT = env("LOG_FORMAT", default="plain")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "config.logging.RequestIdFilter"}},
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
        "json": {"()": "config.logging.JsonFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json" if LOG_FORMAT == "json" else "plain",
            "filters": ["request_id"],
        }
    },
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django": {"handlers": [], "level": "INFO", "propagate": True},
        "django.server": {"handlers": [], "level": "INFO", "propagate": True},
        "django.db.backends": {"level": "WARNING"},
    },
}
# Celery workers log through the same handler (not Celery's own format).
CELERY_WORKER_HIJACK_ROOT_LOGGER = False

# Optional error reporting: SENTRY_DSN set = exceptions go to Sentry, without personal data; request bodies
# and headers are scrubbed of the keys our APIs carry secrets in (config/sentry.py).
SENTRY_DSN = env("SENTRY_DSN", default="")
if SENTRY_DSN:
    from config.sentry import init_sentry

    init_sentry(
        SENTRY_DSN,
        traces_sample_rate=env.float("SENTRY_TRACES_SAMPLE_RATE", default=0.0),
        environment=env("SENTRY_ENVIRONMENT", default=None),
    )

# Storefronts call the public API from browsers: only the origins listed here may (CORS).
CORS_ALLOWED_ORIGINS = env.list("CORS_ALLOWED_ORIGINS", default=[])
# The shop's storefront: the admin's "View site" link opens it (unset: no link; the root URL opens the admin).
STOREFRONT_URL = env("STOREFRONT_URL", default="")
CORS_URLS_REGEX = r"^/api/lite/pub/.*$"

# /healthz checks PostgreSQL (the database) and the cache always; Redis and the Celery workers when
# REDIS_URL is set (HEALTHZ_CELERY=false leaves the workers out, e.g. on web-only machines).
HEALTHZ_CELERY = env.bool("HEALTHZ_CELERY", default=bool(REDIS_URL))

# Production hardening, active when DEBUG is off.
if not DEBUG:
    SESSION_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=True)
    CSRF_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=True)
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=False)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0)
    # The rest of HSTS from the environment, for `check --deploy`
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
    SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=False)
    SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
