"""A variant's option values (sizes, colours): unique per product, the rows, and the write."""

from decimal import Decimal

from config.kernel.errors import ValidationFailed

from ..models import (
    Variant,
    VariantOption,
)


def option_signature(options: list[dict]) -> list[tuple[str, str]]:
    codes = [o["code"] for o in options]
    if len(codes) != len(set(codes)):
        raise ValidationFailed("Опция указана в варианте несколько раз")
    return sorted((o["code"], _option_value(o)) for o in options)


def check_options(signature: list, siblings: dict[str, list]):
    """Two variants of a product cannot have the same set of options. `siblings`: the other variants'
    public ids -> their (code, value) pairs."""
    if not signature:
        return
    for sibling_id, sibling_options in siblings.items():
        if sorted(sibling_options) == signature:
            raise ValidationFailed(f"Вариант с таким набором опций уже существует: {sibling_id}")


def option_rows(variant: Variant, options: list[dict]) -> list[VariantOption]:
    return [
        VariantOption(
            variant=variant,
            code=o["code"],
            name=o.get("name"),
            string_value=o.get("string_value"),
            decimal_value=o.get("decimal_value"),
        )
        for o in options
    ]


def _option_value(option: dict) -> str:
    value = option.get("string_value")
    return str(value) if value is not None else str(Decimal(option.get("decimal_value") or 0).normalize())


def option_value_of(option: VariantOption) -> str:
    if option.string_value is not None:
        return option.string_value
    return str(Decimal(option.decimal_value or 0).normalize())


def apply_options(variant: Variant, options: list[dict], *, created: bool = False):
    if created and not options:
        return
    signature = option_signature(options)
    if signature:
        siblings = VariantOption.objects.filter(variant__product_id=variant.product_id).exclude(variant=variant)
        by_variant: dict[str, list] = {}
        for option in siblings.select_related("variant"):
            by_variant.setdefault(option.variant.public_id, []).append((option.code, option_value_of(option)))
        check_options(signature, by_variant)
    if not created:
        VariantOption.objects.filter(variant=variant).delete()
    VariantOption.objects.bulk_create(option_rows(variant, options))
