"""Schemathesis against the project's own OpenAPI schema (/api/schema/): every operation, hostile input.

Three phases, all in the ordinary suite (CI runs them on PostgreSQL and on SQLite), each deterministic:
- examples + fuzzing (`test_operation_survives_generated_input`): MAX_EXAMPLES derandomized Hypothesis cases
  per operation, valid and invalid, in every media type the operation accepts;
- coverage (`test_coverage_phase`): schemathesis's boundary cases of every parameter and field (minimum,
  maximum, lengths, wrong types, missing required properties, ...), each distinct case once;
- stateful (`test_stateful_phase`): scenarios of calls chained by the links schemathesis infers from the schema,
  so what one call creates the next reads or changes.
Requests go through the Django WSGI application inside the test's transaction, with each API's credentials.
Checked for every answer:
- never a 500 (nor any 5xx other than the IMSHOP webhooks' 503 "no key configured", which cannot happen here);
- an error answer (4xx) is the error format of its API: the Cactus envelope for /api/lite and the IMSHOP
  webhooks, Yandex's `[{"code", "description"}]` list or `{"reason"}` for /yandex-eats;
- a success answer conforms to the schema of its operation (status, content type, body).
"""

from decimal import Decimal

import orjson
import pytest
import schemathesis
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections, transaction
from hypothesis import HealthCheck, settings
from schemathesis.generation import GenerationMode
from schemathesis.generation.drivers import CoverageGenerator
from schemathesis.generation.feedback import FeedbackSources
from schemathesis.generation.overrides import Override
from schemathesis.specs.openapi.checks import response_schema_conformance

from config.api.models import ApiToken
from integrations.yandex_eats.models import YandexPlace
from integrations.yandex_eats.services import create_client, issue_token
from tests.factories import CollectionFactory, ProductFactory, StockLevelFactory, WarehouseFactory

IMSHOP_KEY = "schemathesis-imshop-key"
MAX_EXAMPLES = 8
MAX_COVERAGE_CASES = 100


def _load_schema():
    """The schema the application serves at /api/schema/, bound to its WSGI application."""
    from drf_spectacular.generators import SchemaGenerator

    document = SchemaGenerator().get_schema(request=None, public=True)
    # `@schema.parametrize()` runs the examples and fuzzing phases; the coverage phase has its own test below
    # (test_coverage_phase), which runs each distinct boundary case once instead of every media type's copy.
    config = schemathesis.Config.from_dict({"phases": {"coverage": {"enabled": False}}})
    loaded = schemathesis.openapi.from_dict(orjson.loads(orjson.dumps(document, default=_number)), config=config)
    loaded.app = get_wsgi_application()
    return loaded


def _number(value):
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return str(value)


schema = _load_schema()


@pytest.fixture
def _keep_the_test_connection():
    """As Django's test client does: a request's end must not close the connection holding the test's
    transaction (close_old_connections would, on PostgreSQL, as autocommit is off inside it)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def tokens(db, settings, _keep_the_test_connection):
    """Data for the operations to work on, and the credentials each API wants."""
    settings.IMSHOP_API_KEY = IMSHOP_KEY
    warehouse = WarehouseFactory(code="WH1", is_default=True)
    for product in ProductFactory.create_batch(3, variants=2):
        for variant in product.variants.all():
            StockLevelFactory(variant=variant, warehouse=warehouse, total=5)
    CollectionFactory()
    YandexPlace.objects.create(place_id="place-1", warehouse=warehouse, name="Тверская")
    client, secret = create_client(name="schemathesis")
    yandex_token = issue_token(client_id=client.client_id, client_secret=secret, grant_type="client_credentials")
    _, api_token = ApiToken.issue(name="schemathesis")
    return {"api": api_token, "imshop": IMSHOP_KEY, "yandex": yandex_token.access_token}


def _auth_for(path: str, tokens: dict) -> dict:
    if path.startswith("/api/lite/pub/") or path == "/api/lite/auth" or path.startswith("/yandex-eats/security"):
        return {}
    if path.startswith("/api/lite/"):
        return {"Authorization": f"Bearer {tokens['api']}"}
    if path.startswith("/webhooks/imshop/"):
        return {"Authorization": f"Bearer {tokens['imshop']}"}
    if path.startswith("/yandex-eats/"):
        return {"Authorization": f"Bearer {tokens['yandex']}"}
    return {}


def _json(response):
    try:
        return orjson.loads(response.content)
    except orjson.JSONDecodeError:
        return None


def assert_error_format(path: str, response) -> None:
    body = _json(response)
    described = f"{response.status_code} {response.content[:300]!r}"
    if path.startswith("/yandex-eats/"):
        if isinstance(body, dict):
            assert set(body) == {"reason"} and isinstance(body["reason"], str), described
            return
        assert isinstance(body, list) and body, described
        for item in body:
            assert set(item) == {"code", "description"}, described
            assert item["code"] == response.status_code and isinstance(item["description"], str), described
        return
    assert isinstance(body, dict) and body.get("success") is False, described
    assert body["errors"] and all(
        set(e) == {"code", "message"} and isinstance(e["message"], str) and e["message"] for e in body["errors"]
    ), described


@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_operation_survives_generated_input(case, tokens):
    check_answer(case, case.call(headers=_auth_for(case.path, tokens)))


def check_answer(case, response) -> None:
    """Never a 5xx; an error in its API's format; a success as its operation's schema describes it."""
    status = response.status_code
    assert status < 500, f"{case.method} {case.formatted_path}: {status} {response.content[:500]!r}"
    if status >= 400:
        assert_error_format(case.path, response)
    else:
        case.validate_response(response, checks=[response_schema_conformance])


def _coverage_cases(operation) -> list:
    """The coverage phase's cases for one operation: every boundary and every kind of invalid value of every
    parameter and body field (schemathesis's CoverageGenerator), each distinct case once. The generator repeats
    each body case for each media type the operation accepts; our clients send JSON, so where an operation takes
    JSON only the JSON copies run (the form parsers are exercised by the fuzzing phase). At most
    MAX_COVERAGE_CASES per operation, taken evenly from the whole list: only the largest operations (the product
    and variant writes, whose nested fields repeat across them) are thinned, to every second or third case."""
    takes_json = "application/json" in operation.definition.raw.get("requestBody", {}).get("content", {})
    generator = CoverageGenerator(
        operation=operation,
        generation_modes=list(GenerationMode),
        generation_config=schema.config.generation_for(operation=operation, phase="coverage"),
        auth_storage=None,
        override=Override(),
        feedback=FeedbackSources(),
    )
    cases, seen = [], set()
    for case in generator:
        data = case.meta.phase.data
        is_body = data.parameter_location is not None and data.parameter_location.value == "body"
        if takes_json and is_body and data.parameter != "application/json":
            continue
        key = (data.scenario, data.description, data.location, data.parameter)
        if key not in seen:
            seen.add(key)
            cases.append(case)
    stride = -(-len(cases) // MAX_COVERAGE_CASES)
    return cases[::stride]


OPERATIONS = [result.ok() for result in schema.get_all_operations()]


@pytest.mark.parametrize("operation", OPERATIONS, ids=[f"{op.method.upper()} {op.path}" for op in OPERATIONS])
def test_coverage_phase(operation, tokens):
    failures = []
    for case in _coverage_cases(operation):
        try:
            check_answer(case, case.call(headers=_auth_for(case.path, tokens)))
        except AssertionError as error:  # every failing case of the operation at once, with how to replay it
            failures.append(f"{case.meta.phase.data.description}: {error}\n    {case.as_curl_command()}")
    assert failures == [], "\n".join(failures[:20])


STATEFUL_SCENARIOS = 30


def test_stateful_phase(tokens):
    """Sequences of calls chained by the links schemathesis infers from the schema (dependency analysis: a
    resource one operation answers with and another takes, e.g. a product's id): what one call creates, the
    next reads, changes or deletes."""
    links = schema.as_state_machine()

    class Scenario(links):
        """Each scenario starts from the fixture's data: its writes are rolled back at its end, and the cache
        (throttle counters) is emptied, so a scenario's answers do not depend on the ones before it."""

        def setup(self):
            cache.clear()
            self.scenario = transaction.atomic()
            self.scenario.__enter__()

        def teardown(self):
            transaction.set_rollback(True)
            self.scenario.__exit__(None, None, None)

        def get_call_kwargs(self, case):
            return {"headers": _auth_for(case.path, tokens)}

        def validate_response(self, response, case, additional_checks=None, **kwargs):
            check_answer(case, response)

    Scenario.run(
        settings=settings(
            max_examples=STATEFUL_SCENARIOS,
            stateful_step_count=6,
            derandomize=True,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
    )
