from django.contrib import admin

from .models import LoyaltyAccount, PickupPoint, PromoCode, PromoCodeUsage, Promotion


@admin.register(PickupPoint)
class PickupPointAdmin(admin.ModelAdmin):
    list_display = ("location_id", "title", "address", "warehouse", "price", "active")
    list_filter = ("active",)
    search_fields = ("location_id", "title", "address")
    raw_id_fields = ("warehouse",)


class PromoCodeInline(admin.TabularInline):
    model = PromoCode
    extra = 0
    fields = ("code", "starts_at", "ends_at", "max_uses", "max_uses_per_customer", "active")


@admin.register(Promotion)
class PromotionAdmin(admin.ModelAdmin):
    list_display = ("public_id", "name", "kind", "scope", "value", "priority", "combinable", "active",
                    "starts_at", "ends_at")  # fmt: skip
    list_filter = ("kind", "scope", "active", "combinable", "promo_code_only")
    search_fields = ("public_id", "name", "promo_codes__code")
    raw_id_fields = ("products", "collections", "required_products")
    inlines = [PromoCodeInline]
    fieldsets = (
        (None, {"fields": ("public_id", "name", "kind", "scope", "value", "active")}),
        ("Цели и условия", {"fields": ("products", "collections", "required_products", "min_total", "min_quantity")}),
        ("N по цене M и подарки", {"fields": ("buy_quantity", "pay_quantity", "gifts")}),
        (
            "Сроки и сочетаемость",
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
