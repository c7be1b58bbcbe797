from typing import NotRequired, TypedDict

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from config.api.filters import filter_parameters, filtered
from config.api.inputs import validated
from config.api.permissions import needs
from config.api.shapes import component
from config.api.views import PrivateAPIView
from config.kernel.encoding import dumps
from config.kernel.errors import NotFound
from config.kernel.params import parse_bool, parse_page

from ..history_diff import describe_difference
from ..models import HistoryEvent
from .filters import HistoryFilter

EventParameters = TypedDict("EventParameters", {"from": str})  # "from" is a Python keyword


class HistoryEventOut(TypedDict):
    changeSource: str
    description: str
    eventDate: str
    eventParameters: EventParameters
    id: str
    jsonData: NotRequired[str]  # the product document as JSON text, with jsonData=true only
    level: str
    success: bool
    type: str
    userLogin: str


class HistoryOut(TypedDict):
    """The keys in the spec's order (alphabetical, success last), as the schema has always listed them; the
    answer builds it success first, as every Cactus answer (the constructor's keywords give the JSON's order)."""

    events: list[HistoryEventOut]
    recordsTotal: int
    success: bool


class DiffItem(TypedDict):
    diff: str
    leftId: str
    rightId: str


class DiffOut(TypedDict):
    """As HistoryOut: the spec's key order."""

    items: list[DiffItem]
    success: bool


def event_document(event: HistoryEvent, *, with_json: bool) -> HistoryEventOut:
    doc = HistoryEventOut(
        changeSource=event.change_source,
        description=event.description,
        eventDate=event.created_at.astimezone().strftime("%Y-%m-%d %H:%M:%S.%f")[:-3],
        eventParameters={"from": event.source_action},
        id=str(event.public_id),
        level=event.level,
        success=event.success,
        type=event.type,
        userLogin=event.user_login,
    )
    if with_json:
        doc["jsonData"] = dumps(event.snapshot).decode()
    return doc


class HistoryView(PrivateAPIView):
    required_permissions = {"GET": needs("catalog.historyevent", "view")}

    @extend_schema(
        summary="Change events of a product",
        parameters=[
            *filter_parameters(HistoryFilter),
            OpenApiParameter("jsonData", bool, description="true: include the product snapshot"),
            OpenApiParameter("page", int),
            OpenApiParameter("size", int, description="Default 5"),
        ],
        responses=component(HistoryOut),
    )
    def get(self, request):
        params = request.query_params
        page = parse_page(params, default_size=5, max_size=100)
        with_json = parse_bool(params, "jsonData", False)
        if not params.get("id") and not params.get("productId"):
            raise ValidationError("Укажите productId или id события")
        events = filtered(HistoryFilter, params, HistoryEvent.objects.all())
        total = events.count()
        rows = page.slice(events.order_by("-created_at", "-id"))
        if not with_json:
            rows = rows.defer("snapshot")
        events_out = [event_document(e, with_json=with_json) for e in rows]
        return Response(HistoryOut(success=True, recordsTotal=total, events=events_out))


class DiffPairIn(serializers.Serializer):
    leftId = serializers.UUIDField()
    rightId = serializers.UUIDField()


class DiffIn(serializers.Serializer):
    # many=True passes max_length on to the ListSerializer (DRF 3.14+); the stubs' Serializer does not list it.
    items = DiffPairIn(many=True, max_length=100)  # type: ignore[call-arg]


class HistoryDiffView(PrivateAPIView):
    required_permissions = {"POST": needs("catalog.historyevent", "view")}

    @extend_schema(
        summary="Human-readable difference between two history events",
        request=DiffIn,
        responses=component(DiffOut),
    )
    def post(self, request):
        body = validated(DiffIn, request.data)
        pairs = body["items"]
        ids = {p["leftId"] for p in pairs} | {p["rightId"] for p in pairs}
        snapshots = dict(HistoryEvent.objects.filter(public_id__in=ids).values_list("public_id", "snapshot"))
        items: list[DiffItem] = []
        for pair in pairs:
            for key in ("leftId", "rightId"):
                if pair[key] not in snapshots:
                    raise NotFound(f"Событие с id «{pair[key]}» не найдено")
            items.append(
                DiffItem(
                    diff=describe_difference(snapshots[pair["leftId"]], snapshots[pair["rightId"]]),
                    leftId=str(pair["leftId"]),
                    rightId=str(pair["rightId"]),
                )
            )
        return Response(DiffOut(success=True, items=items))
