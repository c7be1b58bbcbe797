"""The storefront API and reviews replayed from the spec (cactus-products-api.txt: "/api/lite/pub/products",
"/api/lite/pub/products/brands", "/api/lite/products/reviews", "/api/lite/pub/products/reviews")."""

import pytest

from reviews.models import Review
from tests.catalog.storefront_data import spec_example
from tests.factories import ProductFactory
from tests.reviews.factories import ReviewFactory, add_image

from .speclib import assert_as_spec, example

pytestmark = pytest.mark.django_db

PLACEHOLDER = "the spec's error examples say «Текст ошибки» (a placeholder); we answer the real reason"
IMAGE_URL = "image URLs are our storage's (absolute, MEDIA_BASE_URL or the request's origin)"
REVIEW_GENERATED = ("reviews[*].id", "reviews[*].createTs", "review.id", "review.createTs")


def test_public_products_answer_the_spec_example(anon):
    spec_example()

    body = anon.get("/api/lite/pub/products?id=1002").json()

    assert_as_spec(
        body,
        example("cactus:1785"),
        differs={
            "recordsTotal": "the example counts 2 products and shows one; we ask for the one (?id=1002)",
            # Images are listed by position ("Первое изображение считается основным"): 5000 before 10000.
            "products[0].images": "images are answered in position order; the example lists 10000 before 5000",
        },
    )
    images = body["products"][0]["images"]
    assert [i["pos"] for i in images] == ["5000.000000000000000", "10000.000000000000000"]
    assert all(i["url"].startswith("http://testserver/media/images/8b/") for i in images)


def test_brands_answer_the_spec_example(anon):
    for brand in ("Кактус Дейли", "Кактус ПРО", "Levi's"):
        ProductFactory(brand_name=brand)

    assert_as_spec(anon.get("/api/lite/pub/products/brands?searchString=кактус").json(), example("cactus:1907"))


@pytest.fixture
def product_1030():
    product = ProductFactory(public_id="1030", short_name="Масло для бороды Бунтарь - Дамаск", variants=0)
    add_image(product)
    return product


def test_private_reviews_list_and_edit(api, product_1030):
    review = ReviewFactory(product=product_1030, customer_name="Петя", content="текст отзыва", score=5)
    listed = api.get("/api/lite/products/reviews").json()

    assert_as_spec(
        listed,
        example("cactus:2289"),
        generated=REVIEW_GENERATED,
        differs={
            "reviews[0].product.images[0].url": IMAGE_URL,
        },
    )

    edit = {**example("cactus:2325"), "id": listed["reviews"][0]["id"]}
    assert_as_spec(
        api.post("/api/lite/products/reviews", edit, format="json").json(),
        example("cactus:2336"),
        generated=REVIEW_GENERATED,
        differs={"review.product.images[0].url": IMAGE_URL},
    )
    assert Review.objects.get(pk=review.pk).status == "CONFIRMED"
    assert_as_spec(
        api.post("/api/lite/products/reviews", example("cactus:2325"), format="json").json(),
        example("cactus:2361"),
        differs={"errors[0].message": PLACEHOLDER},
    )


def test_public_reviews_submit_and_list(anon, api, product_1030):
    created = anon.post("/api/lite/pub/products/reviews", example("cactus:2459"), format="json").json()

    assert_as_spec(
        created, example("cactus:2470"), generated=REVIEW_GENERATED, differs={"review.product.images[0].url": IMAGE_URL}
    )
    assert anon.get("/api/lite/pub/products/reviews?productId=1030").json()["recordsTotal"] == 0  # not confirmed
    api.post("/api/lite/products/reviews", {"id": created["review"]["id"], "status": "CONFIRMED"}, format="json")
    assert_as_spec(
        anon.get("/api/lite/pub/products/reviews?productId=1030").json(),
        example("cactus:2423"),
        generated=REVIEW_GENERATED,
        differs={"reviews[0].product.images[0].url": IMAGE_URL},
    )
    assert_as_spec(
        anon.post("/api/lite/pub/products/reviews", {**example("cactus:2459"), "score": 6}, format="json").json(),
        example("cactus:2495"),
        differs={"errors[0].message": PLACEHOLDER},
    )
