from django.contrib import admin, messages
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .models import ApiToken, ApiTokenRole


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["name", "key_prefix", "role_shown", "user", "created_at", "last_used_at", "is_active"]
    list_filter = ["role", ("revoked_at", admin.EmptyFieldListFilter)]
    search_fields = ["name", "key_prefix"]
    readonly_fields = ["key_prefix", "created_at", "last_used_at", "revoked_at"]
    fields = ["name", "role", "user", "key_prefix", "created_at", "last_used_at", "revoked_at"]
    actions = ["revoke_tokens"]

    @admin.display(description=_("role"), ordering="role")
    def role_shown(self, obj):
        if obj.role == ApiTokenRole.USER:
            return gettext("permissions of %(user)s") % {"user": obj.user}
        return obj.get_role_display()

    @admin.display(boolean=True, description=_("active"))
    def is_active(self, obj):
        return obj.is_active

    def save_model(self, request, obj, form, change):
        if change:
            return super().save_model(request, obj, form, change)
        token, raw = ApiToken.issue(name=obj.name, user=obj.user, role=obj.role)
        obj.pk = token.pk
        messages.warning(
            request, gettext("Copy the new token now, it will not be shown again: %(token)s") % {"token": raw}
        )

    @admin.action(description=_("Revoke the selected tokens"))
    def revoke_tokens(self, request, queryset):
        for token in queryset.active():
            token.revoke()
        self.message_user(request, gettext("%(count)s token(s) revoked.") % {"count": queryset.count()})
