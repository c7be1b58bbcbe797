"""Product images in the admin: thumbnails in the product list and an inline to upload, reorder and
delete images. Every change goes through catalog.services.images (checked by decoding, history recorded)."""

from django import forms
from django.contrib import admin
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from config.kernel.actor import Actor
from config.kernel.errors import ValidationFailed

from ..models import FeatureAppearance, ProductImage
from ..services.images import check_image, delete_image, rendition_url, set_image_pos, upload_product_image


def thumbnail_html(image: ProductImage | None, size: int = 60):
    if image is None or not image.file:
        return "—"
    return format_html(
        '<img src="{}" alt="" style="max-width:{}px;max-height:{}px;object-fit:contain">',
        rendition_url(image, 200),
        size,
        size,
    )


class ProductImageForm(forms.ModelForm):
    class Meta:
        model = ProductImage
        fields = ["file", "pos"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pos"].required = False
        if self.instance.pk:
            # An existing image is replaced by deleting it and uploading a new one.
            self.fields["file"].disabled = True

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if self.instance.pk or upload is None:
            return upload
        try:
            check_image(upload)
        except ValidationFailed as error:
            raise forms.ValidationError(error.message) from None
        return upload


class ProductImageInline(admin.TabularInline):
    model = ProductImage
    form = ProductImageForm
    fields = ["preview", "file", "pos", "size"]
    readonly_fields = ["preview", "size"]
    extra = 1
    ordering = ["pos", "id"]
    verbose_name = _("image")
    verbose_name_plural = _("Images (the position sets the order; new ones go after the last)")

    @admin.display(description=_("preview"))
    def preview(self, image):
        return thumbnail_html(image if image.pk else None, 100)

    @admin.display(description=_("size"))
    def size(self, image):
        return f"{image.width}×{image.height}" if image.width else "—"


def save_image_formset(formset, *, product, actor: Actor) -> None:
    """Apply the image inline through the image service: deletions, new positions, uploads."""
    for form in formset.forms:
        data = getattr(form, "cleaned_data", None)
        if not data:
            continue
        instance = form.instance
        if instance.pk:
            if data.get("DELETE"):
                delete_image(public_id=instance.public_id, actor=actor)
            elif "pos" in form.changed_data and data.get("pos") is not None:
                set_image_pos(public_id=instance.public_id, pos=data["pos"], actor=actor)
        elif data.get("file") and not data.get("DELETE"):
            image = upload_product_image(product_public_id=product.public_id, upload=data["file"], actor=actor)
            if data.get("pos") is not None and "pos" in form.changed_data:
                set_image_pos(public_id=image.public_id, pos=data["pos"], actor=actor)


@admin.register(FeatureAppearance)
class FeatureAppearanceAdmin(admin.ModelAdmin):
    """Colour codes and image URLs of option values per product (GET /products/features/appearance)."""

    list_display = ["product", "feature_code", "value", "color_swatch", "image_url"]
    list_select_related = ["product"]
    search_fields = ["product__public_id", "product__short_name", "feature_code", "value"]
    raw_id_fields = ["product"]

    @admin.display(description=_("colour"))
    def color_swatch(self, appearance):
        if not appearance.color_code:
            return "—"
        return format_html(
            '<span style="display:inline-block;width:1em;height:1em;background:{};border:1px solid #999"></span> {}',
            appearance.color_code,
            appearance.color_code,
        )
