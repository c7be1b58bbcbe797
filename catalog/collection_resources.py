"""django-import-export resource for the collections changelist: the parent by its public ID, not a database id.

Collections are saved by the admin's own form with Model.save (no service owns them), so import does the same.
"""

from import_export import fields, widgets

from config.spreadsheet_import import RowLimitResource

from .models import Collection


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
