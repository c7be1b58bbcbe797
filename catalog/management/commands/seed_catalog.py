"""Generate a realistic, deterministic catalog for benchmarks and for trying the API at scale.

    python manage.py seed_catalog --products 100000 [--seed 42] [--chunk 1000]

A bench/dev tool: rows are written with bulk_create in chunks, bypassing the product service ON PURPOSE
(no history events, no per-product validation), so 100,000 products load in minutes. Never run it on a
production catalog. Products get ids `S0000001`..., so run it on an empty catalog (or pick another --prefix).
"""

import random
import time
from decimal import Decimal

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from catalog.models import (
    Attribute,
    Barcode,
    Collection,
    Feature,
    PriceType,
    Product,
    ProductAttribute,
    Variant,
    VariantOption,
    VariantPrice,
)
from catalog.services.filter_blocks import recompute_filter_values
from inventory.models import StockLevel, Warehouse

BRANDS = [
    "Кактус Дейли",
    "Кактус ПРО",
    "Северный ветер",
    "Лесная поляна",
    "Urban Line",
    "Nordic Home",
    "Alfa Sport",
    "Береста",
    "Уральские мастера",
    "Sunny Day",
    "Polar",
    "Гжель",
    "Tech Point",
    "Velvet",
    "Mountain Way",
    "Байкал",
    "Green Leaf",
    "Орион",
    "City Style",
    "Волна",
    "Comfort Plus",
    "Сибирь",
    "Eco Life",
    "Маяк",
    "Прима",
    "Solo",
    "Rainbow",
    "Старый город",
    "Nova",
    "Атлант",
]
COUNTRIES = ["Россия", "Беларусь", "Китай", "Турция", "Италия", "Германия", "Казахстан", "Вьетнам"]
WORDS = [
    "Футболка",
    "Свитер",
    "Куртка",
    "Чайник",
    "Кружка",
    "Лампа",
    "Рюкзак",
    "Кроссовки",
    "Шарф",
    "Плед",
    "Подушка",
    "Термос",
    "Зонт",
    "Перчатки",
    "Сумка",
    "Ремень",
    "Часы",
    "Блокнот",
    "Кеды",
    "Платье",
]
ADJECTIVES = [
    "классический",
    "лёгкий",
    "зимний",
    "летний",
    "городской",
    "спортивный",
    "уютный",
    "большой",
    "компактный",
    "яркий",
]
STRING_ATTRIBUTES = [
    ("material", "Материал", ["Хлопок", "Шерсть", "Лён", "Полиэстер", "Кожа", "Керамика", "Сталь", "Дерево"]),
    ("color_family", "Цветовая гамма", ["Тёплая", "Холодная", "Нейтральная", "Яркая"]),
    ("season", "Сезон", ["Зима", "Лето", "Демисезон", "Всесезон"]),
    ("gender", "Пол", ["Мужской", "Женский", "Унисекс", "Детский"]),
    ("style", "Стиль", ["Классика", "Спорт", "Кэжуал", "Минимализм", "Винтаж"]),
    ("pattern", "Узор", ["Однотонный", "Полоска", "Клетка", "Принт"]),
    ("care", "Уход", ["Ручная стирка", "Машинная стирка", "Химчистка"]),
    ("fastener", "Застёжка", ["Молния", "Пуговицы", "Кнопки", "Без застёжки"]),
    ("package", "Упаковка", ["Коробка", "Пакет", "Без упаковки"]),
    ("occasion", "Повод", ["Подарок", "Повседневный", "Праздник"]),
    ("age_group", "Возраст", ["0+", "3+", "6+", "12+", "18+"]),
    ("texture", "Фактура", ["Гладкая", "Рельефная", "Матовая", "Глянцевая"]),
    ("shape", "Форма", ["Круглая", "Квадратная", "Овальная", "Свободная"]),
    ("warranty_kind", "Гарантия", ["Производителя", "Продавца", "Нет"]),
]
DECIMAL_ATTRIBUTES = [
    ("power", "Мощность, Вт", [5, 10, 20, 40, 60, 100, 1500, 2200]),
    ("volume", "Объём, л", [Decimal("0.3"), Decimal("0.5"), Decimal("1"), Decimal("1.5"), Decimal("2")]),
    ("density", "Плотность, г/м²", [120, 160, 180, 200, 240]),
    ("pieces", "Количество в упаковке", [1, 2, 3, 5, 10]),
    ("warranty_months", "Срок гарантии, мес", [6, 12, 24, 36]),
    ("rating_internal", "Внутренний рейтинг", [1, 2, 3, 4, 5]),
]
SIZES = ["XS", "S", "M", "L", "XL", "XXL"]
COLORS = ["Чёрный", "Белый", "Серый", "Синий", "Красный", "Зелёный", "Бежевый", "Жёлтый"]


class Command(BaseCommand):
    help = "Generate a deterministic catalog with bulk_create (bench/dev tool: bypasses history on purpose)"

    def add_arguments(self, parser):
        parser.add_argument("--products", type=int, default=1000)
        parser.add_argument("--seed", type=int, default=42)
        parser.add_argument("--chunk", type=int, default=1000)
        parser.add_argument("--prefix", default="S", help="Prefix of generated product and variant ids")
        parser.add_argument("--skip-filter-values", action="store_true", help="Do not recompute filter blocks")

    def handle(self, *args, products, seed, chunk, prefix, skip_filter_values, **options):
        if products < 1 or chunk < 1:
            raise CommandError("--products and --chunk must be positive")
        if Product.objects.filter(public_id=f"{prefix}{1:07d}").exists():
            raise CommandError(f"Products with prefix {prefix} already exist; use another --prefix")
        started = time.monotonic()
        rng = random.Random(seed)
        dictionaries = self._dictionaries(prefix)
        done = 0
        while done < products:
            count = min(chunk, products - done)
            self._chunk(rng, dictionaries, prefix, first=done + 1, count=count)
            done += count
            if done % (chunk * 10) == 0 or done == products:
                self.stdout.write(f"{done} products, {time.monotonic() - started:.1f} s")
        if connection.vendor == "postgresql":
            # Fresh statistics: without them the planner picks nested loops over millions of new rows.
            # VACUUM also sets the visibility map, so COUNT(*) can use index-only scans; not possible inside
            # a transaction (tests), where ANALYZE alone is run.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE")
        if not skip_filter_values:
            recompute_filter_values(collection_ids=[c.pk for c in dictionaries["collections"]])
        self.stdout.write(self.style.SUCCESS(f"Seeded {products} products in {time.monotonic() - started:.1f} s"))

    def _dictionaries(self, prefix: str) -> dict:
        warehouses = [
            Warehouse.objects.get_or_create(
                code=f"seed-warehouse-{n}", defaults={"name": f"Склад {n}", "is_default": n == 1, "city": "Москва"}
            )[0]
            for n in (1, 2, 3)
        ]
        attributes = []
        for index, (code, title, values) in enumerate(STRING_ATTRIBUTES):
            attribute, _ = Attribute.objects.get_or_create(
                code=code, defaults={"public_id": f"seed-{code}", "title": title, "type": "string", "ordering": index}
            )
            attributes.append((attribute, values))
        for index, (code, title, values) in enumerate(DECIMAL_ATTRIBUTES):
            attribute, _ = Attribute.objects.get_or_create(
                code=code,
                defaults={"public_id": f"seed-{code}", "title": title, "type": "decimal", "ordering": 100 + index},
            )
            attributes.append((attribute, values))
        Feature.objects.get_or_create(
            code="size", defaults={"public_id": "seed-size", "title": "Размер", "title_plural": "Размеры"}
        )
        Feature.objects.get_or_create(
            code="color", defaults={"public_id": "seed-color", "title": "Цвет", "title_plural": "Цвета"}
        )
        parents = [
            Collection.objects.get_or_create(
                public_id=f"{prefix}-C{n:02d}", defaults={"name": f"Раздел {n}", "ordering": n}
            )[0]
            for n in range(1, 11)
        ]
        leaves = [
            Collection.objects.get_or_create(
                public_id=f"{prefix}-C{n:02d}-{k}",
                defaults={"name": f"Подраздел {n}.{k}", "parent": parent, "ordering": k, "is_public": k != 4},
            )[0]
            for n, parent in enumerate(parents, 1)
            for k in range(1, 5)
        ]
        return {
            "warehouses": warehouses,
            "attributes": attributes,
            "collections": parents + leaves,
            "leaves": leaves,
            "retail": PriceType.objects.filter(role=PriceType.Role.RETAIL).order_by("pk").first(),
            "old": PriceType.objects.filter(role=PriceType.Role.OLD).order_by("pk").first(),
        }

    @transaction.atomic
    def _chunk(self, rng: random.Random, d: dict, prefix: str, *, first: int, count: int):
        products = []
        for n in range(first, first + count):
            products.append(
                Product(
                    public_id=f"{prefix}{n:07d}",
                    ext_id=f"ext-{n}",
                    short_name=f"{rng.choice(WORDS)} {rng.choice(ADJECTIVES)} {n}",
                    description=f"<p>Описание товара {n}</p>",
                    available=rng.random() > 0.05,
                    deleted=rng.random() < 0.02,
                    brand_name=rng.choice(BRANDS),
                    country_of_origin=rng.choice(COUNTRIES),
                    is_novelty=rng.random() < 0.1,
                    is_bestseller=rng.random() < 0.05,
                    review_score=Decimal(rng.randint(30, 50)) / 10 if rng.random() < 0.3 else None,
                )
            )
        products = Product.objects.bulk_create(products, batch_size=2000)
        variants, links, product_attributes = [], [], []
        for product in products:
            variant_count = rng.randint(1, 5)
            sizes = rng.sample(SIZES, variant_count)
            color = rng.choice(COLORS)
            for k in range(variant_count):
                variant = Variant(
                    public_id=f"{product.public_id}-{k + 1}",
                    product=product,
                    article=f"A-{product.public_id[len(prefix) :]}-{k + 1}",
                    ordering=k + 1,
                    weight=Decimal(rng.randint(50, 5000)),
                    height=Decimal(rng.randint(1, 100)),
                    width=Decimal(rng.randint(1, 100)),
                    depth=Decimal(rng.randint(1, 100)),
                )
                variant._seed = (sizes[k], color)
                variants.append(variant)
            for collection in rng.sample(d["leaves"], rng.randint(1, 2)):
                links.append(Product.collections.through(product_id=product.pk, collection_id=collection.pk))
            for ordering, (attribute, values) in enumerate(rng.sample(d["attributes"], 6)):
                value = rng.choice(values)
                is_decimal = attribute.type == "decimal"
                product_attributes.append(
                    ProductAttribute(
                        product=product,
                        attribute=attribute,
                        string_value=None if is_decimal else value,
                        decimal_value=Decimal(value) if is_decimal else None,
                        ordering=ordering,
                    )
                )
        variants = Variant.objects.bulk_create(variants, batch_size=2000)
        prices, barcodes, stock, options = [], [], [], []
        for variant in variants:
            retail = Decimal(rng.randint(10, 2000) * 10 - 1)
            prices.append(VariantPrice(variant=variant, price_type=d["retail"], value=retail))
            if rng.random() < 0.3:
                old = (retail * Decimal("1.25")).quantize(1)
                prices.append(VariantPrice(variant=variant, price_type=d["old"], value=old))
            barcodes.append(Barcode(variant=variant, value=f"29{variant.pk:011d}", is_default=True))
            for warehouse in d["warehouses"]:
                total = Decimal(rng.choice([0, 0, 1, 3, 5, 10, 25, 100]))
                reserved = min(total, Decimal(rng.choice([0, 0, 0, 1, 2])))
                stock.append(StockLevel(variant=variant, warehouse=warehouse, total=total, reserved=reserved))
            size, color = variant._seed
            options.append(VariantOption(variant=variant, code="size", name="Размер", string_value=size))
            options.append(VariantOption(variant=variant, code="color", name="Цвет", string_value=color))
        for model, rows in (
            (Product.collections.through, links),
            (ProductAttribute, product_attributes),
            (VariantPrice, prices),
            (Barcode, barcodes),
            (StockLevel, stock),
            (VariantOption, options),
        ):
            model.objects.bulk_create(rows, batch_size=5000)
