from django.db import migrations

DEFAULT_PRICE_TYPES = [
    ("Розничная цена", "Розничная цена", "RETAIL"),
    ("Цена до скидки", "Цена до скидки", "OLD"),
]


def create_price_types(apps, schema_editor):
    """The two price types Cactus accounts start with; `price` and `oldPrice` map onto them."""
    PriceType = apps.get_model("catalog", "PriceType")
    for code, name, role in DEFAULT_PRICE_TYPES:
        PriceType.objects.get_or_create(code=code, defaults={"name": name, "role": role})


class Migration(migrations.Migration):
    dependencies = [("catalog", "0001_initial")]

    operations = [migrations.RunPython(create_price_types, migrations.RunPython.noop)]
