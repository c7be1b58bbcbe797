"""Issue 20, flow 4: a moderator confirms or deletes ten reviews from the queue, one click each: at most 11
page loads (the queue, then one per review), with the buttons in view at 1366 px."""

import pytest

from reviews.models import Review
from tests.factories.catalog import ProductFactory
from tests.reviews.factories import ReviewFactory

from .budget import PageLoads, screenshots_at_both_widths
from .conftest import log_in

expect = pytest.importorskip("playwright.sync_api").expect

BUDGET = 11
LONG_TEXT = (
    "Кеды удобные, ношу каждый день, размер соответствует. Подошва мягкая, за месяц не стёрлась. "
    "Единственное: шнурки длинноваты, пришлось заменить. В целом рекомендую, за эти деньги отлично."
)


def test_moderator_clears_ten_reviews_with_one_click_each(page, shop, moderator):
    product = ProductFactory(short_name="Кеды «Ветер» высокие, чёрные, с белой подошвой", variants=0)
    reviews = [ReviewFactory(product=product, content=f"{n}. {LONG_TEXT}", score=1 + n % 5) for n in range(10)]
    base = shop["url"]
    log_in(page, base, "moderator")
    page.wait_for_url(f"{base}/admin/")  # the login has landed: loads from here on are the flow's
    page.set_viewport_size({"width": 1366, "height": 900})

    loads = PageLoads(page)
    page.goto(f"{base}/admin/reviews/review/")
    rows = page.locator("#result_list tbody tr")
    expect(rows).to_have_count(10)
    hidden = screenshots_at_both_widths(page, "flow4-review-queue")
    assert hidden == {1366: 0, 1920: 0}, hidden
    page.set_viewport_size({"width": 1366, "height": 900})
    delete = rows.first.get_by_role("button", name="Удалить")
    expect(delete).to_be_in_viewport()
    assert delete.evaluate("b => getComputedStyle(b).backgroundColor") == "rgb(186, 33, 33)"  # white on red

    for n in range(10):
        name = "Подтвердить" if n % 2 == 0 else "Удалить"
        rows.first.get_by_role("button", name=name).click()
        expect(page.locator("ul.messagelist")).to_contain_text("Отзыв")
        if n < 9:
            expect(rows).to_have_count(9 - n)

    expect(page.locator("#result_list")).to_have_count(0)
    assert loads.count <= BUDGET, loads.count
    statuses = [Review.objects.get(pk=r.pk).status for r in reviews]
    assert statuses == [Review.Status.CONFIRMED, Review.Status.DELETED] * 5
