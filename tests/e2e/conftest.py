"""End-to-end tests: the admin in headless Chromium (Debian's `chromium`, driven by Playwright's Python
package with executable_path; no browser is downloaded) against pytest-django's live_server on loopback.

They skip with a reason when Playwright or Chromium is missing (CI installs Chromium: .ci/run). Set
CHROMIUM_PATH to use another binary. Each test leaves a screenshot of its last screen in
tests/e2e/screenshots/<test>.png (also when it fails).
"""

import os
import shutil
from decimal import Decimal
from pathlib import Path

import pytest

SCREENSHOTS = Path(__file__).parent / "screenshots"
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-sync",
    "--disable-component-update",
    "--disable-quic",
    "--no-first-run",
]
TIMEOUT_MS = 15_000
PASSWORD = "e2e-Secret-42"


def pytest_collection_modifyitems(config, items):
    here = str(Path(__file__).parent)
    for item in items:
        if str(item.fspath).startswith(here):
            item.add_marker(pytest.mark.e2e)


def _chromium() -> str | None:
    path = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or shutil.which("chromium-browser")
    return path if path and os.access(path, os.X_OK) else None


@pytest.fixture(scope="package")
def browser():
    """One Chromium for the e2e package. Not session-wide: Playwright's sync API keeps an asyncio loop
    running in this thread, which later tests' async_to_sync (health checks) would trip over."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("e2e: the playwright package is not installed (pip install -r requirements.txt)")
    executable = _chromium()
    if executable is None:
        pytest.skip("e2e: no Chromium found (apt-get install chromium, or set CHROMIUM_PATH)")
    # Playwright's sync API keeps an asyncio loop in this thread; the tests' own ORM calls are synchronous.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_FLAGS, headless=True)
        yield browser
        browser.close()
    if previous is None:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(autouse=True)
def _e2e_settings(settings, tmp_path):
    # The live server is plain http on loopback; uploaded images go to a temporary folder.
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # fast logins
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"}}


@pytest.fixture
def shop(live_server):
    """What the migrations seed (a transactional test's flush removes it) and a warehouse."""
    from django.contrib.auth.models import Group, Permission

    from catalog.models import PriceType
    from inventory.models import Warehouse

    PriceType.objects.get_or_create(
        code="Розничная цена", defaults={"name": "Розничная цена", "role": PriceType.Role.RETAIL}
    )
    PriceType.objects.get_or_create(
        code="Цена до скидки", defaults={"name": "Цена до скидки", "role": PriceType.Role.OLD}
    )
    moderators, _ = Group.objects.get_or_create(name="Moderators")
    moderators.permissions.set(
        Permission.objects.filter(content_type__app_label="reviews", codename__in=["view_review", "change_review"])
    )
    warehouse, _ = Warehouse.objects.get_or_create(code="MAIN", defaults={"name": "Основной склад", "is_default": True})
    return {"warehouse": warehouse, "moderators": moderators, "url": live_server.url}


@pytest.fixture
def manager(shop):
    """A shop manager: staff with every catalog and inventory permission (not a superuser)."""
    from django.contrib.auth.models import Permission, User

    user = User.objects.create_user("manager", password=PASSWORD, is_staff=True)
    user.user_permissions.set(Permission.objects.filter(content_type__app_label__in=["catalog", "inventory"]))
    return user


@pytest.fixture
def moderator(shop):
    from django.contrib.auth.models import User

    user = User.objects.create_user("moderator", password=PASSWORD, is_staff=True)
    user.groups.add(shop["moderators"])
    return user


@pytest.fixture
def page(browser, request):
    context = browser.new_context(locale="ru-RU", viewport={"width": 1600, "height": 900})
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    yield page
    SCREENSHOTS.mkdir(exist_ok=True)
    try:
        page.screenshot(path=str(SCREENSHOTS / f"{request.node.name}.png"), full_page=True)
    finally:
        context.close()


def log_in(page, base_url: str, username: str, password: str = PASSWORD):
    page.goto(f"{base_url}/admin/login/?next=/admin/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("input[type=submit]")


def money(value) -> Decimal:
    return Decimal(str(value))
