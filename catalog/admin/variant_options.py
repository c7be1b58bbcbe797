"""The option values of a variant on its page, with the option dictionary's codes and values offered as
suggestions (a <datalist>): a manager picks "size" and "M" instead of retyping them, and may still type a value
the dictionary does not have (a variant's option value need not be in the dictionary)."""

from django import forms
from django.contrib import admin

from config.kernel.numbers import format_number

from ..models import Feature, VariantOption

CODES_LIST = "option-codes"


def values_list_id(feature_pk: int) -> str:
    return f"option-values-{feature_pk}"


def numbers_list_id(feature_pk: int) -> str:
    return f"option-numbers-{feature_pk}"


class VariantOptionForm(forms.ModelForm):
    """Each row's inputs name their suggestion lists; the page's script re-points them when the code changes."""

    feature_ids: dict[str, int] = {}

    class Meta:
        model = VariantOption
        fields = ["code", "name", "string_value", "decimal_value"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].widget.attrs.update({"list": CODES_LIST, "autocomplete": "off"})
        feature_pk = self.feature_ids.get(self.initial.get("code") or "")
        for name, list_id in (("string_value", values_list_id), ("decimal_value", numbers_list_id)):
            self.fields[name].widget.attrs["autocomplete"] = "off"
            if feature_pk is not None:
                self.fields[name].widget.attrs["list"] = list_id(feature_pk)


class VariantOptionInline(admin.TabularInline):
    model = VariantOption
    form = VariantOptionForm
    fields = ["code", "name", "string_value", "decimal_value"]
    extra = 0
    template = "admin/catalog/variant/option_inline.html"

    option_features: list[dict] | None = None

    def get_formset(self, request, obj=None, **kwargs):
        # The dictionary, once per page (two queries): the inline instance lives for this request only, and
        # Django asks it for its formset more than once (the forms, then the fieldsets).
        if self.option_features is None:
            self._load_dictionary()
        form = type("VariantOptionForm", (VariantOptionForm,), {"feature_ids": self.option_feature_ids})
        return super().get_formset(request, obj, **{**kwargs, "form": form})

    def _load_dictionary(self):
        features = list(Feature.objects.prefetch_related("values").order_by("ordering", "id"))
        self.option_features = [
            {
                "pk": feature.pk,
                "code": feature.code,
                "title": feature.title or feature.code,
                "strings": [v.string_value for v in feature.values.all() if v.string_value],
                "numbers": [
                    format_number(v.decimal_value) for v in feature.values.all() if v.decimal_value is not None
                ],
            }
            for feature in features
        ]
        self.option_feature_ids = {feature.code: feature.pk for feature in features}
