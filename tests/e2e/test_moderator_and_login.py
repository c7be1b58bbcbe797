import pytest

from reviews.models import Review
from tests.factories.catalog import ProductFactory
from tests.reviews.factories import ReviewFactory

from .conftest import log_in

expect = pytest.importorskip("playwright.sync_api").expect


def test_moderator_confirms_one_review_deletes_another_and_cannot_edit_products(page, shop, moderator):
    product = ProductFactory(short_name="Кеды «Ветер»", variants=0)
    good = ReviewFactory(product=product, content="Удобные, ношу каждый день", score=5)
    spam = ReviewFactory(product=product, content="Купите дешевые часы на example", score=1)
    base = shop["url"]
    log_in(page, base, "moderator")
    expect(page.locator("#waiting-reviews")).to_contain_text("2")
    page.click("#waiting-reviews a")

    rows = page.locator("#result_list tbody tr")
    expect(rows).to_have_count(2)
    rows.filter(has_text="Удобные").get_by_role("button", name="Подтвердить").click()
    expect(page.locator("ul.messagelist")).to_contain_text("Отзыв подтвержд")
    expect(rows).to_have_count(1)  # the queue shows what still waits
    rows.filter(has_text="дешевые часы").get_by_role("button", name="Удалить").click()
    expect(page.locator("ul.messagelist")).to_contain_text("Отзыв удалён")
    expect(page.locator("#result_list")).to_have_count(0)

    good.refresh_from_db()
    spam.refresh_from_db()
    assert (good.status, spam.status) == (Review.Status.CONFIRMED, Review.Status.DELETED)

    response = page.goto(f"{base}/admin/catalog/product/{product.pk}/change/")
    assert response.status == 403
    expect(page.locator("body")).to_contain_text("Доступ запрещен")


def test_wrong_passwords_are_refused_then_the_login_is_throttled(page, shop, manager, settings):
    settings.ADMIN_LOGIN_MAX_FAILURES = 3
    base = shop["url"]
    for _ in range(2):
        log_in(page, base, "manager", "not-the-password")
        expect(page.locator("p.errornote")).to_contain_text("введите корректные имя пользователя и пароль")
    log_in(page, base, "manager", "not-the-password")  # the 3rd wrong password locks the login (django-axes)

    log_in(page, base, "manager")  # even the right password waits until the lockout passes

    expect(page.locator("p.errornote")).to_contain_text("Слишком много неудачных попыток входа")
    expect(page).to_have_url(f"{base}/admin/login/?next=/admin/")
