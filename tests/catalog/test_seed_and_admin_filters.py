import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from catalog.models import Barcode, FilterBlock, Product, ProductAttribute, Variant
from inventory.models import StockLevel

pytestmark = pytest.mark.django_db


def test_seed_catalog_generates_a_realistic_catalog_deterministically():
    call_command("seed_catalog", products=30, chunk=7, stdout=open("/dev/null", "w"))
    first = list(Product.objects.order_by("public_id").values_list("short_name", "brand_name"))
    call_command("seed_catalog", products=30, chunk=7, prefix="T", stdout=open("/dev/null", "w"))

    assert (
        list(
            Product.objects.filter(public_id__startswith="T")
            .order_by("public_id")
            .values_list("short_name", "brand_name")
        )
        == first
    )
    variants = Variant.objects.filter(product__public_id__startswith="S")
    per_product = {p.pk: p.variants.count() for p in Product.objects.filter(public_id__startswith="S")}
    assert set(per_product.values()) <= {1, 2, 3, 4, 5}
    assert Barcode.objects.filter(variant__in=variants).count() == variants.count()
    assert StockLevel.objects.filter(variant__in=variants).count() == 3 * variants.count()
    assert ProductAttribute.objects.filter(product__public_id__startswith="S").count() == 6 * 30
    assert FilterBlock.objects.filter(mode="CLIENT").exists()


def test_seed_catalog_refuses_to_run_twice_with_the_same_prefix():
    call_command("seed_catalog", products=1, skip_filter_values=True, stdout=open("/dev/null", "w"))
    with pytest.raises(CommandError):
        call_command("seed_catalog", products=1, stdout=open("/dev/null", "w"))


def test_admin_action_recomputes_the_values_of_the_chosen_collections(rf):
    from catalog.admin.filters import recompute_filter_values_action
    from catalog.models import Collection
    from tests.factories import CollectionFactory

    chosen, other = CollectionFactory(), CollectionFactory()
    messages = []

    class FakeAdmin:
        def message_user(self, request, message, level):
            messages.append(message)

    recompute_filter_values_action(FakeAdmin(), rf.post("/"), Collection.objects.filter(pk=chosen.pk))

    assert FilterBlock.objects.filter(collection=chosen, mode="CLIENT").count() == 3
    assert not FilterBlock.objects.filter(collection=other).exists()
    assert messages


def _filters_formset(block, types):
    from django.forms import inlineformset_factory

    from catalog.admin.filters import BlockFilterFormSet
    from catalog.models import BlockFilter

    formset_class = inlineformset_factory(
        FilterBlock, BlockFilter, formset=BlockFilterFormSet, fields=["type", "enabled", "ordering"], extra=0
    )
    data = {"filters-TOTAL_FORMS": str(len(types)), "filters-INITIAL_FORMS": "0"}
    for index, filter_type in enumerate(types):
        data |= {
            f"filters-{index}-type": filter_type,
            f"filters-{index}-ordering": str(index),
            f"filters-{index}-enabled": "on",
        }
    return formset_class(data, instance=block, prefix="filters")


def test_admin_editor_applies_the_block_rules():
    from tests.factories import CollectionFactory

    block = FilterBlock(public_id="B1", type="OTHER", collection=CollectionFactory())

    refused = _filters_formset(block, ["PRICE", "ATTRIBUTES"])
    accepted = _filters_formset(block, ["PRICE", "BRAND"])

    assert not refused.is_valid()
    assert "ATTRIBUTES" in refused.non_form_errors()[0]
    assert accepted.is_valid()


def test_admin_saved_block_gets_the_automatic_fields():
    from catalog.models import BlockFilter, FilterField
    from catalog.services.filter_blocks import complete_block_fields
    from tests.factories import CollectionFactory

    block = FilterBlock.objects.create(public_id="B1", type="OTHER", collection=CollectionFactory())
    BlockFilter.objects.create(block=block, type="BRAND")

    complete_block_fields(block=block)
    complete_block_fields(block=block)

    assert list(FilterField.objects.values_list("name", "type")) == [("brand", "string")]


def test_recompute_action_with_the_broker_down_says_so_and_computes_nothing(rf, broker_down):
    from django.contrib import messages as levels

    from catalog.admin.filters import recompute_filter_values_action
    from catalog.models import Collection
    from catalog.tasks import recompute_filter_values_task
    from tests.factories import CollectionFactory

    broker_down(recompute_filter_values_task)
    chosen = CollectionFactory()
    said = []

    class FakeAdmin:
        def message_user(self, request, message, level):
            said.append((str(message), level))

    recompute_filter_values_action(FakeAdmin(), rf.post("/"), Collection.objects.filter(pk=chosen.pk))

    message = "Очередь фоновых задач недоступна: значения не пересчитаны. Повторите через минуту."
    assert said == [(message, levels.ERROR)]
    assert not FilterBlock.objects.filter(collection=chosen).exists()
