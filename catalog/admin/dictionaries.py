from django.contrib import admin

from config.spreadsheet_import import LimitedImportExportMixin

from ..collection_resources import CollectionResource, collection_data
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
from ..services.collections import save_collection
from .filters import recompute_filter_values_action
from .service_forms import ServiceSavingAdmin


@admin.register(Collection)
class CollectionAdmin(LimitedImportExportMixin, ServiceSavingAdmin, admin.ModelAdmin):
    """Saved through catalog.services.save_collection, as the API and the import: a refusal (a collection
    inside itself) is shown on the form and nothing is written."""

    resource_classes = [CollectionResource]
    actions = [recompute_filter_values_action]
    list_display = ["public_id", "name", "parent", "ordering", "is_public"]
    list_filter = ["is_public"]
    search_fields = ["public_id", "name"]
    list_editable = ["ordering", "is_public"]
    raw_id_fields = ["parent"]

    def get_readonly_fields(self, request, obj=None):
        # The ID names the collection to the service, the API and import files: fixed once created.
        return ["public_id"] if obj is not None else []

    def save_through_service(self, request, form, formsets, change):
        return save_collection(data=collection_data(form.instance))[0]


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
