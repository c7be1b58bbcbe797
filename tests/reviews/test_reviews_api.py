import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from catalog.models import Product
from reviews import services
from reviews.models import Review
from tests.factories.catalog import ProductFactory

from .factories import ReviewFactory, add_image

PUB = "/api/lite/pub/products/reviews"
PRIVATE = "/api/lite/products/reviews"

pytestmark = pytest.mark.django_db


def spec_product():
    product = ProductFactory(public_id="1030", short_name="Масло для бороды Бунтарь - Дамаск", variants=0)
    add_image(product)
    return product


def at(text: str):
    return timezone.make_aware(datetime.datetime.strptime(text, "%Y-%m-%d %H:%M:%S"))


def spec_image(client_url):
    return {"url": client_url, "id": "aff3c7f1-8b7c-47ea-a3a9-e9a52e476c12.jpg", "pos": "10000.000000000000000"}


def test_public_list_answers_the_spec_example(anon):
    product = spec_product()
    ReviewFactory(
        product=product,
        public_id="e7951e18-8ee3-61b2-b616-018331a8fb06",
        customer_name="Петя",
        content="текст отзыва",
        score=5,
        status=Review.Status.CONFIRMED,
        created_at=at("2020-08-07 19:35:36"),
    )

    response = anon.get(PUB, {"productId": "1030"})

    assert response.status_code == 200
    assert response.json() == {
        "success": True,
        "recordsTotal": 1,
        "reviews": [
            {
                "id": "e7951e18-8ee3-61b2-b616-018331a8fb06",
                "product": {
                    "id": "1030",
                    "shortName": "Масло для бороды Бунтарь - Дамаск",
                    "images": [spec_image("http://testserver" + product.images.get().file.url)],
                },
                "createTs": "2020-08-07 19:35:36",
                "customerName": "Петя",
                "content": "текст отзыва",
                "score": 5,
                "status": "CONFIRMED",
            }
        ],
    }


def test_public_list_shows_only_confirmed_reviews_newest_first_and_pages(anon):
    product = spec_product()
    old = ReviewFactory(product=product, status=Review.Status.CONFIRMED, created_at=at("2021-01-01 10:00:00"))
    new = ReviewFactory(product=product, status=Review.Status.CONFIRMED, created_at=at("2022-01-01 10:00:00"))
    ReviewFactory(product=product, status=Review.Status.NEW)
    ReviewFactory(product=product, status=Review.Status.DELETED)
    ReviewFactory(status=Review.Status.CONFIRMED)  # another product

    first = anon.get(PUB, {"productId": "1030", "size": 1}).json()
    second = anon.get(PUB, {"productId": "1030", "size": 1, "page": 1}).json()

    assert first["recordsTotal"] == 2
    assert [r["id"] for r in first["reviews"]] == [new.public_id]
    assert [r["id"] for r in second["reviews"]] == [old.public_id]


def test_public_list_requires_product_id(anon):
    response = anon.get(PUB)

    assert response.status_code == 400
    assert response.json()["success"] is False
    assert "productId" in response.json()["errors"][0]["message"]


@pytest.mark.parametrize("deleted", [False, True], ids=["unknown", "archived"])
def test_public_list_of_unknown_or_archived_product_is_404(anon, deleted):
    if deleted:
        ProductFactory(public_id="1030", deleted=True, variants=0)

    response = anon.get(PUB, {"productId": "1030"})

    assert response.status_code == 404
    assert response.json() == {"success": False, "errors": [{"code": 0, "message": "Товар с id «1030» не найден"}]}


def test_public_list_query_count_does_not_grow_with_reviews(anon, django_assert_num_queries, settings):
    # Only the listing's queries: without Redis the throttle counts in the database cache table.
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    product = spec_product()
    add_image(product, public_id="second.jpg", pos=20000)
    ReviewFactory.create_batch(30, product=product, status=Review.Status.CONFIRMED)

    # product lookup, count, page of reviews joined with product, images of the page's products
    with django_assert_num_queries(4):
        response = anon.get(PUB, {"productId": "1030"})

    assert len(response.json()["reviews"]) == 30
    assert [i["id"] for i in response.json()["reviews"][0]["product"]["images"]] == [
        "aff3c7f1-8b7c-47ea-a3a9-e9a52e476c12.jpg",
        "second.jpg",
    ]


def test_submit_answers_the_spec_shape_with_status_new(anon):
    product = spec_product()

    response = anon.post(
        PUB, {"productId": "1030", "customerName": "Петя", "content": "текст отзыва", "score": 5}, format="json"
    )

    assert response.status_code == 200
    review = Review.objects.get()
    assert response.json() == {
        "success": True,
        "review": {
            "id": review.public_id,
            "product": {
                "id": "1030",
                "shortName": "Масло для бороды Бунтарь - Дамаск",
                "images": [spec_image("http://testserver" + product.images.get().file.url)],
            },
            "createTs": timezone.localtime(review.created_at).strftime("%Y-%m-%d %H:%M:%S"),
            "customerName": "Петя",
            "content": "текст отзыва",
            "score": 5,
            "status": "NEW",
        },
    }
    assert len(review.public_id) == 36  # a uuid
    assert (review.product_id, review.status, review.score) == (product.pk, Review.Status.NEW, 5)


def test_submitted_markup_is_stored_as_plain_text(anon):
    spec_product()

    response = anon.post(
        PUB,
        {
            "productId": "1030",
            "customerName": "<b>Петя</b>",
            "content": "<p>Отлично!</p><script>alert(1)</script> <img src=x onerror=alert(2)>5 < 6, x <script",
            "score": 4,
        },
        format="json",
    )

    assert response.status_code == 200
    review = Review.objects.get()
    assert review.customer_name == "Петя"
    assert review.content == "Отлично!alert(1) 5 < 6, x ‹script"
    assert response.json()["review"]["content"] == review.content


@pytest.mark.parametrize(
    "change, message",
    [
        ({"score": 0}, "score: оценка должна быть числом от 1 до 5 с не более чем одним знаком после запятой"),
        ({"score": 6}, "score: оценка должна быть числом от 1 до 5 с не более чем одним знаком после запятой"),
        ({"score": 5.5}, "score: оценка должна быть числом от 1 до 5 с не более чем одним знаком после запятой"),
        ({"score": 4.55}, "score: оценка должна быть числом от 1 до 5 с не более чем одним знаком после запятой"),
        ({"score": "пять"}, "score: оценка должна быть числом от 1 до 5 с не более чем одним знаком после запятой"),
        ({"score": None}, "score: укажите оценку от 1 до 5"),
        ({"customerName": "   "}, "customerName: укажите имя автора отзыва"),
        ({"content": ""}, "content: текст отзыва не может быть пустым"),
        ({"content": "<b></b>"}, "content: текст отзыва не может быть пустым"),
        ({"content": "я" * 5001}, "content: текст отзыва длиннее 5000 символов"),
        ({"customerName": "я" * 101}, "customerName: имя длиннее 100 символов"),
    ],
)
def test_submit_rejects_bad_input_and_stores_nothing(anon, change, message):
    spec_product()
    payload = {"productId": "1030", "customerName": "Петя", "content": "текст", "score": 5} | change

    response = anon.post(PUB, payload, format="json")

    assert response.status_code == 400
    assert response.json() == {"success": False, "errors": [{"code": 0, "message": message}]}
    assert not Review.objects.exists()


def test_submit_without_fields_names_each_missing_one(anon):
    response = anon.post(PUB, {}, format="json")

    assert response.status_code == 400
    messages = " ".join(e["message"] for e in response.json()["errors"])
    for field in ("productId", "customerName", "content", "score"):
        assert field in messages


def test_submit_of_a_non_object_body_is_400(anon):
    response = anon.post(PUB, [1, 2], format="json")

    assert response.status_code == 400
    assert response.json()["success"] is False


@pytest.mark.parametrize("deleted", [False, True], ids=["unknown", "archived"])
def test_submit_for_unknown_or_archived_product_is_404_and_stores_nothing(anon, deleted):
    if deleted:
        ProductFactory(public_id="1030", deleted=True, variants=0)

    response = anon.post(PUB, {"productId": "1030", "customerName": "Петя", "content": "т", "score": 5}, format="json")

    assert response.status_code == 404
    assert response.json()["errors"][0]["message"] == "Товар с id «1030» не найден"
    assert not Review.objects.exists()


def test_submissions_are_throttled_per_client_ip(anon, settings):
    spec_product()
    payload = {"productId": "1030", "customerName": "Петя", "content": "текст", "score": 5}
    rate = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["review_submit"]
    allowed = int(rate.split("/")[0])

    answers = [anon.post(PUB, payload, format="json", REMOTE_ADDR="10.0.0.1") for _ in range(allowed + 1)]
    other_ip = anon.post(PUB, payload, format="json", REMOTE_ADDR="10.0.0.2")

    assert [a.status_code for a in answers] == [200] * allowed + [429]
    assert answers[-1].json()["success"] is False
    assert answers[-1].json()["errors"][0]["code"] == 0
    assert "Retry-After" in answers[-1]
    assert other_ip.status_code == 200
    assert Review.objects.count() == allowed + 1
    # reading is not limited by the submission throttle
    assert anon.get(PUB, {"productId": "1030"}, REMOTE_ADDR="10.0.0.1").status_code == 200


def test_private_list_needs_a_token(anon):
    response = anon.get(PRIVATE)

    assert response.status_code == 401
    assert response.json()["success"] is False


def test_private_list_answers_the_spec_example(api):
    product = spec_product()
    ReviewFactory(
        product=product,
        public_id="e7951e18-8ee3-61b2-b616-018331a8fb06",
        customer_name="Петя",
        content="текст отзыва",
        score=5,
        created_at=at("2020-08-07 19:35:36"),
    )

    response = api.get(PRIVATE)

    assert response.json() == {
        "success": True,
        "recordsTotal": 1,
        "reviews": [
            {
                "id": "e7951e18-8ee3-61b2-b616-018331a8fb06",
                "product": {
                    "id": "1030",
                    "shortName": "Масло для бороды Бунтарь - Дамаск",
                    "images": [spec_image("http://testserver" + product.images.get().file.url)],
                },
                "createTs": "2020-08-07 19:35:36",
                "customerName": "Петя",
                "content": "текст отзыва",
                "score": 5,
                "status": "NEW",
            }
        ],
    }


def test_private_list_has_every_status_and_filters_by_product_and_status(api):
    product = spec_product()
    new = ReviewFactory(product=product, created_at=at("2022-01-01 10:00:00"))
    deleted = ReviewFactory(product=product, status=Review.Status.DELETED, created_at=at("2023-01-01 10:00:00"))
    confirmed = ReviewFactory(product=product, status=Review.Status.CONFIRMED, created_at=at("2021-01-01 10:00:00"))
    other = ReviewFactory(created_at=at("2020-01-01 10:00:00"))

    def ids(**params):
        return [r["id"] for r in api.get(PRIVATE, params).json()["reviews"]]

    assert ids() == [deleted.public_id, new.public_id, confirmed.public_id, other.public_id]
    assert ids(productId="1030") == [deleted.public_id, new.public_id, confirmed.public_id]
    assert ids(productId="1030", status="DELETED") == [deleted.public_id]
    assert ids(status="NEW") == [new.public_id, other.public_id]
    assert ids(size=2, page=1) == [confirmed.public_id, other.public_id]
    assert api.get(PRIVATE, {"status": "NEW", "size": 1}).json()["recordsTotal"] == 2


def test_private_list_rejects_an_unknown_status(api):
    response = api.get(PRIVATE, {"status": "HIDDEN"})

    assert response.status_code == 400
    assert response.json()["errors"][0]["message"].startswith("status: неизвестный статус «HIDDEN»")


def test_private_list_query_count_does_not_grow_with_reviews(api, django_assert_num_queries):
    for index in range(10):
        product = ProductFactory(variants=0)
        add_image(product, public_id=f"img{index}.jpg")
        ReviewFactory.create_batch(3, product=product)

    api.get(PRIVATE, {"size": 1})  # the token's first use stamps last_used_at once

    # token lookup, then count, page of reviews joined with products, images of the page's products
    with django_assert_num_queries(4):
        response = api.get(PRIVATE)

    assert response.json()["recordsTotal"] == 30
    assert {len(r["product"]["images"]) for r in response.json()["reviews"]} == {1}


def test_edit_answers_the_spec_shape_and_changes_name_text_and_status(api):
    product = spec_product()
    review = ReviewFactory(
        product=product,
        public_id="6c62461f-fcf4-c388-c3b4-e09971590d6b",
        customer_name="Пётр",
        content="старый текст",
        score=5,
        created_at=at("2020-08-07 18:53:46"),
    )

    response = api.post(
        PRIVATE,
        {"id": review.public_id, "customerName": "Петя", "content": "текст отзыва", "status": "CONFIRMED"},
        format="json",
    )

    assert response.status_code == 200
    assert response.json() == {
        "success": True,
        "review": {
            "id": "6c62461f-fcf4-c388-c3b4-e09971590d6b",
            "product": {
                "id": "1030",
                "shortName": "Масло для бороды Бунтарь - Дамаск",
                "images": [spec_image("http://testserver" + product.images.get().file.url)],
            },
            "createTs": "2020-08-07 18:53:46",
            "customerName": "Петя",
            "content": "текст отзыва",
            "score": 5,
            "status": "CONFIRMED",
        },
    }
    product.refresh_from_db()
    assert product.review_score == Decimal("5.00")


def test_edit_of_only_the_status_keeps_the_text(api):
    review = ReviewFactory(customer_name="Петя", content="текст")

    api.post(PRIVATE, {"id": review.public_id, "status": "DELETED"}, format="json")

    review.refresh_from_db()
    assert (review.customer_name, review.content, review.status) == ("Петя", "текст", Review.Status.DELETED)


def test_edit_of_an_unknown_review_is_404(api):
    response = api.post(PRIVATE, {"id": "nope", "status": "CONFIRMED"}, format="json")

    assert response.status_code == 404
    assert response.json() == {"success": False, "errors": [{"code": 0, "message": "Отзыв с id «nope» не найден"}]}


@pytest.mark.parametrize(
    "change, message",
    [
        ({"status": "PUBLISHED"}, "status: неизвестный статус «PUBLISHED»; допустимы: NEW, CONFIRMED, DELETED"),
        ({"content": "  "}, "content: текст отзыва не может быть пустым"),
        ({"customerName": ""}, "customerName: укажите имя автора отзыва"),
    ],
)
def test_edit_rejects_bad_input_and_changes_nothing(api, change, message):
    review = ReviewFactory(customer_name="Петя", content="текст", status=Review.Status.CONFIRMED)
    services.set_reviews_status(review_ids=[review.pk], status=Review.Status.CONFIRMED)
    before = Product.objects.get(pk=review.product_id).review_score

    response = api.post(PRIVATE, {"id": review.public_id, "status": "DELETED"} | change, format="json")

    assert response.status_code == 400
    assert response.json() == {"success": False, "errors": [{"code": 0, "message": message}]}
    review.refresh_from_db()
    assert (review.customer_name, review.content, review.status) == ("Петя", "текст", Review.Status.CONFIRMED)
    assert Product.objects.get(pk=review.product_id).review_score == before == Decimal("5.00")


def test_the_whole_life_of_a_review(anon, api):
    product = spec_product()
    ReviewFactory(product=product, score=2, status=Review.Status.CONFIRMED)
    services.set_reviews_status(review_ids=list(Review.objects.values_list("pk", flat=True)), status="CONFIRMED")

    def public_ids():
        return [r["id"] for r in anon.get(PUB, {"productId": "1030"}).json()["reviews"]]

    def score():
        return api.get("/api/lite/products", {"id": "1030"}).json()["products"][0]["reviewScore"]

    assert score() == 2

    submitted = anon.post(
        PUB, {"productId": "1030", "customerName": "Петя", "content": "Отлично", "score": 5}, format="json"
    ).json()["review"]
    assert submitted["id"] not in public_ids()
    assert score() == 2

    api.post(PRIVATE, {"id": submitted["id"], "status": "CONFIRMED"}, format="json")
    assert public_ids()[0] == submitted["id"]
    assert score() == 3.5

    api.post(PRIVATE, {"id": submitted["id"], "status": "DELETED"}, format="json")
    assert submitted["id"] not in public_ids()
    assert score() == 2

    api.post(PRIVATE, {"id": submitted["id"], "status": "CONFIRMED"}, format="json")  # restored
    assert score() == 3.5


def test_score_is_the_rounded_mean_of_confirmed_reviews_and_null_without_them():
    product = ProductFactory(variants=0)
    reviews = [ReviewFactory(product=product, score=s) for s in (5, 4, 4)]
    ReviewFactory(product=product, score=1)  # NEW: does not count

    services.set_reviews_status(review_ids=[r.pk for r in reviews], status=Review.Status.CONFIRMED)
    product.refresh_from_db()
    assert product.review_score == Decimal("4.33")

    services.set_reviews_status(review_ids=[r.pk for r in reviews], status=Review.Status.DELETED)
    product.refresh_from_db()
    assert product.review_score is None


def test_bulk_status_change_reports_only_reviews_that_changed():
    product = ProductFactory(variants=0)
    confirmed = ReviewFactory(product=product, status=Review.Status.CONFIRMED)
    fresh = ReviewFactory.create_batch(2, product=product)

    changed = services.set_reviews_status(
        review_ids=[confirmed.pk, *(r.pk for r in fresh)], status=Review.Status.CONFIRMED
    )

    assert changed == 2
    assert set(Review.objects.values_list("status", flat=True)) == {Review.Status.CONFIRMED}


def test_a_score_with_one_decimal_place_is_accepted_and_counts_exactly(anon, api):
    product = spec_product()
    response = anon.post(
        PUB, {"productId": "1030", "customerName": "Петя", "content": "т", "score": 4.5}, format="json"
    )
    assert response.status_code == 200, response.content
    review = Review.objects.get()
    assert review.score == Decimal("4.5") and response.json()["review"]["score"] == 4.5

    response = api.post(PRIVATE, {"id": review.public_id, "status": "CONFIRMED"}, format="json")
    assert response.status_code == 200 and response.json()["review"]["score"] == 4.5
    product.refresh_from_db()
    assert product.review_score == Decimal("4.50")


def test_review_list_status_filter_errors_are_a_cactus_envelope_and_documented(api):
    answer = api.get("/api/lite/products/reviews", {"status": "LOST"})
    assert answer.status_code == 400
    assert answer.json()["success"] is False
    assert "неизвестный статус «LOST»" in answer.json()["errors"][0]["message"]
    assert answer.json()["errors"][0]["message"].startswith("status")
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    parameters = {p["name"]: p for p in schema["paths"]["/api/lite/products/reviews"]["get"]["parameters"]}
    assert sorted(parameters["status"]["schema"]["enum"]) == ["CONFIRMED", "DELETED", "NEW"]
    assert "productId" in parameters


def test_a_new_x_forwarded_for_per_submission_does_not_escape_the_limit(anon, settings):
    """Without trusted proxies (TRUSTED_PROXY_COUNT=0) X-Forwarded-For is the client's own words: ignored."""
    spec_product()
    payload = {"productId": "1030", "customerName": "Петя", "content": "текст", "score": 5}
    allowed = int(settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["review_submit"].split("/")[0])

    statuses = [
        anon.post(
            PUB, payload, format="json", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=f"203.0.113.{i}"
        ).status_code
        for i in range(allowed + 2)
    ]

    assert statuses == [200] * allowed + [429, 429]
    assert Review.objects.count() == allowed
