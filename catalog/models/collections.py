from django.db import models

from .common import public_id_field


class Collection(models.Model):
    public_id = public_id_field()
    name = models.CharField(max_length=255)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children")
    ordering = models.IntegerField(default=0)
    is_public = models.BooleanField(
        "public in the catalog", default=True, help_text="Drives anyPublicCollections of products"
    )

    class Meta:
        ordering = ["ordering", "id"]

    def __str__(self):
        return f"{self.name} [{self.public_id}]"
