"""Images replayed from the spec ("/api/lite/products/image", "/api/lite/file/image"): absolute URLs, the
file image's id as the stored file's name, and that id accepted wherever an image id is."""

import io
import re
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from catalog.models import ProductImage
from tests.factories import ProductFactory

from .speclib import assert_as_spec, example

pytestmark = pytest.mark.django_db

PLACEHOLDER = "the spec's error examples say «Текст ошибки» (a placeholder); we answer the real reason"
UUID = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"}}


def picture(name="photo.jpg") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 30, 30)).save(buffer, "JPEG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def test_product_image_upload_answers_as_the_spec(api):
    ProductFactory(public_id="1003")

    body = api.post("/api/lite/products/image", {"productId": "1003", "file": picture()}, format="multipart").json()

    assert_as_spec(body, example("cactus:1350"), generated=("url", "id"))
    assert re.fullmatch(rf"http://testserver/media/images/../{UUID}\.jpg", body["url"]), body["url"]


def test_product_image_upload_error_is_the_envelope(api):
    body = api.post("/api/lite/products/image", {"productId": "1003"}, format="multipart").json()

    assert_as_spec(body, example("cactus:1363"), differs={"errors[0].message": PLACEHOLDER})


def test_delete_and_reposition_answer_as_the_spec(api):
    product = ProductFactory(public_id="1003")
    image_id = example("cactus:1416")["id"]
    ProductImage.objects.create(public_id=image_id, product=product, file="images/6F/one.jpg")

    assert_as_spec(
        api.post("/api/lite/products/image/pos", example("cactus:1416"), format="json").json(), example("cactus:1425")
    )
    assert ProductImage.objects.get(public_id=image_id).pos == Decimal("123.456")
    assert_as_spec(api.delete(f"/api/lite/products/image?id={image_id}").json(), example("cactus:1387"))
    assert_as_spec(
        api.delete(f"/api/lite/products/image?id={image_id}").json(),
        example("cactus:1394"),
    )
    # The spec gives the error of /image/pos without its cause: an unknown image is one.
    assert_as_spec(
        api.post("/api/lite/products/image/pos", example("cactus:1416"), format="json").json(),
        example("cactus:1433"),
        differs={"errors[0].message": PLACEHOLDER},
    )


def test_file_image_answers_an_absolute_url_and_the_file_name_as_id(api):
    body = api.post("/api/lite/file/image", {"upfile": picture()}, format="multipart").json()

    assert_as_spec(body, example("cactus:1647"), generated=("url", "id"))
    # As the spec's example: the id is the stored file's name, extension included, and ends the URL.
    assert re.fullmatch(rf"{UUID}\.jpg", body["id"]), body["id"]
    assert body["url"] == f"http://testserver/media/images/{body['id'][:2]}/{body['id']}"
    assert api.get(body["url"].removeprefix("http://testserver")).status_code == 200


def test_a_file_image_id_is_accepted_wherever_an_image_id_is(api):
    image_id = api.post("/api/lite/file/image", {"upfile": picture()}, format="multipart").json()["id"]

    moved = api.post("/api/lite/products/image/pos", {"id": image_id, "pos": 5}, format="json")
    assert moved.json() == {"success": True}
    assert api.delete(f"/api/lite/products/image?id={image_id}").json() == {"success": True, "id": image_id}
    assert not ProductImage.objects.filter(public_id=image_id).exists()


def _document_image_url(api, **headers) -> str:
    return api.get("/api/lite/products?id=1003", **headers).json()["products"][0]["images"][0]["url"]


def test_image_urls_come_from_media_base_url_when_set(api, settings):
    product = ProductFactory(public_id="1003")
    ProductImage.objects.create(public_id="img1", product=product, file="images/im/img1.jpg")
    settings.MEDIA_BASE_URL = "https://img.shop.example/"

    assert _document_image_url(api) == "https://img.shop.example/media/images/im/img1.jpg"


def test_image_urls_follow_the_proxy_settings(api, settings):
    product = ProductFactory(public_id="1003")
    ProductImage.objects.create(public_id="img1", product=product, file="images/im/img1.jpg")
    forwarded = {"HTTP_HOST": "testserver", "HTTP_X_FORWARDED_PROTO": "https", "HTTP_X_FORWARDED_HOST": "shop.example"}
    settings.ALLOWED_HOSTS = ["testserver", "shop.example"]
    settings.SECURE_PROXY_SSL_HEADER = None

    # Not trusted unless configured: the socket's scheme and the Host header.
    assert _document_image_url(api, **forwarded) == "http://testserver/media/images/im/img1.jpg"
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.USE_X_FORWARDED_HOST = True
    assert _document_image_url(api, **forwarded) == "https://shop.example/media/images/im/img1.jpg"


def test_an_absolute_storage_url_is_kept(api, settings):
    product = ProductFactory(public_id="1003")
    ProductImage.objects.create(public_id="img1", product=product, file="images/im/img1.jpg")
    settings.MEDIA_URL = "https://bucket.example/"

    assert _document_image_url(api) == "https://bucket.example/images/im/img1.jpg"
