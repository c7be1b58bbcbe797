"""django-import-export resource for the reviews changelist: export only (reviews are written by customers)."""

from import_export import fields, resources

from .models import Review


class ReviewResource(resources.ModelResource):
    product = fields.Field(attribute="product__public_id", column_name="Код продукта")
    product_name = fields.Field(attribute="product__short_name", column_name="Наименование")

    class Meta:
        model = Review
        fields = ["public_id", "created_at", "product", "product_name", "customer_name", "score", "content", "status"]
        export_order = fields

    def get_queryset(self):
        return super().get_queryset().select_related("product")
