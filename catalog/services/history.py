"""Product history: every write appends an event with a full snapshot, in the writer's transaction."""

import orjson

from config.kernel.actor import Actor
from config.kernel.catalog_version import catalog_changed
from config.kernel.encoding import dumps

from ..documents import load_documents
from ..models import HistoryEvent


def record_product_events(*, product_ids, actor: Actor, description: str = "") -> dict[int, dict]:
    """Append one event per product with its current document as the snapshot.

    Returns the documents (by product pk), so callers that answer with them need not load them again.
    """
    product_ids = list(dict.fromkeys(product_ids))
    if not product_ids:
        return {}
    documents = load_documents(product_ids)
    events = [
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
        for pk in product_ids
        if pk in documents
    ]
    HistoryEvent.objects.bulk_create(events)
    catalog_changed()  # every product, variant, price, image and membership write records an event here
    return documents


def _jsonable(document: dict) -> dict:
    """The snapshot is the document exactly as the API renders it (numbers as JSON numbers)."""
    return orjson.loads(dumps(document))
