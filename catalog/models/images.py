import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from config.kernel.media import absolute_media_url


def image_upload_to(instance, filename):
    """images/<first two characters of the id>/<id>.<extension>; an id that already ends with the extension
    (a POST /file/image id is the stored file's name) is not given it twice."""
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "jpg"
    name = instance.public_id if instance.public_id.endswith(f".{extension}") else f"{instance.public_id}.{extension}"
    return f"images/{instance.public_id[:2]}/{name}"


class ProductImage(models.Model):
    """An image of a product; renditions of several sizes are produced by a Celery task."""

    public_id = models.CharField(_("ID"), max_length=64, unique=True, default=uuid.uuid4)
    product = models.ForeignKey(
        "catalog.Product", verbose_name=_("product"), on_delete=models.CASCADE, related_name="images", null=True
    )
    file = models.ImageField(_("file"), upload_to=image_upload_to, max_length=255)
    pos = models.DecimalField(_("position"), max_digits=30, decimal_places=15, default=10000)
    width = models.PositiveIntegerField(_("width, px"), null=True, blank=True)
    height = models.PositiveIntegerField(_("height, px"), null=True, blank=True)
    renditions = models.JSONField(_("renditions"), default=dict, blank=True, help_text=_("{size: storage name}"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("image")
        verbose_name_plural = _("images")
        ordering = ["pos", "id"]

    def __str__(self):
        return self.public_id

    @property
    def url(self) -> str:
        """Absolute (config/kernel/media.py), as every answer shows it."""
        return absolute_media_url(self.file.url) if self.file else ""
