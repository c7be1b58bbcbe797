"""Writing a set of rows as the difference between what is stored and what is wanted (shared by the variant parts)."""

import functools
from dataclasses import dataclass, field

from django.apps import apps

from config.kernel.bulk import insert_rows, update_rows


@dataclass
class RowChanges:
    """What replacing a variant's rows of one table takes: rows to delete, to update and to insert."""

    delete: list = field(default_factory=list)
    update: list = field(default_factory=list)
    create: list = field(default_factory=list)


def apply_fields(instance, names: list[str], data: dict, partial: bool):
    """Set the model fields `names` from data: a PATCH (partial) leaves absent ones alone, a POST resets
    them to their default; None for a field that cannot be null means its default too."""
    for name, nullable, default in _field_defaults(instance._meta.label, tuple(names)):
        if name in data:
            value = data[name]
            if value is None and not nullable:
                value = default()
        elif partial:
            continue
        else:
            value = default()
        setattr(instance, name, value)


@functools.cache
def _field_defaults(model: str, names: tuple[str, ...]) -> tuple:
    """(name, null allowed, default getter) of each field: a batch of 1000 products resets about 240,000
    absent fields to their defaults, and looking each field up every time was a third of its planning."""
    meta = apps.get_model(model)._meta  # by label: a model class is not Hashable to mypy
    fields = {name: meta.get_field(name) for name in names}
    return tuple((name, field.null, field.get_default) for name, field in fields.items())


def write_changes(model, changes: RowChanges, fields: list[str]):
    """Deletes first, so a value a variant gives up can be taken by another in the same write."""
    if changes.delete:
        model.objects.filter(pk__in=[row.pk for row in changes.delete]).delete()
    if changes.update:
        update_rows(model, changes.update, fields)
    if changes.create:
        # A unique value taken by a concurrent writer since the checks raises IntegrityError (INTEGRITY_RACE).
        insert_rows(model, changes.create)
