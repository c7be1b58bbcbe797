"""Does a real answer conform to the OpenAPI schema the application publishes for its operation?

Schemathesis checks every operation with generated input, but its data seldom reaches the rich answers (a
product's history events, a collection's computed filter blocks, dictionary values): the tests that build that
data check their answers here too, so a client generated from the schema can read what the server sends.
"""

from functools import cache
from typing import Any

import jsonschema
from drf_spectacular.generators import SchemaGenerator


@cache
def _document() -> dict:
    return SchemaGenerator().get_schema(request=None, public=True)


def _json_schema(node: Any) -> Any:
    """OpenAPI 3.0 to JSON Schema: `nullable: true` becomes a null alternative; refs point into the document."""
    if isinstance(node, list):
        return [_json_schema(item) for item in node]
    if not isinstance(node, dict):
        return node
    converted = {key: _json_schema(value) for key, value in node.items() if key != "nullable"}
    if "$ref" in converted:
        converted["$ref"] = "#/definitions/" + converted["$ref"].rsplit("/", 1)[-1]
    if node.get("nullable"):
        return {"anyOf": [converted, {"type": "null"}]}
    return converted


def assert_conforms(response, path: str, method: str = "get") -> None:
    """The answer's body validates against the schema of its operation's answer with that status."""
    document = _document()
    answer = document["paths"][path][method]["responses"][str(response.status_code)]
    schema = _json_schema(answer["content"]["application/json"]["schema"])
    schema["definitions"] = _json_schema(document["components"]["schemas"])
    # Draft 4: OpenAPI 3.0's schema objects follow it (exclusiveMaximum is a boolean).
    jsonschema.Draft4Validator(schema).validate(response.json())
