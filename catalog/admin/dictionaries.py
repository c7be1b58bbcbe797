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
from ..services.dictionaries import delete_features, save_attribute, save_feature, save_price_type
from .filters import recompute_filter_values_action
from .service_forms import ServiceSavingAdmin, formset_rows


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


class CodedDictionaryAdmin(ServiceSavingAdmin, admin.ModelAdmin):
    """Attributes and options are saved through their services with their values, as the API saves them: the
    code names the entry (fixed once created), the services' rules hold here too (an attribute that products
    use keeps its type; values are checked against the type) and the public listing's cache learns of it."""

    save_service = staticmethod(save_attribute)
    scalar_fields: tuple[str, ...] = ("title", "type", "ordering")
    fields = ["code", "public_id", *scalar_fields]  # the code first, also when it is read-only

    def get_readonly_fields(self, request, obj=None):
        return ["code", "public_id"] if obj is not None else []

    def save_through_service(self, request, form, formsets, change):
        instance = form.instance
        data = {"code": instance.code, **{name: getattr(instance, name) for name in self.scalar_fields}}
        if not change:
            data["public_id"] = instance.public_id
        values = [formset for formset in formsets if formset.model in (AttributeValue, FeatureValue)]
        if values:
            data["values"] = [
                {"string_value": row.get("string_value"), "decimal_value": row.get("decimal_value"),
                 "ordering": row.get("ordering")}
                for row in formset_rows(values[0])
            ]  # fmt: skip
        return self.save_service(data=data)[0]


@admin.register(Attribute)
class AttributeAdmin(CodedDictionaryAdmin):
    list_display = ["code", "title", "type", "ordering"]
    list_filter = ["type"]
    search_fields = ["code", "title"]
    inlines = [AttributeValueInline]


class FeatureValueInline(admin.TabularInline):
    model = FeatureValue
    extra = 0


@admin.register(Feature)
class FeatureAdmin(CodedDictionaryAdmin):
    list_display = ["code", "title", "type", "ordering"]
    search_fields = ["code", "title"]
    inlines = [FeatureValueInline]
    save_service = staticmethod(save_feature)
    scalar_fields = ("title", "title_plural", "type", "ordering")
    fields = ["code", "public_id", *scalar_fields]

    def delete_model(self, request, obj):
        delete_features(codes=[obj.code])

    def delete_queryset(self, request, queryset):
        delete_features(codes=list(queryset.values_list("code", flat=True)))


class AccountingAttributeValueInline(admin.TabularInline):
    model = AccountingAttributeValue
    extra = 0


@admin.register(AccountingAttribute)
class AccountingAttributeAdmin(admin.ModelAdmin):
    list_display = ["code", "title"]
    search_fields = ["code", "title"]
    inlines = [AccountingAttributeValueInline]


@admin.register(PriceType)
class PriceTypeAdmin(ServiceSavingAdmin, admin.ModelAdmin):
    """Saved through catalog.services.save_price_type: the role decides the public price and oldPrice."""

    list_display = ["code", "name", "role"]
    list_filter = ["role"]
    fields = ["code", "name", "role"]

    def get_readonly_fields(self, request, obj=None):
        return ["code"] if obj is not None else []

    def save_through_service(self, request, form, formsets, change):
        instance = form.instance
        return save_price_type(data={"code": instance.code, "name": instance.name, "role": instance.role})[0]


@admin.register(Eshop)
class EshopAdmin(admin.ModelAdmin):
    list_display = ["public_id", "name", "type"]
    search_fields = ["public_id", "name"]


@admin.register(AdditionalDescriptionTitle)
class AdditionalDescriptionTitleAdmin(admin.ModelAdmin):
    list_display = ["title", "pos"]
    search_fields = ["title"]
