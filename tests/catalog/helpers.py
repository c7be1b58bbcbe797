def assert_error_envelope(response, status, message=None):
    assert response.status_code == status, response.content
    body = response.json()
    assert set(body) == {"success", "errors"}
    assert body["success"] is False
    assert all(set(e) == {"code", "message"} and e["code"] == 0 for e in body["errors"])
    if message is not None:
        assert body["errors"][0]["message"] == message
    return body


def snapshot_counts():
    """Row counts of everything a product write touches, to prove a rejected request changed nothing."""
    from catalog.models import Barcode, HistoryEvent, Product, ProductAttribute, Variant, VariantPrice
    from inventory.models import StockLevel, StockMovement

    models = [Product, Variant, VariantPrice, Barcode, ProductAttribute, HistoryEvent, StockLevel, StockMovement]
    return {m.__name__: m.objects.count() for m in models}
