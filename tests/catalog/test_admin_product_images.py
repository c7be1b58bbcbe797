import io
from decimal import Decimal

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


@pytest.fixture
def catalog():
    return ProductFactory(public_id="1003", short_name="Кеды", variants=1)


def test_product_list_shows_a_thumbnail(admin_client, catalog):
    buffer = io.BytesIO()
    Image.new("RGB", (10, 10)).save(buffer, "PNG")
    image = ProductImage(product=catalog, public_id="img1")
    image.file.save("img1.png", io.BytesIO(buffer.getvalue()), save=True)

    page = admin_client.get("/admin/catalog/product/").content.decode()

    assert image.file.url in page
    assert admin_client.get(f"/admin/catalog/product/{catalog.pk}/change/").status_code == 200


def change_form_data(response) -> dict:
    """The POST data of an admin change page as it was rendered (main form and every inline)."""
    data = {}
    forms = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        for name, field in formset.management_form.fields.items():
            value = formset.management_form.initial.get(name, field.initial)
            data[f"{formset.prefix}-{name}"] = value
        forms += list(formset.forms)
    for form in forms:
        for name, field in form.fields.items():
            value = form.initial.get(name, field.initial)
            if callable(value):
                value = value()
            if value is None or field.disabled or name == "file":
                continue
            if isinstance(value, list):
                value = [getattr(v, "pk", v) for v in value]
            elif hasattr(value, "pk"):
                value = value.pk
            elif isinstance(value, bool) and not value:
                continue
            data[form.add_prefix(name)] = value
    return data


def png(name="p.png") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 20), (10, 200, 10)).save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def test_manager_uploads_reorders_and_deletes_images_on_the_product_page(
    admin_client, catalog, django_capture_on_commit_callbacks
):
    url = f"/admin/catalog/product/{catalog.pk}/change/"
    data = change_form_data(admin_client.get(url))
    data["images-0-file"] = png()

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(url, data)

    assert response.status_code == 302, response.context and response.context["errors"]
    image = ProductImage.objects.get(product=catalog)
    assert (image.pos, image.width, len(image.renditions)) == (Decimal(10000), 40, 3)
    assert HistoryEvent.objects.filter(product=catalog, change_source="USER").exists()

    data = change_form_data(admin_client.get(url))
    data["images-0-pos"] = "5"
    data["images-1-file"] = png("second.png")
    with django_capture_on_commit_callbacks(execute=True):
        assert admin_client.post(url, data).status_code == 302
    images = list(ProductImage.objects.filter(product=catalog).order_by("pos"))
    assert [i.pos for i in images] == [Decimal(5), Decimal(10005)]  # a new image goes after the last one
    assert images[0].pk == image.pk

    data = change_form_data(admin_client.get(url))
    data["images-0-DELETE"] = "on"
    with django_capture_on_commit_callbacks(execute=True):
        assert admin_client.post(url, data).status_code == 302
    assert list(ProductImage.objects.filter(product=catalog)) == [images[1]]


def test_product_page_refuses_a_text_file_as_an_image(admin_client, catalog):
    url = f"/admin/catalog/product/{catalog.pk}/change/"
    data = change_form_data(admin_client.get(url))
    data["images-0-file"] = SimpleUploadedFile("photo.jpg", b"not an image")

    response = admin_client.post(url, data)

    assert response.status_code == 200
    assert not ProductImage.objects.exists()
