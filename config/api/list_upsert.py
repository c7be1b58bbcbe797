"""The list-plus-upsert endpoint, written once: GET the entries, POST one entry created or updated by its key.

Attributes, options (features), accounting attributes, IMSHOP pickup points and promotions share this shape:

    GET  -> {"success": true, ["recordsTotal": N,] "<list_key>": [document, ...]}
    POST -> {"success": true, "id": "<key>", "<item_key>": document}

A subclass names its rows, its document builder, its input serializer and its save service; the OpenAPI
operations (components `<schema_name>List` and `<schema_name>Saved`) are declared here from the same names,
so the code and the schema cannot drift apart.
"""

from typing import Any, ClassVar

from drf_spectacular.utils import extend_schema, extend_schema_view, inline_serializer
from rest_framework import serializers

from config.kernel.params import parse_page

from .answers import ok, records
from .inputs import validated
from .views import PrivateAPIView


class ListUpsertView(PrivateAPIView):
    list_key: ClassVar[str]
    item_key: ClassVar[str]
    body: ClassVar[type[serializers.Serializer]]
    schema_name: ClassVar[str]
    list_summary: ClassVar[str]
    save_summary: ClassVar[str]
    item_shape: ClassVar[serializers.Serializer | None] = None  # None: a free-form object
    paged: ClassVar[bool] = False  # paged lists take page/size and answer recordsTotal
    schema_tags: ClassVar[list[str] | None] = None

    def rows(self):
        raise NotImplementedError

    def document(self, row) -> dict:
        raise NotImplementedError

    def save(self, data: dict) -> Any:
        """Create or update one entry from validated data; returns the saved row."""
        raise NotImplementedError

    def key_of(self, row) -> str:
        return row.public_id

    def reread(self, row):
        """The saved row as `rows()` loads it (with what the document needs prefetched)."""
        return row

    def get(self, request):
        rows = self.rows()
        if not self.paged:
            return ok({self.list_key: [self.document(row) for row in rows]})
        page = parse_page(request.query_params, default_size=100, max_size=1000)
        return records(self.list_key, [self.document(row) for row in page.slice(rows)], rows.count())

    def post(self, request):
        row = self.reread(self.save(validated(self.body, request.data)))
        return ok({"id": self.key_of(row), self.item_key: self.document(row)})

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if "schema_name" not in cls.__dict__:
            return
        # DRF orders a serializer's fields by when they were created: create them in the answer's order.
        shape = cls.item_shape
        listed: dict[str, serializers.Field] = {"success": serializers.BooleanField()}
        if cls.paged:
            listed["recordsTotal"] = serializers.IntegerField()
        listed[cls.list_key] = (
            shape.__class__(many=True) if shape else serializers.ListField(child=serializers.DictField())
        )
        saved = {"success": serializers.BooleanField(), "id": serializers.CharField()}
        saved[cls.item_key] = shape or serializers.DictField()
        tags = {"tags": cls.schema_tags} if cls.schema_tags else {}
        extend_schema_view(
            get=extend_schema(
                summary=cls.list_summary,
                responses=inline_serializer(f"{cls.schema_name}List", listed),
                **tags,
            ),
            post=extend_schema(
                summary=cls.save_summary,
                request=cls.body,
                responses=inline_serializer(f"{cls.schema_name}Saved", saved),
                **tags,
            ),
        )(cls)
