"""A ModelAdmin mixin whose saves go through a catalog service instead of ModelForm.save().

Django validates the form and the inline formsets as usual (types, required fields, unique barcodes);
then `save_related` turns the cleaned data into the service's input and calls it once. A domain error
raised by the service rolls the whole request back and is shown to the manager on the same page.
"""

from django.contrib import messages
from django.db import transaction
from django.http import HttpResponseRedirect

from config.kernel.actor import Actor, ChangeSource
from config.kernel.errors import DomainError


def formset_rows(formset) -> list[dict]:
    """Cleaned data of the inline rows that are filled in and not marked for deletion."""
    rows = []
    for form in formset.forms:
        data = getattr(form, "cleaned_data", None)
        if not data or data.get("DELETE"):
            continue
        rows.append(data)
    return rows


class ServiceSavingAdmin:
    """Subclasses implement `save_through_service(request, form, formsets, change) -> model instance`."""

    def admin_actor(self, request, action: str) -> Actor:
        return Actor(source=ChangeSource.USER, login=request.user.get_username(), action=action)

    def save_model(self, request, obj, form, change):
        # The service writes the object together with its inlines, in save_related.
        pass

    def save_related(self, request, form, formsets, change):
        for formset in formsets:
            # The admin's change message reads what formset.save() would have set.
            formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        try:
            saved = self.save_through_service(request, form, formsets, change)
        except DomainError as error:
            transaction.set_rollback(True)
            request._service_error = error.message
            messages.error(request, error.message)
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

    def response_add(self, request, obj, post_url_continue=None):
        if getattr(request, "_service_error", None):
            return HttpResponseRedirect(request.get_full_path())
        return super().response_add(request, obj, post_url_continue)

    def response_change(self, request, obj):
        if getattr(request, "_service_error", None):
            return HttpResponseRedirect(request.get_full_path())
        return super().response_change(request, obj)
