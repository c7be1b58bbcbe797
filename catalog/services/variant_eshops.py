"""A variant's codes in sales channels (eshop settings): the rows and the write."""

from config.kernel.errors import ValidationFailed

from ..models import (
    Eshop,
    Variant,
    VariantEshopSetting,
)
from .variant_lists import refuse_duplicates


def eshop_setting_rows(variant: Variant, settings: list[dict], eshops: dict[str, Eshop]) -> list[VariantEshopSetting]:
    for item in settings:
        if item["eshop_id"] not in eshops:
            raise ValidationFailed("Не найдена интеграция с указанным ID")
    return [
        VariantEshopSetting(
            variant=variant,
            eshop=eshops[item["eshop_id"]],
            enabled=item.get("enabled", True),
            zero_stock=item.get("zero_stock", False),
            ext_id=item.get("ext_id"),
        )
        for item in settings
    ]


def apply_eshop_settings(variant: Variant, settings: list[dict], *, created: bool = False):
    if created and not settings:
        return
    eshops = {e.public_id: e for e in Eshop.objects.filter(public_id__in=[s["eshop_id"] for s in settings])}
    rows = eshop_setting_rows(variant, settings, eshops)
    if not created:
        VariantEshopSetting.objects.filter(variant=variant).delete()
    VariantEshopSetting.objects.bulk_create(rows)


def merge_eshop_settings(variant: Variant, settings: list[dict]) -> None:
    """POST /products/variants/eshop_settings: each item updates the variant's setting for its eshop (the
    fields it names; a new setting starts enabled, without zero stock); settings of eshops not named stay."""
    refuse_duplicates("eshopSettings", (item["eshop_id"] for item in settings), "eshopId")  # a merge item
    eshops = {e.public_id: e for e in Eshop.objects.filter(public_id__in=[s["eshop_id"] for s in settings])}
    if any(item["eshop_id"] not in eshops for item in settings):
        raise ValidationFailed("Не найдена интеграция с указанным ID")
    stored = {row.eshop_id: row for row in VariantEshopSetting.objects.filter(variant=variant)}
    changed: dict[int, VariantEshopSetting] = {}
    for item in settings:
        eshop = eshops[item["eshop_id"]]
        row = changed.get(eshop.pk) or stored.get(eshop.pk) or VariantEshopSetting(variant=variant, eshop=eshop)
        for name in ("enabled", "zero_stock", "ext_id"):
            if name in item:
                setattr(row, name, item[name])
        changed[eshop.pk] = row
    for row in changed.values():
        row.save()
