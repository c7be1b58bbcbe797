"""Admin editor of filter blocks and the on-demand recomputation of their values (also an action of
the collection list)."""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from config.kernel.errors import DomainError
from config.kernel.queue import send

from ..models import BlockFilter, FilterBlock, FilterField
from ..services.filter_blocks import (
    complete_block_fields,
    delete_block_filters,
    delete_filter_blocks,
    validate_block_filters,
)
from ..tasks import recompute_filter_values_task

BROKER_DOWN_ADMIN = _("The task queue is unavailable: the values were not recomputed. Try again in a minute.")


def queue_recompute(modeladmin, request, ids: list[int]):
    if send(recompute_filter_values_task, collection_ids=ids):
        modeladmin.message_user(request, recompute_started_message(len(ids)), messages.INFO)
    else:
        modeladmin.message_user(request, BROKER_DOWN_ADMIN, messages.ERROR)


def recompute_started_message(count: int) -> str:
    return gettext("Recomputing filter values of %(count)s collection(s) has started.") % {"count": count}


@admin.action(description=_("Recompute filter values of the selected collections"))
def recompute_filter_values_action(modeladmin, request, queryset):
    """For CollectionAdmin: queued as a Celery task (runs in-process when Celery is eager)."""
    ids = list(queryset.values_list("pk", flat=True))
    queue_recompute(modeladmin, request, ids)


class BlockFilterFormSet(BaseInlineFormSet):
    def clean(self):
        super().clean()
        types = [
            form.cleaned_data["type"]
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE") and form.cleaned_data.get("type")
        ]
        try:
            validate_block_filters(self.instance.type, types)
        except DomainError as error:
            raise ValidationError(error.message) from None


class BlockFilterInline(admin.TabularInline):
    model = BlockFilter
    formset = BlockFilterFormSet
    extra = 0
    fields = ["type", "enabled", "ordering"]
    show_change_link = True


class FilterFieldInline(admin.TabularInline):
    model = FilterField
    extra = 0
    fields = ["name", "name_readable", "type", "ordering", "string_values", "decimal_values"]


@admin.register(FilterBlock)
class FilterBlockAdmin(admin.ModelAdmin):
    list_display = ["public_id", "collection", "type", "mode", "ordering"]
    list_filter = ["mode", "type"]
    search_fields = ["public_id", "collection__name", "collection__public_id"]
    raw_id_fields = ["collection"]
    inlines = [BlockFilterInline]
    actions = ["recompute_values"]

    def get_readonly_fields(self, request, obj=None):
        # CLIENT blocks are rebuilt by the periodic task: hand edits would be lost.
        return ["public_id", "mode"] if obj is not None else ["public_id"]

    def save_model(self, request, obj, form, change):
        if not change and not obj.public_id:
            from .models import IdCounter

            obj.public_id = IdCounter.allocate("filter_block")[0]
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        complete_block_fields(block=form.instance)

    def delete_model(self, request, obj):
        delete_filter_blocks(block_ids=[obj.pk])

    def delete_queryset(self, request, queryset):
        delete_filter_blocks(block_ids=list(queryset.values_list("pk", flat=True)))

    @admin.action(description=_("Recompute filter values of the selected blocks' collections"))
    def recompute_values(self, request, queryset):
        ids = sorted(set(queryset.values_list("collection_id", flat=True)))
        queue_recompute(self, request, ids)


@admin.register(BlockFilter)
class BlockFilterAdmin(admin.ModelAdmin):
    list_display = ["__str__", "block", "enabled", "ordering"]
    list_filter = ["type", "enabled"]
    raw_id_fields = ["block"]
    inlines = [FilterFieldInline]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        complete_block_fields(block=form.instance.block)  # as after a block's save: the storefront sees it

    def delete_model(self, request, obj):
        delete_block_filters(filter_ids=[obj.pk])

    def delete_queryset(self, request, queryset):
        delete_block_filters(filter_ids=list(queryset.values_list("pk", flat=True)))
