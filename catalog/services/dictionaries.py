"""Account-wide dictionaries: attributes, options (features), accounting attributes, option appearance.

Each dictionary is created or updated by its code. Callers pass validated snake_case data
(catalog/api/dictionaries.py maps the camelCase shapes).
"""

import uuid
from decimal import Decimal, InvalidOperation

from django.db import transaction

from config.kernel.catalog_version import catalog_changed
from config.kernel.errors import NotFound, ValidationFailed

from ..models import (
    AccountingAttribute,
    AccountingAttributeValue,
    Attribute,
    AttributeValue,
    Feature,
    FeatureAppearance,
    FeatureValue,
    IdCounter,
    PriceType,
    Product,
)
from ..models.attributes import ValueType
from .ids import validate_public_id

MAX_DICTIONARY_VALUES = 5000


def _typed_values(values: list[dict], value_type: str, kind: str) -> list[tuple[str | None, Decimal | None, int]]:
    """(string_value, decimal_value, ordering) of each dictionary value, checked against the type."""
    if len(values) > MAX_DICTIONARY_VALUES:
        raise ValidationFailed(f"Слишком много значений: {len(values)}, максимум {MAX_DICTIONARY_VALUES}")
    rows, seen = [], set()
    for item in values:
        string_value, decimal_value = item.get("string_value"), item.get("decimal_value")
        ordering = item.get("ordering") or 0
        if value_type == ValueType.DECIMAL:
            if decimal_value is None and string_value not in (None, ""):
                try:
                    decimal_value = Decimal(str(string_value).replace(",", "."))
                except InvalidOperation:
                    raise ValidationFailed(
                        f"{kind} числовой (decimal), а значение «{string_value}» не число: укажите decimalValue"
                    ) from None
                if not decimal_value.is_finite():
                    raise ValidationFailed(f"{kind} числовой (decimal), а значение «{string_value}» не число")
            if decimal_value is None:
                raise ValidationFailed(f"{kind} числовой (decimal): у значения не указан decimalValue")
            key, string_value = decimal_value, None
        else:
            if string_value in (None, "") and decimal_value is not None:
                string_value = format(decimal_value.normalize(), "f")
            if string_value in (None, ""):
                raise ValidationFailed(f"{kind} строковый (string): у значения не указан stringValue")
            key, decimal_value = string_value, None
        if key in seen:
            raise ValidationFailed(f"{kind}: значение «{key}» указано дважды")
        seen.add(key)
        rows.append((string_value, decimal_value, ordering))
    return rows


def _check_id(model, public_id: str | None, code: str, kind: str, existing):
    if public_id is None:
        return
    validate_public_id(public_id, kind)
    if existing is not None and existing.public_id != public_id:
        raise ValidationFailed(
            f"У {kind} с кодом «{code}» id «{existing.public_id}»: id нельзя изменить (передан «{public_id}»)"
        )
    if existing is None and model.objects.filter(public_id=public_id).exists():
        raise ValidationFailed(f"Id «{public_id}» уже занят другим справочником с другим кодом")


def save_attribute(*, data: dict) -> tuple[Attribute, bool]:
    """Create or update a product attribute by code; `values`, when given, replace its dictionary values.

    Locks the attribute row. Changing the type of an attribute that products already use is refused.
    """
    code = data["code"]
    with transaction.atomic():
        attribute = Attribute.objects.select_for_update().filter(code=code).first()
        _check_id(Attribute, data.get("public_id"), code, "атрибута", attribute)
        created = attribute is None
        if attribute is None:
            attribute = Attribute(code=code, public_id=data.get("public_id") or _new_id("attribute", Attribute))
        old_type = attribute.type
        new_type = data.get("type") or old_type
        if not created and new_type != attribute.type and attribute.product_values.exists():
            raise ValidationFailed(
                f"Атрибут «{code}» уже задан у продуктов: его тип нельзя сменить с {attribute.type} на {new_type}"
            )
        attribute.type = new_type
        attribute.title = data.get("title") or attribute.title or code
        if data.get("ordering") is not None or created:
            attribute.ordering = data.get("ordering") or 0
        rows = None
        if data.get("values") is not None:
            rows = _typed_values(data["values"], new_type, f"Атрибут «{code}»")
        elif not created and new_type != old_type:
            rows = []
        attribute.save()
        catalog_changed()  # public documents name each attribute by its code, with its type
        if rows is not None:
            attribute.values.all().delete()
            AttributeValue.objects.bulk_create(
                AttributeValue(attribute=attribute, string_value=s, decimal_value=d, ordering=o) for s, d, o in rows
            )
    return attribute, created


def save_feature(*, data: dict) -> tuple[Feature, bool]:
    """Create or update an option (feature) by code; `values`, when given, replace its dictionary values.

    Variants keep their own option values (VariantOption), so editing the dictionary never changes them.
    """
    code = data["code"]
    with transaction.atomic():
        feature = Feature.objects.select_for_update().filter(code=code).first()
        _check_id(Feature, data.get("public_id"), code, "опции", feature)
        created = feature is None
        if feature is None:
            feature = Feature(code=code, public_id=data.get("public_id") or str(uuid.uuid4()))
        old_type = feature.type
        feature.type = data.get("type") or feature.type
        if data.get("title") is not None or created:
            feature.title = data.get("title") or ""
        if data.get("title_plural") is not None:
            feature.title_plural = data["title_plural"]
        if data.get("ordering") is not None:
            feature.ordering = data["ordering"]
        rows = None
        if data.get("values") is not None:
            rows = _typed_values(data["values"], feature.type, f"Опция «{code}»")
        elif not created and old_type != feature.type:
            rows = []
        feature.save()
        catalog_changed()  # public documents show the option's title
        if rows is not None:
            feature.values.all().delete()
            FeatureValue.objects.bulk_create(
                FeatureValue(feature=feature, string_value=s, decimal_value=d, ordering=o) for s, d, o in rows
            )
    return feature, created


def delete_features(*, codes: list[str]) -> None:
    """Delete options (features) from the dictionary; variants keep their option values, which public
    documents then name by the value's own name instead of the option's title."""
    with transaction.atomic():
        Feature.objects.filter(code__in=codes).delete()
        catalog_changed()


def save_price_type(*, data: dict) -> tuple[PriceType, bool]:
    """Create or update a price type by code (name, role). The role says which price the public listing and
    the channels show (RETAIL: price, OLD: oldPrice), so a change is a catalog change."""
    code = data["code"]
    with transaction.atomic():
        price_type = PriceType.objects.select_for_update().filter(code=code).first()
        created = price_type is None
        if price_type is None:
            price_type = PriceType(code=code)
        price_type.name = data.get("name") or price_type.name or code
        price_type.role = data.get("role") or price_type.role
        price_type.save()
        catalog_changed()
    return price_type, created


def save_accounting_attribute(*, data: dict) -> tuple[AccountingAttribute, bool]:
    """Create or update an accounting attribute by code; `values`, when given, replace its values."""
    code = data["code"]
    with transaction.atomic():
        attribute = AccountingAttribute.objects.select_for_update().filter(code=code).first()
        _check_id(AccountingAttribute, data.get("public_id"), code, "атрибута учета", attribute)
        created = attribute is None
        if attribute is None:
            attribute = AccountingAttribute(code=code, public_id=data.get("public_id") or str(uuid.uuid4()))
        attribute.title = data.get("title") or attribute.title or code
        rows = None
        if data.get("values") is not None:
            rows = _typed_values(data["values"], ValueType.STRING, f"Атрибут учета «{code}»")
        attribute.save()
        if rows is not None:
            attribute.values.all().delete()
            AccountingAttributeValue.objects.bulk_create(
                AccountingAttributeValue(attribute=attribute, string_value=s or "") for s, _, _ in rows
            )
    return attribute, created


def save_feature_appearance(*, data: dict) -> FeatureAppearance:
    """Create or update the colour code and image URL of one product + option + value."""
    product_id = data["product_id"]
    with transaction.atomic():
        product = Product.objects.filter(public_id=product_id).first()
        if product is None:
            raise NotFound("Продукта с указанным id не существует")
        appearance, _ = FeatureAppearance.objects.select_for_update().get_or_create(
            product=product, feature_code=data["feature"], value=data["value"]
        )
        appearance.color_code = data.get("code") or ""
        appearance.image_url = data.get("image_url") or ""
        appearance.save()
    return appearance


def _new_id(counter: str, model) -> str:
    public_id = IdCounter.allocate(counter)[0]
    while model.objects.filter(public_id=public_id).exists():
        public_id = IdCounter.allocate(counter)[0]
    return public_id
