"""The list-plus-upsert endpoint, written once: GET the entries, POST one entry created or updated by its key.

Attributes, options (features), accounting attributes, IMSHOP pickup points and promotions share this shape:

    GET  -> {"success": true, ["recordsTotal": N,] "<list_key>": [document, ...]}
    POST -> {"success": true, "id": "<key>", "<item_key>": document}

A subclass names its rows, its document builder (annotated with the TypedDict it returns, its `item_shape`),
its input serializer and its save service; the OpenAPI operations (components `<schema_name>List` and
`<schema_name>Saved`) are declared here from the same names, so the code and the schema cannot drift apart.
"""

from collections.abc import Mapping
from typing import Any, ClassVar, TypedDict

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers
from rest_framework.exceptions import ValidationError

from config.kernel.params import parse_page

from .answers import ok, records
from .inputs import validated
from .shapes import component, is_shape
from .views import PrivateAPIView


class ListUpsertView(PrivateAPIView):
    list_key: ClassVar[str]
    item_key: ClassVar[str]
    body: ClassVar[type[serializers.Serializer]]
    schema_name: ClassVar[str]
    list_summary: ClassVar[str]
    save_summary: ClassVar[str]
    item_shape: ClassVar[type | None] = None  # the document's TypedDict; None: a free-form object
    paged: ClassVar[bool] = False  # paged lists take page/size and answer recordsTotal
    schema_tags: ClassVar[list[str] | None] = None
    # Body fields a POST must give when it creates an entry: an update of an existing entry may name any of
    # its fields (absent ones keep their values), so the body declares these optional and `exists` decides.
    required_to_create: ClassVar[tuple[str, ...]] = ()

    def rows(self):
        raise NotImplementedError

    def document(self, row) -> Mapping[str, Any]:
        raise NotImplementedError

    def save(self, data: dict) -> Any:
        """Create or update one entry from validated data; returns the saved row."""
        raise NotImplementedError

    def exists(self, data: dict) -> bool:
        """Whether validated data names an existing entry (asked only when `required_to_create` is set)."""
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
        data = validated(self.body, request.data)
        self.check_create(data)
        row = self.reread(self.save(data))
        return ok({"id": self.key_of(row), self.item_key: self.document(row)})

    def check_create(self, data: dict) -> None:
        """A 400 naming every `required_to_create` field the body leaves out, when it creates an entry."""
        if not self.required_to_create:
            return
        fields = self.body().fields
        missing = [name for name in self.required_to_create if fields[name].source not in data]
        if missing and not self.exists(data):
            raise ValidationError({name: "обязательное поле при создании" for name in missing})

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if "schema_name" not in cls.__dict__:
            return
        item = cls.item_shape or dict
        if item is not dict and not is_shape(item):
            raise TypeError(f"{cls.__name__}.item_shape: a TypedDict (or None), not {item!r}")
        # The envelopes, keys in the answer's order (the names come from the subclass, so made at run time).
        listed: dict[str, Any] = {"success": bool}
        if cls.paged:
            listed["recordsTotal"] = int
        listed[cls.list_key] = list[item]  # type: ignore[valid-type]  # a TypedDict class held in a variable
        saved: dict[str, Any] = {"success": bool, "id": str, cls.item_key: item}
        tags: dict[str, Any] = {"tags": cls.schema_tags} if cls.schema_tags else {}
        extend_schema_view(
            get=extend_schema(
                summary=cls.list_summary,
                responses=component(envelope(f"{cls.schema_name}List", listed)),
                **tags,
            ),
            post=extend_schema(
                summary=cls.save_summary,
                request=cls.body,
                responses=component(envelope(f"{cls.schema_name}Saved", saved)),
                **tags,
            ),
        )(cls)


def envelope(name: str, keys: dict[str, Any]) -> type:
    """A TypedDict made at run time, for an answer whose key names are data (a subclass's list_key)."""
    # mypy accepts only a literal name and keys for the functional TypedDict form; typing takes any at run time.
    return TypedDict(name, keys)  # type: ignore[operator]
