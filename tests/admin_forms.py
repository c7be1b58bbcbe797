"""Helpers for posting the admin's forms the way the browser does."""


def management(prefix, total=0, initial=0):
    """The management form Django's inline formsets expect for the inline named `prefix`."""
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


CSV = "2"  # the index of CSV in settings.IMPORT_EXPORT_FORMATS (XLSX, XLS, CSV, JSON)


def import_preview(client, changelist: str, headers: list[str], rows: list[list]):
    """Upload `rows` as a CSV file to the import page of the changelist URL `changelist` (e.g.
    "/admin/inventory/warehouse/"): the dry run's page, whose context holds `result` and `confirm_form`."""
    import tablib
    from django.core.files.uploadedfile import SimpleUploadedFile

    data = tablib.Dataset(*rows, headers=headers).export("csv")
    upload = SimpleUploadedFile("import.csv", data.encode())
    response = client.post(f"{changelist}import/", {"import_file": upload, "format": CSV})
    assert response.status_code == 200
    return response


def import_confirm(client, changelist: str, preview):
    """Confirm a previewed import as the "Подтвердить импорт" button does."""
    response = client.post(f"{changelist}process_import/", preview.context["confirm_form"].initial, follow=True)
    assert response.status_code == 200
    return response
