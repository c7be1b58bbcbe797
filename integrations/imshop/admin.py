from django import forms
from django.contrib import admin
from django.utils.translation import gettext as _

from catalog.models import Variant
from config.kernel.errors import ValidationFailed

from .models import LoyaltyAccount, PickupPoint, PromoCode, PromoCodeUsage, Promotion
from .promotions.services import validate_promotion_terms
from .validators import validate_gifts


class PromotionForm(forms.ModelForm):
    """Checks the same terms as the API's save_promotion, and that the gifts are known variants."""

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        validate_gifts(data.get("gifts") or [])  # model validators run only after clean()
        try:
            validate_promotion_terms(
                kind=data.get("kind"),
                scope=data.get("scope"),
                value=data.get("value") or 0,
                buy_quantity=data.get("buy_quantity") or 0,
                pay_quantity=data.get("pay_quantity") or 0,
                has_gifts=bool(data.get("gifts")),
                has_products=bool(data.get("products")),
                has_collections=bool(data.get("collections")),
                starts_at=data.get("starts_at"),
                ends_at=data.get("ends_at"),
            )
        except ValidationFailed as error:
            raise forms.ValidationError(error.message) from None
        ids = {g["id"] for g in data.get("gifts") or []}
        missing = ids - set(Variant.objects.filter(public_id__in=ids).values_list("public_id", flat=True))
        if missing:
            raise forms.ValidationError(_("Gift: no variant with ID %(ids)s") % {"ids": ", ".join(sorted(missing))})
        return data


@admin.register(PickupPoint)
class PickupPointAdmin(admin.ModelAdmin):
    list_display = ("location_id", "title", "address", "warehouse", "price", "active")
    list_filter = ("active",)
    search_fields = ("location_id", "title", "address")
    raw_id_fields = ("warehouse",)


class PromoCodeForm(forms.ModelForm):
    def clean_code(self):
        return self.cleaned_data["code"].strip().upper()


class PromoCodeInline(admin.TabularInline):
    model = PromoCode
    form = PromoCodeForm
    extra = 0
    fields = ("code", "starts_at", "ends_at", "max_uses", "max_uses_per_customer", "active")


@admin.register(Promotion)
class PromotionAdmin(admin.ModelAdmin):
    form = PromotionForm
    list_display = ("public_id", "name", "kind", "scope", "value", "priority", "combinable", "active",
                    "starts_at", "ends_at")  # fmt: skip
    list_filter = ("kind", "scope", "active", "combinable", "promo_code_only")
    search_fields = ("public_id", "name", "promo_codes__code")
    raw_id_fields = ("products", "collections", "required_products")
    inlines = [PromoCodeInline]
    fieldsets = (
        (None, {"fields": ("public_id", "name", "kind", "scope", "value", "active")}),
        (
            _("Targets and conditions"),
            {"fields": ("products", "collections", "required_products", "min_total", "min_quantity")},
        ),
        (_("N for the price of M, and gifts"), {"fields": ("buy_quantity", "pay_quantity", "gifts")}),
        (
            _("Dates and combining"),
            {"fields": ("starts_at", "ends_at", "priority", "combinable", "allow_bonus_spend", "promo_code_only")},
        ),  # fmt: skip
    )


@admin.register(PromoCodeUsage)
class PromoCodeUsageAdmin(admin.ModelAdmin):
    list_display = ("promo_code", "customer", "order_ref", "created_at")
    search_fields = ("promo_code__code", "customer", "order_ref")
    raw_id_fields = ("promo_code",)


@admin.register(LoyaltyAccount)
class LoyaltyAccountAdmin(admin.ModelAdmin):
    list_display = ("external_user_id", "card_number", "balance", "earn_percent", "spend_max_percent", "updated_at")
    search_fields = ("external_user_id", "card_number")
