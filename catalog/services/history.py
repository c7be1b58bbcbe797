"""Product history: every write appends an event with a full snapshot, in the writer's transaction."""

import functools
import uuid

import orjson
from django.db import connection
from django.utils import timezone

from config.kernel.actor import Actor
from config.kernel.bulk import insert_values
from config.kernel.catalog_version import catalog_changed
from config.kernel.encoding import dumps, json_default

from ..document_shapes import ProductDocument
from ..documents import load_documents
from ..models import HistoryEvent


def record_product_events(*, product_ids, actor: Actor, description: str = "") -> dict[int, ProductDocument]:
    """Append one event per product with its current document as the snapshot.

    Returns the documents (by product pk), so callers that answer with them need not load them again.
    """
    product_ids = list(dict.fromkeys(product_ids))
    if not product_ids:
        return {}
    documents = load_documents(product_ids)
    saved = [pk for pk in product_ids if pk in documents]
    if saved and connection.vendor == "postgresql":
        _insert_events(saved, documents, actor=actor, description=description)
    elif saved:
        HistoryEvent.objects.bulk_create(
            HistoryEvent(
                product_id=pk,
                product_public_id=documents[pk]["id"],
                change_source=actor.source,
                user_login=actor.login,
                source_action=actor.action,
                description=description,
                type=documents[pk]["type"],
                snapshot=_jsonable(documents[pk]),
            )
            for pk in saved
        )
    catalog_changed()  # every product, variant, price, image and membership write records an event here
    return documents


def _insert_events(product_ids: list[int], documents: dict[int, ProductDocument], *, actor: Actor, description: str):
    """The events in one COPY, each snapshot as orjson's text, which PostgreSQL parses into jsonb.

    bulk_create would encode every snapshot with the standard library's json and adapt it on its own; one
    INSERT ... SELECT FROM jsonb_to_recordset(one JSON text) parsed the ≈ 3 MB of a 1000-product batch twice
    (the array, then each record). COPY parses each snapshot once: 0.06 s against 0.11 s for 1000 events."""
    meta = HistoryEvent._meta
    constant = (
        str(actor.source),  # a TextChoices member: its value, as the model field would save it
        actor.login,
        actor.action,
        description,
        meta.get_field("level").default,
        meta.get_field("success").default,
    )
    now = timezone.now()
    dump = functools.partial(orjson.dumps, default=json_default, option=orjson.OPT_NON_STR_KEYS)
    insert_values(  # on PostgreSQL only (the caller's branch): COPY takes the snapshot as JSON text
        HistoryEvent,
        ["public_id", "product_id", "product_public_id", "change_source", "user_login", "source_action"]
        + ["description", "level", "success", "type", "snapshot", "created_at"],
        [
            (uuid.uuid4(), pk, documents[pk]["id"], *constant, documents[pk]["type"], dump(documents[pk]).decode(), now)
            for pk in product_ids
        ],
    )


def _jsonable(document: ProductDocument) -> dict:
    """The snapshot is the document exactly as the API renders it (numbers as JSON numbers)."""
    return orjson.loads(dumps(document))
