"""Collections: the catalog's grouping of products (not in the Cactus text; see docs/api.md)."""

from django.db import transaction

from config.kernel.actor import Actor
from config.kernel.catalog_version import catalog_changed
from config.kernel.errors import NotFound, ValidationFailed

from ..models import Collection, IdCounter, Product
from .history import record_product_events
from .ids import validate_public_id


def save_collection(*, data: dict) -> tuple[Collection, bool]:
    """Create or update a collection by id; a new one without an id gets a generated one."""
    with transaction.atomic():
        public_id = data.get("public_id")
        collection = None
        if public_id:
            validate_public_id(public_id, "коллекции")
            collection = Collection.objects.select_for_update().filter(public_id=public_id).first()
        created = collection is None
        if collection is None:
            collection = Collection(public_id=public_id or IdCounter.allocate("collection")[0])
        parent_id = data.get("parent_id")
        parent = None
        if parent_id:
            parent = Collection.objects.filter(public_id=parent_id).first()
            if parent is None:
                raise ValidationFailed(f"Родительская коллекция с id «{parent_id}» не найдена")
            ancestor: Collection | None = parent
            while ancestor is not None:
                if ancestor.public_id == collection.public_id:
                    raise ValidationFailed("Коллекция не может быть вложена сама в себя")
                ancestor = ancestor.parent
        collection.name = data["name"]
        collection.parent = parent
        collection.ordering = data.get("ordering") or 0
        collection.is_public = data.get("is_public", True)
        collection.save()
        catalog_changed()
    return collection, created


def delete_collection(*, public_id: str, actor: Actor) -> None:
    """Delete a collection; its products stay in the catalog, leave it, and get a history event."""
    with transaction.atomic():
        collection = Collection.objects.select_for_update().filter(public_id=public_id).first()
        if collection is None:
            raise NotFound("Коллекции с указанным id не существует")
        if collection.children.exists():
            raise ValidationFailed("У коллекции есть вложенные коллекции: удалите или перенесите их")
        product_ids = list(Product.objects.filter(collections=collection).values_list("pk", flat=True))
        collection.delete()
        record_product_events(product_ids=product_ids, actor=actor)
