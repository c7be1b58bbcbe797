from django.contrib import admin, messages
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from . import services
from .models import OutboxEntry, VariantSyncState, WarehouseCategory, WmsCall
from .tasks import process_outbox_entry_task


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
        source = f"admin:{request.user.get_username()}"
        if not process_outbox_entry_task.app.conf.task_always_eager:
            # A worker uploads them: the page does not wait for the WMS, and says the rows are not updated yet.
            services.queue_variants_push(variant_ids=ids, source=source)
            message = gettext(
                "Upload of %(count)s variant(s) is queued. The rows show the previous result until the WMS "
                "answers: refresh the page in a minute."
            )
            self.message_user(request, message % {"count": len(ids)}, messages.INFO)
            return
        # No worker (Celery runs in this process, development): one attempt now, reported as it went.
        entry, unreachable = services.push_variants_now(variant_ids=ids, source=source)
        if unreachable:
            message = gettext(
                "The WMS did not answer (%(error)s): nothing was uploaded. The upload waits in the outbox; "
                "try again later."
            )
            self.message_user(request, message % {"error": unreachable}, messages.ERROR)
        elif entry.status == OutboxEntry.Status.FAILED:
            message = gettext("The WMS refused the upload: %(error)s")
            self.message_user(request, message % {"error": entry.last_error}, messages.ERROR)
        else:
            uploaded = VariantSyncState.objects.filter(pk__in=ids, is_ff_synchronised=True).count()
            if uploaded == len(ids):
                message = gettext("Uploaded to the WMS: %(count)s variant(s).")
                self.message_user(request, message % {"count": uploaded}, messages.SUCCESS)
            else:
                message = gettext(
                    "Uploaded to the WMS: %(uploaded)s of %(count)s variant(s); the WMS refused the others "
                    "(see their error)."
                )
                self.message_user(request, message % {"uploaded": uploaded, "count": len(ids)}, messages.WARNING)


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
