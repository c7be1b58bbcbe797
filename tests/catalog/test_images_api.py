import io
import os
import struct
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from catalog.models import HistoryEvent, ProductImage
from tests.factories.catalog import ProductFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"}}
    return tmp_path


def picture(width=1600, height=900, fmt="JPEG", name="photo.jpg", mode="RGB") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new(mode, (width, height), (200, 30, 30) if mode == "RGB" else (200, 30, 30, 128)).save(buffer, fmt)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def stored_files(root) -> list[str]:
    return sorted(os.path.relpath(os.path.join(d, f), root) for d, _, files in os.walk(root) for f in files)


def upload(api, product_id, file, field="file"):
    return api.post("/api/lite/products/image", {"productId": product_id, field: file}, format="multipart")


def test_upload_stores_the_original_and_makes_renditions(api, media, django_capture_on_commit_callbacks):
    ProductFactory(public_id="1003")

    with django_capture_on_commit_callbacks(execute=True):
        response = upload(api, "1003", picture())

    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["success"] is True
    assert body["pos"] == "10000.000000000000000"
    image = ProductImage.objects.get(public_id=body["id"])
    assert body["url"] == "http://testserver" + image.file.url and body["url"].endswith(".jpg")
    assert (image.width, image.height) == (1600, 900)
    assert set(image.renditions) == {"200", "600", "1200"}
    for size, name in image.renditions.items():
        with Image.open(media / name) as rendition:
            assert max(rendition.size) == int(size)


def test_small_images_are_not_enlarged(api, media, django_capture_on_commit_callbacks):
    ProductFactory(public_id="1003")

    with django_capture_on_commit_callbacks(execute=True):
        body = upload(api, "1003", picture(300, 100, fmt="PNG", name="a.png", mode="RGBA")).json()

    image = ProductImage.objects.get(public_id=body["id"])
    with Image.open(media / image.renditions["1200"]) as rendition:
        assert rendition.size == (300, 100)
    with Image.open(media / image.renditions["200"]) as rendition:
        assert rendition.size == (200, 67)


def test_new_images_go_after_the_last_and_show_in_the_product(api, django_capture_on_commit_callbacks):
    ProductFactory(public_id="1003")
    with django_capture_on_commit_callbacks(execute=True):
        first = upload(api, "1003", picture()).json()
        second = upload(api, "1003", picture(), field="upfile").json()

    assert second["pos"] == "20000.000000000000000"
    images = api.get("/api/lite/products?id=1003").json()["products"][0]["images"]
    assert [(i["id"], i["pos"]) for i in images] == [(first["id"], first["pos"]), (second["id"], second["pos"])]
    assert HistoryEvent.objects.filter(product__public_id="1003", source_action="POST /products/image").count() == 2


def test_reordering_an_image(api):
    ProductFactory(public_id="1003")
    first = upload(api, "1003", picture()).json()
    second = upload(api, "1003", picture()).json()

    response = api.post("/api/lite/products/image/pos", {"id": second["id"], "pos": 123.456}, format="json")

    assert response.json() == {"success": True}
    images = api.get("/api/lite/products?id=1003").json()["products"][0]["images"]
    assert [i["id"] for i in images] == [second["id"], first["id"]]
    assert images[0]["pos"] == "123.456000000000000"


def test_pos_of_an_unknown_image_is_404(api):
    response = api.post("/api/lite/products/image/pos", {"id": "nope", "pos": 1}, format="json")

    assert response.status_code == 404
    assert response.json()["errors"][0]["message"] == "Картинки с указанным id не существует"


def test_delete_removes_the_row_and_the_files(api, media, django_capture_on_commit_callbacks):
    ProductFactory(public_id="1003")
    with django_capture_on_commit_callbacks(execute=True):
        body = upload(api, "1003", picture()).json()
    assert len(stored_files(media)) == 4

    with django_capture_on_commit_callbacks(execute=True):
        response = api.delete(f"/api/lite/products/image?id={body['id']}")

    assert response.json() == {"success": True, "id": body["id"]}
    assert not ProductImage.objects.exists()
    assert stored_files(media) == []


def test_delete_of_an_unknown_image_has_the_spec_message(api):
    response = api.delete("/api/lite/products/image?id=6F9619FF-8B86-D011-B42D-00CF4FC964FF")

    assert response.status_code == 404
    assert response.json() == {
        "success": False,
        "errors": [{"code": 0, "message": "Картинки с указанным id не существует"}],
    }


def test_upload_to_an_unknown_product_stores_nothing(api, media):
    response = upload(api, "404", picture())

    assert response.status_code == 404
    assert response.json()["success"] is False
    assert stored_files(media) == []
    assert not ProductImage.objects.exists()


def bomb_png(width=100_000, height=100_000) -> bytes:
    """A tiny PNG whose header declares a huge picture."""
    buffer = io.BytesIO()
    Image.new("L", (1, 1)).save(buffer, "PNG")
    data = bytearray(buffer.getvalue())
    ihdr = data[12:29]  # type + 13 data bytes
    ihdr[4:12] = struct.pack(">II", width, height)
    data[12:29] = ihdr
    data[29:33] = struct.pack(">I", zlib.crc32(bytes(ihdr)))
    return bytes(data)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"this is not a picture at all", "Файл не является картинкой"),
        (b"", "Файл картинки пустой"),
        (bomb_png(), "Картинка слишком большая"),
        (bomb_png(8000, 8000), "Картинка слишком большая"),
        (bomb_png(7000, 7000), "Картинка слишком большая: 7000x7000 точек, максимум 16000000"),
        (picture().read()[:300], "Файл не является картинкой"),
    ],
    ids=["text-named-jpg", "empty", "decompression-bomb", "too-many-pixels", "49-megapixels", "truncated-jpeg"],
)
def test_only_real_images_are_accepted(api, media, content, message):
    ProductFactory(public_id="1003")

    response = upload(api, "1003", SimpleUploadedFile("photo.jpg", content, content_type="image/jpeg"))

    assert response.status_code == 400
    assert response.json()["success"] is False
    assert response.json()["errors"][0]["message"].startswith(message)
    assert stored_files(media) == []
    assert not ProductImage.objects.exists()
    assert not HistoryEvent.objects.exists()


def test_oversized_file_is_refused(api, media, settings):
    settings.IMAGE_MAX_BYTES = 1000
    ProductFactory(public_id="1003")

    response = upload(api, "1003", picture())

    assert response.status_code == 400
    assert response.json()["errors"][0]["message"].startswith("Файл слишком большой")
    assert stored_files(media) == []


def test_upload_without_a_file_is_a_clear_error(api):
    ProductFactory(public_id="1003")

    response = api.post("/api/lite/products/image", {"productId": "1003"}, format="multipart")

    assert response.status_code == 400
    assert "file" in response.json()["errors"][0]["message"]


def test_file_image_answers_url_and_id(api, media, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = api.post("/api/lite/file/image", {"upfile": picture()}, format="multipart")

    body = response.json()
    assert set(body) == {"success", "url", "id"}
    image = ProductImage.objects.get(public_id=body["id"])
    assert image.product is None
    assert body["url"] == "http://testserver" + image.file.url
    assert len(image.renditions) == 3


def test_file_image_refuses_a_text_file(api, media):
    response = api.post("/api/lite/file/image", {"upfile": SimpleUploadedFile("x.jpg", b"hello")}, format="multipart")

    assert response.status_code == 400
    assert stored_files(media) == []


def test_images_need_a_token(anon):
    assert anon.post("/api/lite/file/image", {}, format="multipart").status_code == 401


def test_product_document_lists_the_renditions(api, django_capture_on_commit_callbacks):
    ProductFactory(public_id="1003")
    with django_capture_on_commit_callbacks(execute=True):
        body = upload(api, "1003", picture()).json()

    [image] = api.get("/api/lite/products?id=1003").json()["products"][0]["images"]

    assert image["id"] == body["id"]
    assert list(image["renditions"]) == ["200", "600", "1200"]
    assert image["renditions"]["200"].endswith("_200.jpg")


def test_renditions_task_is_idempotent_and_follows_exif_orientation(api, media, django_capture_on_commit_callbacks):
    from catalog.image_tasks import make_image_renditions_task

    ProductFactory(public_id="1003")
    buffer = io.BytesIO()
    exif = Image.Exif()
    exif[0x0112] = 6  # rotated 90°: a 400x100 sensor picture is shown as 100x400
    Image.new("RGB", (400, 100)).save(buffer, "JPEG", exif=exif)
    with django_capture_on_commit_callbacks(execute=True):
        body = upload(api, "1003", SimpleUploadedFile("phone.jpg", buffer.getvalue())).json()
    image = ProductImage.objects.get(public_id=body["id"])
    files_before = stored_files(media)

    again = make_image_renditions_task(image.pk)

    assert again == image.renditions
    assert stored_files(media) == files_before
    with Image.open(media / image.renditions["200"]) as rendition:
        assert rendition.size == (50, 200)


def test_with_the_broker_down_the_upload_succeeds_and_makes_its_renditions_itself(
    api, media, broker_down, django_capture_on_commit_callbacks
):
    from catalog.image_tasks import make_image_renditions_task

    broker_down(make_image_renditions_task)
    ProductFactory(public_id="1003")

    with django_capture_on_commit_callbacks(execute=True):
        response = upload(api, "1003", picture())

    assert response.status_code == 200, response.json()
    assert set(ProductImage.objects.get(public_id=response.json()["id"]).renditions) == {"200", "600", "1200"}
