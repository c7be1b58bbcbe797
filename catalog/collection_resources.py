"""django-import-export resource for the collections changelist: the parent by its public ID, not a database id.

Every row is written by catalog.services.save_collection (the rules of the API and the admin form: a valid ID,
a parent that exists, no collection inside itself), never Model.save; a refused row is a row error and the
file writes nothing.
"""

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from import_export import fields, widgets

from config.kernel.errors import DomainError
from config.spreadsheet_import import RowLimitResource

from .models import Collection
from .services.collections import save_collection


class CollectionResource(RowLimitResource):
    public_id = fields.Field(attribute="public_id", column_name="public_id")
    parent = fields.Field(
        attribute="parent", column_name="parent", widget=widgets.ForeignKeyWidget(Collection, field="public_id")
    )

    class Meta:
        model = Collection
        import_id_fields = ["public_id"]
        fields = ["public_id", "name", "parent", "ordering", "is_public"]
        export_order = fields
        skip_unchanged = True
        report_skipped = True

    def get_queryset(self):
        return super().get_queryset().select_related("parent")

    def save_instance(self, instance, is_create, row, **kwargs):
        # A dry run calls the service too, inside the transaction import-export rolls back.
        try:
            saved, _ = save_collection(data=collection_data(instance))
        except DomainError as error:
            raise ValidationError({NON_FIELD_ERRORS: [error.message]}) from None
        instance.pk = saved.pk

    def save_m2m(self, instance, row, **kwargs):
        """Collections have no many-to-many of their own here."""


def collection_data(collection: Collection) -> dict:
    """save_collection's input from a collection whose fields a form or a file has set."""
    return {
        "public_id": collection.public_id,
        "name": collection.name,
        "parent_id": collection.parent.public_id if collection.parent_id else None,
        "ordering": collection.ordering,
        "is_public": collection.is_public,
    }
