"""django-import-export admin screens with the project's upload limits (config.kernel.uploads).

LimitedImportExportMixin replaces import_export.admin.ImportExportMixin on our changelists; resources that
import inherit RowLimitResource so that a file with too many rows is refused before its dry run.
"""

from django import forms
from import_export.admin import ImportExportMixin
from import_export.forms import ImportForm
from import_export.resources import ModelResource

from config.kernel.errors import ValidationFailed
from config.kernel.uploads import check_spreadsheet_rows, read_spreadsheet_upload


class SpreadsheetImportForm(ImportForm):
    def clean_import_file(self):
        upload = self.cleaned_data["import_file"]
        try:
            read_spreadsheet_upload(upload.read())
        except ValidationFailed as error:
            raise forms.ValidationError(error.message) from None
        upload.seek(0)
        return upload


class LimitedImportExportMixin(ImportExportMixin):
    import_form_class = SpreadsheetImportForm


class RowLimitResource(ModelResource):
    def before_import(self, dataset, **kwargs):
        # Raised here, the error is shown above the preview and nothing can be confirmed.
        check_spreadsheet_rows(len(dataset))
        super().before_import(dataset, **kwargs)
