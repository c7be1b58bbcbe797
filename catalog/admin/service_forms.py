"""A ModelAdmin mixin whose saves go through a catalog service instead of ModelForm.save().

Django validates the form and the inline formsets as usual (types, required fields, unique barcodes);
then `save_related` turns the cleaned data into the service's input and calls it once, in a savepoint. When
the service refuses, the savepoint is rolled back (nothing is half-written) and the same page is shown again
with everything the manager typed and the service's message next to what it refused: on the row it names
(`RowErrors`), else at the top of the form.
"""

from django import forms
from django.db import transaction
from django.utils.translation import gettext

from config.kernel.actor import Actor, ChangeSource
from config.kernel.errors import DomainError


class RowErrors(DomainError):
    """The service refused some rows of inlines: {formset prefix: {row index: [messages]}}. The inline's
    formset shows them on their rows (VariantGridFormSet.service_errors)."""

    def __init__(self, rows: dict[str, dict[int, list[str]]]):
        messages = [m for by_row in rows.values() for row in by_row.values() for m in row]
        super().__init__("; ".join(messages))
        self.rows = rows


def formset_rows(formset) -> list[dict]:
    """Cleaned data of the inline rows that are filled in and not marked for deletion."""
    rows = []
    for form in formset.forms:
        data = getattr(form, "cleaned_data", None)
        if not data or data.get("DELETE"):
            continue
        rows.append(data)
    return rows


class _RefusedForm:
    """The main form of a page shown again after the service refused the save: the refusal is its error."""

    service_error = ""

    def clean(self):
        super().clean()
        raise forms.ValidationError(self.service_error)


class ServiceSavingAdmin:
    """Subclasses implement `save_through_service(request, form, formsets, change) -> model instance`."""

    def admin_actor(self, request, action: str, reason: str = "") -> Actor:
        return Actor(source=ChangeSource.USER, login=request.user.get_username(), action=action, reason=reason)

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        refused = getattr(request, "_service_error", None)
        if refused is None:
            return form
        # Refused rows carry their own messages; the top of the form says that nothing was saved.
        message = gettext("Nothing was saved: see the marked rows.") if isinstance(refused, RowErrors) else None
        return type(form.__name__, (_RefusedForm, form), {"service_error": message or refused.message})

    def save_model(self, request, obj, form, change):
        # The service writes the object together with its inlines, in save_related.
        pass

    def save_related(self, request, form, formsets, change):
        for formset in formsets:
            # The admin's change message reads what formset.save() would have set.
            formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        try:
            with transaction.atomic():
                saved = self.save_through_service(request, form, formsets, change)
        except DomainError as error:
            request._service_error = error
            return
        form.instance.pk = saved.pk
        form.instance.id = saved.pk
        for name in ("public_id",):
            if hasattr(saved, name):
                setattr(form.instance, name, getattr(saved, name))

    def log_addition(self, request, obj, message):
        if not getattr(request, "_service_error", None):
            super().log_addition(request, obj, message)

    def log_change(self, request, obj, message):
        if not getattr(request, "_service_error", None):
            super().log_change(request, obj, message)

    def _show_refused(self, request, object_id):
        # The page again, built from the same POST: the forms validate as before and then carry the refusal
        # (get_form, the inlines' service_errors), so the page is shown with the manager's input, unsaved.
        return self.changeform_view(request, object_id)

    def response_add(self, request, obj, post_url_continue=None):
        if getattr(request, "_service_error", None):
            return self._show_refused(request, None)
        return super().response_add(request, obj, post_url_continue)

    def response_change(self, request, obj):
        if getattr(request, "_service_error", None):
            return self._show_refused(request, str(obj.pk))
        return super().response_change(request, obj)
