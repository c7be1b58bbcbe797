from django.db import models

from .common import public_id_field


class FilterBlock(models.Model):
    """A block of search filters shown for one collection (GET /products/filters).

    CUSTOMER blocks are configured by hand (API or admin); CLIENT blocks list every field and value and are
    rebuilt by the periodic task `recompute_filter_values_task`."""

    class Type(models.TextChoices):
        ATTRIBUTES = "ATTRIBUTES", "Атрибуты"
        FEATURES = "FEATURES", "Опции"
        OTHER = "OTHER", "Другие поля"

    class Mode(models.TextChoices):
        CUSTOMER = "CUSTOMER", "Для покупателя (вручную)"
        CLIENT = "CLIENT", "Для продавца (автоматически)"

    public_id = public_id_field()
    collection = models.ForeignKey("catalog.Collection", on_delete=models.CASCADE, related_name="filter_blocks")
    type = models.CharField(max_length=20, choices=Type.choices)
    mode = models.CharField(max_length=10, choices=Mode.choices, default=Mode.CUSTOMER)
    ordering = models.IntegerField(default=0)

    class Meta:
        ordering = ["ordering", "id"]
        indexes = [models.Index(fields=["collection", "mode", "ordering"], name="filter_block_lookup_idx")]

    def __str__(self):
        return f"{self.get_type_display()} [{self.public_id}]"


class FilterType(models.TextChoices):
    PRICE = "PRICE", "Цена"
    STOCK_AVAILABLE = "STOCK_AVAILABLE", "В наличии"
    SIZE_WIDTH = "SIZE_WIDTH", "Ширина"
    SIZE_DEPTH = "SIZE_DEPTH", "Глубина"
    SIZE_HEIGHT = "SIZE_HEIGHT", "Высота"
    WEIGHT = "WEIGHT", "Вес"
    COUNTRY_OF_ORIGIN = "COUNTRY_OF_ORIGIN", "Страна производства"
    ATTRIBUTES = "ATTRIBUTES", "Атрибуты"
    FEATURES = "FEATURES", "Опции"
    DISCOUNT_AVAILABLE = "DISCOUNT_AVAILABLE", "Со скидкой"
    IS_NOVELTY = "IS_NOVELTY", "Новинка"
    BRAND = "BRAND", "Бренд"
    IS_BESTSELLER = "IS_BESTSELLER", "Хит продаж"


class BlockFilter(models.Model):
    block = models.ForeignKey(FilterBlock, on_delete=models.CASCADE, related_name="filters")
    type = models.CharField(max_length=20, choices=FilterType.choices)
    enabled = models.BooleanField("visible in the storefront", default=True)
    ordering = models.IntegerField(default=0)

    class Meta:
        ordering = ["ordering", "id"]

    def __str__(self):
        return self.get_type_display()


class FilterField(models.Model):
    """A field of a filter: `name` is what the filter language addresses (attribute code, option code,
    or the OTHER field name such as `price`); the values are those offered to the buyer."""

    class Type(models.TextChoices):
        STRING = "string", "Строка"
        DECIMAL = "decimal", "Число"
        BOOLEAN = "boolean", "Да/нет"

    filter = models.ForeignKey(BlockFilter, on_delete=models.CASCADE, related_name="fields")
    name = models.CharField(max_length=100)
    name_readable = models.CharField(max_length=255, blank=True, default="")
    type = models.CharField(max_length=10, choices=Type.choices, default=Type.STRING)
    ordering = models.IntegerField(default=0)
    string_values = models.JSONField(default=list, blank=True)
    decimal_values = models.JSONField(default=list, blank=True, help_text="Numbers kept as decimal strings")

    class Meta:
        ordering = ["ordering", "id"]

    def __str__(self):
        return self.name
