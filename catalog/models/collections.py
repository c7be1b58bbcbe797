from django.db import models
from django.utils.translation import gettext_lazy as _

from .common import public_id_field


class Collection(models.Model):
    public_id = public_id_field()
    name = models.CharField(_("name"), max_length=255)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent collection"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    ordering = models.IntegerField(_("sort order"), default=0)
    is_public = models.BooleanField(
        _("public in the catalog"), default=True, help_text=_("Drives anyPublicCollections of products")
    )

    class Meta:
        verbose_name = _("collection")
        verbose_name_plural = _("collections")
        ordering = ["ordering", "id"]

    def __str__(self):
        return f"{self.name} [{self.public_id}]"
