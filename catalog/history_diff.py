"""Human-readable (Russian) differences between two product snapshots, as in the spec:
`Цена: "21000.00" -> "20000.00", Габариты: "Ш:101 В:60 Г:30" -> "Ш:100 В:60 Г:30"`."""

from decimal import Decimal

PRODUCT_LABELS = {
    "shortName": "Название",
    "humanId": "Читаемый код",
    "fullName": "Полное название",
    "description": "Описание",
    "extId": "Внешний код",
    "tnvedCode": "Код ТНВЭД",
    "internationalDescription": "Описание на английском",
    "available": "Доступен для продажи",
    "deleted": "Архивная карточка",
    "brandName": "Бренд",
    "countryOfOrigin": "Страна производства",
    "isBestseller": "Хит продаж",
    "isNovelty": "Новинка",
    "type": "Тип",
    "vat": "НДС",
    "useBatchAccounting": "Партионный учет",
    "expirationMode": "Сроки годности",
    "expirationMonthsLimit": "Срок годности, мес",
    "warranty": "Гарантия, мес",
    "manufacturedBy": "Производитель",
    "composition": "Состав",
    "warehouseCategoryCode": "Категория склада",
}
VARIANT_LABELS = {
    "article": "Артикул",
    "extId": "Внешний код варианта",
    "weight": "Вес",
    "defaultImage": "Изображение по умолчанию",
    "canBeRotated": "Можно кантовать",
}
MONEY_FIELDS = {"price": "Цена", "oldPrice": "Старая цена"}


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "да" if value else "нет"
    return str(value)


def _money(value) -> str:
    return "" if value is None else f"{Decimal(str(value)):.2f}"


def _dimensions(value) -> str:
    if not value:
        return ""
    return f"Ш:{_text(value.get('width'))} В:{_text(value.get('height'))} Г:{_text(value.get('depth'))}"


def _change(label, left, right) -> str | None:
    if left == right:
        return None
    return f'{label}: "{left}" -> "{right}"'


def _variant_changes(left: dict, right: dict) -> list[str]:
    changes = []
    for key, label in MONEY_FIELDS.items():
        changes.append(_change(label, _money(left.get(key)), _money(right.get(key))))
    left_prices = {p["priceCode"]: p for p in left.get("prices") or []}
    right_prices = {p["priceCode"]: p for p in right.get("prices") or []}
    for code in sorted(left_prices.keys() | right_prices.keys()):
        name = (right_prices.get(code) or left_prices.get(code)).get("priceName") or code
        changes.append(
            _change(
                name,
                _money((left_prices.get(code) or {}).get("value")),
                _money((right_prices.get(code) or {}).get("value")),
            )
        )
    changes.append(_change("Габариты", _dimensions(left.get("dimensions")), _dimensions(right.get("dimensions"))))
    for key, label in VARIANT_LABELS.items():
        changes.append(_change(label, _text(left.get(key)), _text(right.get(key))))
    barcodes = [sorted(b["value"] for b in (side.get("barcodes") or [])) for side in (left, right)]
    changes.append(_change("Штрихкоды", ", ".join(barcodes[0]), ", ".join(barcodes[1])))
    return [c for c in changes if c]


def describe_difference(left: dict, right: dict) -> str:
    changes = [_change(label, _text(left.get(key)), _text(right.get(key))) for key, label in PRODUCT_LABELS.items()]
    changes.append(
        _change("Коллекции", ", ".join(left.get("collections") or []), ", ".join(right.get("collections") or []))
    )
    changes = [c for c in changes if c]
    left_variants = {v["id"]: v for v in left.get("variants") or []}
    right_variants = {v["id"]: v for v in right.get("variants") or []}
    several = len(left_variants | right_variants) > 1
    for variant_id in right_variants.keys() - left_variants.keys():
        changes.append(f"Добавлен вариант {variant_id}")
    for variant_id in left_variants.keys() - right_variants.keys():
        changes.append(f"Удален вариант {variant_id}")
    for variant_id in [v for v in right_variants if v in left_variants]:
        variant_changes = _variant_changes(left_variants[variant_id], right_variants[variant_id])
        prefix = f"Вариант {variant_id}: " if several else ""
        changes.extend(prefix + c for c in variant_changes)
    return ", ".join(changes)
