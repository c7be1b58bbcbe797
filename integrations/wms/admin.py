from django.contrib import admin, messages
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from . import services
from .models import OutboxEntry, VariantSyncState, WarehouseCategory, WmsCall


class HasSyncErrorFilter(admin.SimpleListFilter):
    title = _("upload error")
    parameter_name = "has_error"

    def lookups(self, request, model_admin):
        return [("yes", _("With an error")), ("no", _("Without errors"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.exclude(ff_sync_error__isnull=True).exclude(ff_sync_error="")
        if self.value() == "no":
            return queryset.filter(ff_sync_error__isnull=True) | queryset.filter(ff_sync_error="")
        return queryset


@admin.register(VariantSyncState)
class VariantSyncStateAdmin(admin.ModelAdmin):
    list_display = [
        "public_id",
        "product",
        "article",
        "is_ff_synchronised",
        "ff_sync_error",
        "is_physical_set",
        "is_ff_physical_set_synchronized",
    ]
    list_filter = ["is_ff_synchronised", HasSyncErrorFilter, "is_physical_set"]
    search_fields = ["public_id", "article", "product__public_id", "product__short_name"]
    list_select_related = ["product"]
    fields = [
        "public_id",
        "product",
        "article",
        "is_ff_synchronised",
        "ff_sync_error",
        "is_physical_set",
        "is_ff_physical_set_synchronized",
        "ff_physical_set_sync_error",
    ]
    readonly_fields = fields
    actions = ["retry_push"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Upload to the WMS again"))
    def retry_push(self, request, queryset):
        ids = list(queryset.values_list("pk", flat=True))
        services.queue_variants_push(variant_ids=ids, source=f"admin:{request.user.get_username()}")
        message = gettext("Upload of %(count)s variant(s) is queued") % {"count": len(ids)}
        self.message_user(request, message, messages.SUCCESS)


@admin.register(OutboxEntry)
class OutboxEntryAdmin(admin.ModelAdmin):
    list_display = [
        "id",
        "operation",
        "status",
        "attempts",
        "chunks_done",
        "source",
        "created_at",
        "done_at",
        "last_error",
    ]
    list_filter = ["status", "operation"]
    readonly_fields = [f.name for f in OutboxEntry._meta.fields]
    actions = ["retry"]

    def has_add_permission(self, request):
        return False

    @admin.action(description=_("Retry (pending and failed)"))
    def retry(self, request, queryset):
        count = services.retry_entries(entry_ids=list(queryset.values_list("pk", flat=True)))
        self.message_user(request, gettext("Queued: %(count)s") % {"count": count}, messages.SUCCESS)


@admin.register(WmsCall)
class WmsCallAdmin(admin.ModelAdmin):
    list_display = ["created_at", "operation", "method", "path", "status", "ok", "duration_ms", "error"]
    list_filter = ["ok", "operation"]
    search_fields = ["idempotency_key", "error"]
    readonly_fields = [f.name for f in WmsCall._meta.fields]
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(WarehouseCategory)
class WarehouseCategoryAdmin(admin.ModelAdmin):
    list_display = ["code", "title", "updated_at"]
    search_fields = ["code", "title"]
