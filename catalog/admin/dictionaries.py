from django.contrib import admin

from config.spreadsheet_import import LimitedImportExportMixin

from ..collection_resources import CollectionResource
from ..models import (
    AccountingAttribute,
    AccountingAttributeValue,
    AdditionalDescriptionTitle,
    Attribute,
    AttributeValue,
    Collection,
    Eshop,
    Feature,
    FeatureValue,
    PriceType,
)
from .filters import recompute_filter_values_action


@admin.register(Collection)
class CollectionAdmin(LimitedImportExportMixin, admin.ModelAdmin):
    resource_classes = [CollectionResource]
    actions = [recompute_filter_values_action]
    list_display = ["public_id", "name", "parent", "ordering", "is_public"]
    list_filter = ["is_public"]
    search_fields = ["public_id", "name"]
    list_editable = ["ordering", "is_public"]
    raw_id_fields = ["parent"]


class AttributeValueInline(admin.TabularInline):
    model = AttributeValue
    extra = 0


@admin.register(Attribute)
class AttributeAdmin(admin.ModelAdmin):
    list_display = ["code", "title", "type", "ordering"]
    list_filter = ["type"]
    search_fields = ["code", "title"]
    inlines = [AttributeValueInline]


class FeatureValueInline(admin.TabularInline):
    model = FeatureValue
    extra = 0


@admin.register(Feature)
class FeatureAdmin(admin.ModelAdmin):
    list_display = ["code", "title", "type", "ordering"]
    search_fields = ["code", "title"]
    inlines = [FeatureValueInline]


class AccountingAttributeValueInline(admin.TabularInline):
    model = AccountingAttributeValue
    extra = 0


@admin.register(AccountingAttribute)
class AccountingAttributeAdmin(admin.ModelAdmin):
    list_display = ["code", "title"]
    search_fields = ["code", "title"]
    inlines = [AccountingAttributeValueInline]


@admin.register(PriceType)
class PriceTypeAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "role"]
    list_filter = ["role"]


@admin.register(Eshop)
class EshopAdmin(admin.ModelAdmin):
    list_display = ["public_id", "name", "type"]
    search_fields = ["public_id", "name"]


@admin.register(AdditionalDescriptionTitle)
class AdditionalDescriptionTitleAdmin(admin.ModelAdmin):
    list_display = ["title", "pos"]
    search_fields = ["title"]
