from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.exceptions import ValidationError

from config.api.answers import ok, records
from config.api.filters import filter_parameters, filtered
from config.api.inputs import validated
from config.api.permissions import needs
from config.api.views import PrivateAPIView
from config.kernel.encoding import dumps
from config.kernel.errors import NotFound
from config.kernel.params import parse_bool, parse_page

from ..history_diff import describe_difference
from ..models import HistoryEvent
from .filters import HistoryFilter


def event_document(event: HistoryEvent, *, with_json: bool) -> dict:
    doc = {
        "changeSource": event.change_source,
        "description": event.description,
        "eventDate": event.created_at.astimezone().strftime("%Y-%m-%d %H:%M:%S.%f")[:-3],
        "eventParameters": {"from": event.source_action},
        "id": str(event.public_id),
        "level": event.level,
        "success": event.success,
        "type": event.type,
        "userLogin": event.user_login,
    }
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
        responses=inline_serializer(
            "HistoryOut",
            {
                "events": serializers.ListField(child=serializers.DictField()),
                "recordsTotal": serializers.IntegerField(),
                "success": serializers.BooleanField(),
            },
        ),
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
        return records("events", [event_document(e, with_json=with_json) for e in rows], total)


class DiffPairIn(serializers.Serializer):
    leftId = serializers.UUIDField()
    rightId = serializers.UUIDField()


class DiffIn(serializers.Serializer):
    items = DiffPairIn(many=True, max_length=100)


class HistoryDiffView(PrivateAPIView):
    required_permissions = {"POST": needs("catalog.historyevent", "view")}

    @extend_schema(
        summary="Human-readable difference between two history events",
        request=DiffIn,
        responses=inline_serializer(
            "DiffOut",
            {"items": serializers.ListField(child=serializers.DictField()), "success": serializers.BooleanField()},
        ),
    )
    def post(self, request):
        body = validated(DiffIn, request.data)
        pairs = body["items"]
        ids = {p["leftId"] for p in pairs} | {p["rightId"] for p in pairs}
        snapshots = dict(HistoryEvent.objects.filter(public_id__in=ids).values_list("public_id", "snapshot"))
        items = []
        for pair in pairs:
            for key in ("leftId", "rightId"):
                if pair[key] not in snapshots:
                    raise NotFound(f"Событие с id «{pair[key]}» не найдено")
            items.append(
                {
                    "diff": describe_difference(snapshots[pair["leftId"]], snapshots[pair["rightId"]]),
                    "leftId": str(pair["leftId"]),
                    "rightId": str(pair["rightId"]),
                }
            )
        return ok({"items": items})
