"""Product history: every write appends an event with a full snapshot, in the writer's transaction."""

from dataclasses import dataclass

import orjson

from ..documents import load_documents
from ..encoding import dumps
from ..models import HistoryEvent
from ..models.history import ChangeSource


@dataclass(frozen=True)
class Actor:
    """Who changes the catalog, through what: recorded in history and in the stock ledger."""

    source: str = ChangeSource.API
    login: str = ""
    action: str = ""  # eventParameters.from, e.g. "POST /products" or "admin: change product"

    @classmethod
    def from_request(cls, request, *, source=ChangeSource.API, action: str | None = None) -> "Actor":
        user = getattr(request, "user", None)
        login = user.get_username() if user is not None and user.is_authenticated else ""
        if action is None:
            action = f"{request.method} {request.path.removeprefix('/api/lite')}"
        return cls(source=source, login=login, action=action)


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
    return documents


def _jsonable(document: dict) -> dict:
    """The snapshot is the document exactly as the API renders it (numbers as JSON numbers)."""
    return orjson.loads(dumps(document))
