"""Product images: upload (checked by decoding), renditions, position, deletion.

Files go through Django's storage API (settings.STORAGES["default"]): the local file system by default,
an S3-compatible bucket by configuration alone (see docs/api.md).
"""

import io
import logging
import uuid
import warnings
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Max
from PIL import Image, ImageOps, UnidentifiedImageError

from config.kernel.actor import Actor
from config.kernel.errors import NotFound, ValidationFailed
from config.kernel.media import absolute_media_url
from config.kernel.queue import send

from ..models import Product, ProductImage
from .history import record_product_events

logger = logging.getLogger(__name__)

RENDITION_SIZES = (200, 600, 1200)
POS_STEP = Decimal(10000)
FORMATS = {"JPEG": "jpg", "PNG": "png", "GIF": "gif", "WEBP": "webp"}


def max_bytes() -> int:
    return getattr(settings, "IMAGE_MAX_BYTES", 10 * 1024 * 1024)


def max_pixels() -> int:
    return getattr(settings, "IMAGE_MAX_PIXELS", None) or Image.MAX_IMAGE_PIXELS or 89_478_485


@dataclass(frozen=True)
class CheckedImage:
    content: bytes
    extension: str
    width: int
    height: int


def check_image(upload) -> CheckedImage:
    """Accept only a real image (decoded by Pillow, not judged by its name) within the size limits."""
    if upload is None:
        raise ValidationFailed("Не передан файл картинки")
    if hasattr(upload, "seek"):
        upload.seek(0)
    size = getattr(upload, "size", None)
    if size is not None and size > max_bytes():
        raise ValidationFailed(f"Файл слишком большой: {size} байт, максимум {max_bytes()} байт")
    content = upload.read(max_bytes() + 1)
    if not content:
        raise ValidationFailed("Файл картинки пустой")
    if len(content) > max_bytes():
        raise ValidationFailed(f"Файл слишком большой, максимум {max_bytes()} байт")
    limit = max_pixels()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(content)) as image:
                image_format = image.format
                width, height = image.size
                if width * height > limit:
                    raise ValidationFailed(f"Картинка слишком большая: {width}x{height} точек, максимум {limit} точек")
                image.verify()
            with Image.open(io.BytesIO(content)) as image:
                image.load()
    except ValidationFailed:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ValidationFailed(f"Картинка слишком большая: максимум {limit} точек") from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError):
        raise ValidationFailed("Файл не является картинкой (поддерживаются JPEG, PNG, GIF, WEBP)") from None
    if image_format not in FORMATS:
        raise ValidationFailed(f"Формат картинки {image_format} не поддерживается: нужен JPEG, PNG, GIF или WEBP")
    return CheckedImage(content=content, extension=FORMATS[image_format], width=width, height=height)


def _store(image: ProductImage, checked: CheckedImage) -> None:
    image.width, image.height = checked.width, checked.height
    image.file.save(f"{image.public_id}.{checked.extension}", ContentFile(checked.content), save=False)


def _save_with_file(image: ProductImage, checked: CheckedImage, after_save) -> ProductImage:
    """Store the file, then the row; if the transaction fails, the stored file is removed."""
    _store(image, checked)
    try:
        with transaction.atomic():
            image.save()
            after_save(image)
            transaction.on_commit(lambda: _queue_renditions(image.pk))
    except BaseException:
        if image.file.name:
            image.file.storage.delete(image.file.name)
        raise
    return image


def _queue_renditions(image_pk: int) -> None:
    from ..image_tasks import make_image_renditions_task

    # Without the broker the three resized copies are made here: a bounded job, and the image stays complete.
    send(make_image_renditions_task, image_pk, on_broker_down=lambda: make_renditions(image_pk=image_pk))


def upload_product_image(*, product_public_id: str, upload, actor: Actor) -> ProductImage:
    """Add an image after the product's last one; renditions are made by a Celery task after commit."""
    checked = check_image(upload)
    product = Product.objects.filter(public_id=product_public_id).first()
    if product is None:
        raise NotFound("Продукта с указанным id не существует")

    def place_and_record(image):
        Product.objects.select_for_update().filter(pk=product.pk).first()
        last = ProductImage.objects.filter(product=product).exclude(pk=image.pk).aggregate(m=Max("pos"))["m"]
        image.pos = (last or 0) + POS_STEP
        image.save(update_fields=["pos"])
        record_product_events(product_ids=[product.pk], actor=actor, description="Добавлена картинка")

    return _save_with_file(ProductImage(public_id=str(uuid.uuid4()), product=product), checked, place_and_record)


def upload_file_image(*, upload) -> ProductImage:
    """An image not attached to a product (POST /file/image): stored, with renditions. Its id is the stored
    file's name with its extension (`<uuid>.jpg`), as the spec's example answers; like any image id it is
    accepted by DELETE /products/image and POST /products/image/pos."""
    checked = check_image(upload)
    public_id = f"{uuid.uuid4()}.{checked.extension}"
    return _save_with_file(ProductImage(public_id=public_id, product=None), checked, lambda image: None)


def delete_image(*, public_id: str, actor: Actor) -> None:
    with transaction.atomic():
        image = ProductImage.objects.select_for_update().filter(public_id=public_id).first()
        if image is None:
            raise NotFound("Картинки с указанным id не существует")
        names = [image.file.name, *image.renditions.values()]
        product_id = image.product_id
        image.delete()
        if product_id:
            record_product_events(product_ids=[product_id], actor=actor, description="Удалена картинка")
        transaction.on_commit(lambda: _delete_files(names))


def _delete_files(names) -> None:
    for name in names:
        if name:
            default_storage.delete(name)


def set_image_pos(*, public_id: str, pos: Decimal, actor: Actor) -> ProductImage:
    with transaction.atomic():
        image = ProductImage.objects.select_for_update().filter(public_id=public_id).first()
        if image is None:
            raise NotFound("Картинки с указанным id не существует")
        image.pos = pos
        image.save(update_fields=["pos"])
        if image.product_id:
            record_product_events(product_ids=[image.product_id], actor=actor, description="Изменен порядок картинок")
    return image


def make_renditions(*, image_pk: int) -> dict:
    """Write the 200/600/1200 px (long side) renditions of an image; idempotent (overwrites them).

    A picture Pillow cannot convert is logged and left without renditions (its original is still shown).
    """
    image = ProductImage.objects.filter(pk=image_pk).first()
    if image is None or not image.file.name:
        return {}
    name, storage = image.file.name, image.file.storage
    try:
        with storage.open(name, "rb") as source:
            original: Image.Image = Image.open(io.BytesIO(source.read()))
            # A JPEG is decoded at the smallest scale still above the largest rendition: less memory and time.
            original.draft("RGB", (max(RENDITION_SIZES), max(RENDITION_SIZES)))
            original.load()
        original = ImageOps.exif_transpose(original)
        has_alpha = original.mode in ("RGBA", "LA", "PA") or (original.mode == "P" and "transparency" in original.info)
        converted = original.convert("RGBA" if has_alpha else "RGB")
    except (OSError, ValueError, SyntaxError):
        logger.exception("Cannot make renditions of image %s", image.public_id)
        return {}
    base = name.rsplit(".", 1)[0]
    renditions = {}
    for size in RENDITION_SIZES:
        copy = converted.copy()
        copy.thumbnail((size, size), Image.Resampling.LANCZOS)
        buffer = io.BytesIO()
        if has_alpha:
            copy.save(buffer, "PNG", optimize=True)
            name = f"{base}_{size}.png"
        else:
            copy.save(buffer, "JPEG", quality=85, optimize=True)
            name = f"{base}_{size}.jpg"
        storage.delete(name)
        renditions[str(size)] = storage.save(name, ContentFile(buffer.getvalue()))
    ProductImage.objects.filter(pk=image.pk).update(renditions=renditions)
    return renditions


def rendition_url(image: ProductImage, size: int = 200) -> str:
    name = (image.renditions or {}).get(str(size))
    return absolute_media_url(default_storage.url(name)) if name else image.url
