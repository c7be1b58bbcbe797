"""django-import-export admin screens with the project's upload limits and reader (config.kernel.uploads).

SharedReaderImportMixin is on every import screen: the form refuses a file over the limits
(`check_uploaded_spreadsheet`) and XLS and XLSX files are read by `read_uploaded_spreadsheet`, the reader of the
Cactus XLS uploads; its refusal is shown on the form. LimitedImportExportMixin replaces
import_export.admin.ImportExportMixin on our changelists; resources that import inherit RowLimitResource so
that a file with too many rows (CSV and JSON included) is refused before its dry run.
"""

import tablib
from django import forms
from import_export.admin import ImportExportMixin
from import_export.formats import base_formats
from import_export.forms import ImportForm
from import_export.resources import ModelResource

from config.kernel.errors import ValidationFailed
from config.kernel.uploads import check_spreadsheet_rows, check_uploaded_spreadsheet, read_uploaded_spreadsheet


class SpreadsheetImportForm(ImportForm):
    def clean_import_file(self):
        upload = self.cleaned_data["import_file"]
        try:
            check_uploaded_spreadsheet(upload.read())
        except ValidationFailed as error:
            raise forms.ValidationError(error.message) from None
        upload.seek(0)
        return upload


def _dataset(rows: list[list]) -> tablib.Dataset:
    if not rows:
        return tablib.Dataset()
    return tablib.Dataset(*rows[1:], headers=rows[0])


# The reader tells XLS from XLSX by the file's content: a manager who picks the other Excel format is not refused.
class XLS(base_formats.XLS):
    def create_dataset(self, in_stream):
        return _dataset(read_uploaded_spreadsheet(in_stream))


class XLSX(base_formats.XLSX):
    def create_dataset(self, in_stream):
        return _dataset(read_uploaded_spreadsheet(in_stream))


SHARED_READERS = {base_formats.XLS: XLS, base_formats.XLSX: XLSX}


class SharedReaderImportMixin:
    import_form_class = SpreadsheetImportForm

    def get_import_formats(self):
        return [SHARED_READERS.get(f, f) for f in super().get_import_formats()]

    def add_data_read_fail_error_to_form(self, form, e):
        if isinstance(e, ValidationFailed):
            form.add_error("import_file", e.message)
        else:
            super().add_data_read_fail_error_to_form(form, e)


class LimitedImportExportMixin(SharedReaderImportMixin, ImportExportMixin):
    pass


class RowLimitResource(ModelResource):
    def before_import(self, dataset, **kwargs):
        # Raised here, the error is shown above the preview and nothing can be confirmed.
        check_spreadsheet_rows(len(dataset))
        super().before_import(dataset, **kwargs)
