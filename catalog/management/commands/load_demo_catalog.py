"""A small demo catalog for `make run`: idempotent, every write through the services."""

from decimal import Decimal

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction

from catalog.models import (
    AccountingAttribute,
    AccountingAttributeValue,
    Attribute,
    Collection,
    Eshop,
    Feature,
    FeatureValue,
    Product,
)
from catalog.services.filter_blocks import recompute_filter_values
from catalog.services.products import save_products
from config.api.models import ApiToken
from config.kernel.actor import Actor, ChangeSource
from inventory.models import Warehouse

WAREHOUSES = [
    ("9a84e96f-3e8c-8f74-3b7a-50a1d3c2a130", "Склад Москва (фулфилмент)", "FULFILLMENT", True, "Москва", True),
    ("a8064680-6f8c-830c-1ea1-0ab8a032e244", "ТЦ Авиапарк", "STORE", False, "Москва", False),
]
COLLECTIONS = [
    ("1001", "Одежда"),
    ("1029", "Футболки"),
    ("1031", "Распродажа"),
    ("1007", "Обувь"),
    ("1008", "Аксессуары"),
]
# Objects that the spec's own request examples name, so that they can be replayed on a fresh `make run`.
SPEC_WAREHOUSES = [("2970c244-20f4-bab8-4c29-b04504281120", "Темполайн (WMS)", "FULFILLMENT", False, "Москва", False)]
SPEC_ESHOPS = [
    ("e4a1920d-f154-7284-bad4-a7b9546032fe", "BERU", "Магазин на Беру"),
    ("44fce711-e809-59ed-895a-661a32886d7f", "OZON", "Магазин на Ozon"),
    ("4f4509b3-3b5b-1474-cabd-dfe8fce1b9ca", "WILDBERRIES", "Магазин на Wildberries"),
]
SPEC_PRODUCTS = [
    # (product id, name, variant ids)
    ("1000", "Кактус Эуфобия Триангуларис", ["1000"]),
    ("1002", "Футболка", ["1005", "1006"]),
    ("1030", "Масло для бороды Бунтарь - Дамаск", ["1030"]),
    ("1234", "Товар для копирования", ["1234"]),
    ("demo1012", "Компьютер (демо товар)", ["demo1030"]),
    ("demo1013", "Футболка №2 (демо товар)", ["demo1031"]),
]
PRODUCTS = [
    ("Футболка", "Levi's", "1029", ["S", "M", "L"], 990, 1200),
    ("Поло", "Lacoste", "1029", ["M", "L"], 3490, None),
    ("Джинсы", "Levi's", "1001", ["30", "32"], 5990, 7990),
    ("Куртка", "Columbia", "1001", ["L"], 12990, None),
    ("Шапка", "Columbia", "1031", [], 990, 1490),
    ("Шарф", "Lacoste", "1031", [], 1990, None),
    ("Носки", "Кактус Дейли", "1001", ["39-42", "43-46"], 290, None),
    ("Кепка", "Кактус ПРО", "1031", [], 1290, 1590),
    ("Рюкзак", "Columbia", "1001", [], 4590, None),
    ("Ремень", "Levi's", "1001", ["90", "100"], 1890, None),
    ("Толстовка", "Кактус ПРО", "1029", ["M", "L", "XL"], 3990, 4990),
    ("Перчатки", "Кактус Дейли", "1031", [], 790, None),
]


class Command(BaseCommand):
    help = "Load a small demo catalog (once), create an admin user and print an API token."

    def add_arguments(self, parser):
        parser.add_argument("--admin-password", default="admin")
        parser.add_argument("--url", default="http://127.0.0.1:8000", help="where the server will answer")

    def handle(self, *args, admin_password, url, **options):
        with transaction.atomic():
            self._dictionaries()
            if not Product.objects.filter(public_id="demo1000").exists():
                self._products()
            self._spec_examples()
        # The storefront's filter values are normally refreshed by a periodic task; do it once now.
        recompute_filter_values()
        user_model = get_user_model()
        if not user_model.objects.filter(username="admin").exists():
            user_model.objects.create_superuser("admin", "admin@example.com", admin_password)
            admin_login = f"admin / {admin_password}"
        else:
            admin_login = "admin (already existed; password unchanged)"
        _, raw = ApiToken.issue(name="demo (make run)")
        webhook_key = settings.IMSHOP_API_KEY or "(IMSHOP_API_KEY unset: the webhooks answer 503)"
        # One short block, printed last, so the newcomer finds what to sign in with below the migration output.
        self.stdout.write(
            "\n".join(
                [
                    "",
                    "=" * 72,
                    f"Admin:              {url}/admin/   {admin_login}",
                    f"API token:          {raw}   (Authorization: Bearer <token>)",
                    f"IMSHOP webhook key: {webhook_key}   (Authorization: Bearer <key>)",
                    "=" * 72,
                ]
            )
        )

    def _dictionaries(self):
        for code, name, kind, default, city, online in WAREHOUSES:
            Warehouse.objects.get_or_create(
                code=code,
                defaults={"name": name, "type": kind, "is_default": default, "city": city, "online": online},
            )
        for public_id, name in COLLECTIONS:
            Collection.objects.get_or_create(public_id=public_id, defaults={"name": name})
        Attribute.objects.get_or_create(code="material", defaults={"public_id": "12345679", "title": "Материал"})
        Attribute.objects.get_or_create(
            code="density", defaults={"public_id": "12345680", "title": "Плотность", "type": "decimal"}
        )
        size, _ = Feature.objects.get_or_create(
            code="size", defaults={"public_id": "a2ebf183-f30d-417b-af89-e3ff86d2cca7", "title": "Размер"}
        )
        for index, value in enumerate(["S", "M", "L", "XL"]):
            FeatureValue.objects.get_or_create(feature=size, string_value=value, defaults={"ordering": index})

    def _spec_examples(self):
        for code, name, kind, default, city, online in SPEC_WAREHOUSES:
            Warehouse.objects.get_or_create(
                code=code,
                defaults={"name": name, "type": kind, "is_default": default, "city": city, "online": online},
            )
        for public_id, kind, name in SPEC_ESHOPS:
            Eshop.objects.get_or_create(public_id=public_id, defaults={"type": kind, "name": name})
        chestnyznak, _ = AccountingAttribute.objects.get_or_create(
            code="chestnyznak", defaults={"public_id": "a629bb7c-331e-ef94-ebac-5955731bf142", "title": "Честный знак"}
        )
        for value in ["1111", "2222"]:
            AccountingAttributeValue.objects.get_or_create(attribute=chestnyznak, string_value=value)
        Attribute.objects.get_or_create(
            code="roasting", defaults={"public_id": "12345681", "title": "Степень обжарки", "type": "string"}
        )
        Attribute.objects.get_or_create(
            code="coffee_strength", defaults={"public_id": "12345", "title": "Крепость кофе", "type": "decimal"}
        )
        Feature.objects.get_or_create(
            code="color", defaults={"public_id": "a2ebf183-f30d-417b-af89-e3ff86d2cca8", "title": "Цвет"}
        )
        missing = [p for p in SPEC_PRODUCTS if not Product.objects.filter(public_id=p[0]).exists()]
        items = [
            {
                "public_id": product_id,
                "short_name": name,
                "vat": "VAT_20",
                "collections": ["1001"],
                "variants_to_update": [
                    {
                        "public_id": variant_id,
                        "article": f"ART-{variant_id}",
                        "price": Decimal(990),
                        "update_stock_total": True,
                        "stock": [{"warehouse_code": WAREHOUSES[0][0], "stock_total": Decimal(40)}],
                    }
                    for variant_id in variant_ids
                ],
            }
            for product_id, name, variant_ids in missing
        ]
        if items:
            actor = Actor(source=ChangeSource.SYSTEM, login="demo", action="manage.py load_demo_catalog")
            save_products(items=items, partial=False, actor=actor)

    def _products(self):
        warehouses = [code for code, *_ in WAREHOUSES]
        items = []
        for index, (name, brand, collection, sizes, price, old_price) in enumerate(PRODUCTS):
            product_id = f"demo{1000 + index}"
            variants = []
            for v_index, size in enumerate(sizes or [None]):
                variant = {
                    "public_id": f"{product_id}-{v_index + 1}",
                    "article": f"{name[:3].upper()}-{size or 'ONE'}",
                    "ordering": Decimal(v_index + 1),
                    "weight": Decimal(300 + 50 * index),
                    "height": Decimal(5),
                    "width": Decimal(20),
                    "depth": Decimal(30),
                    "price": Decimal(price),
                    "old_price": Decimal(old_price) if old_price else None,
                    "barcodes": [{"value": f"46{index:04d}{v_index:03d}0001", "is_default": True}],
                    "options": [{"code": "size", "string_value": size, "name": "Размер"}] if size else [],
                    "update_stock_total": True,
                    "stock": [
                        {"warehouse_code": warehouses[0], "stock_total": Decimal(10 + index + v_index)},
                        {"warehouse_code": warehouses[1], "stock_total": Decimal((index + v_index) % 4)},
                    ],
                }
                variants.append(variant)
            items.append(
                {
                    "public_id": product_id,
                    "short_name": f"{name} (демо товар)",
                    "description": f"<p>{name}: демонстрационный товар</p>",
                    "brand_name": brand,
                    "vat": "VAT_20",
                    "collections": [collection],
                    "attributes": [{"code": "material", "string_value": "Хлопок 97%, эластан 3%"}],
                    "variants_to_update": variants,
                }
            )
        actor = Actor(source=ChangeSource.SYSTEM, login="demo", action="manage.py load_demo_catalog")
        results = save_products(items=items, partial=False, actor=actor)
        failed = [r for r in results if not r.success or any(not v.success for v in r.variants or [])]
        if failed:
            raise RuntimeError(f"Demo catalog did not load: {failed}")
        self.stdout.write(f"Demo catalog: {len(results)} products loaded.")
