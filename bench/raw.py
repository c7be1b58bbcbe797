"""The practical limit of the public listing: the same JSON as GET /api/lite/pub/products, hand-written.

No ORM, no DRF: plain SQL on a DB-API cursor (a raw psycopg cursor in the benchmark, Django's cursor in the
test), Python dicts, orjson. It understands the subset of the listing's parameters the benchmark uses:
`collections`, `filters` with `brand:` and `price:a-b`, `attributes` with string attributes, `page`, `size`;
ordering by id. Anything else is refused, so a baseline never silently answers a different question.
"""

from collections import defaultdict
from decimal import Decimal
from urllib.parse import parse_qs

import orjson

SUPPORTED = {"collections", "filters", "attributes", "page", "size"}


class Unsupported(ValueError):
    pass


def _placeholders(values) -> str:
    return ", ".join(["%s"] * len(values))


def _clauses(text: str) -> list[tuple[str, list[str]]]:
    out = []
    for part in (text or "").split(";"):
        if part.strip():
            name, _, values = part.partition(":")
            out.append((name.strip(), [v.strip() for v in values.split(",")]))
    return out


def _where(params: dict) -> tuple[str, list]:
    sql, args = ["p.deleted = %s"], [False]
    collections = [c for c in (params.get("collections") or "").split(",") if c]
    if collections:
        sql.append(
            "p.id IN (SELECT pc.product_id FROM catalog_product_collections pc JOIN catalog_collection c "
            f"ON c.id = pc.collection_id WHERE c.public_id IN ({_placeholders(collections)}))"
        )
        args += collections
    for name, values in _clauses(params.get("filters")):
        if name == "brand":
            sql.append(f"p.brand_name IN ({_placeholders(values)})")
            args += values
        elif name == "price" and len(values) == 1 and "-" in values[0]:
            low, high = (Decimal(x) for x in values[0].split("-"))
            sql.append(
                "EXISTS (SELECT 1 FROM catalog_variantprice vp JOIN catalog_variant v ON v.id = vp.variant_id "
                "JOIN catalog_pricetype pt ON pt.id = vp.price_type_id WHERE v.product_id = p.id "
                "AND pt.role = 'RETAIL' AND vp.value >= %s AND vp.value <= %s)"
            )
            args += [low, high]
        else:
            raise Unsupported(f"filters: {name}")
    for code, values in _clauses(params.get("attributes")):
        sql.append(
            "EXISTS (SELECT 1 FROM catalog_productattribute pa JOIN catalog_attribute a ON a.id = pa.attribute_id "
            f"WHERE pa.product_id = p.id AND a.code = %s AND pa.string_value IN ({_placeholders(values)}))"
        )
        args += [code, *values]
    return " AND ".join(sql), args


def _ordering(value) -> str | None:
    return None if value is None else f"{Decimal(value):.15f}"


def public_page(cursor, params: dict, media_url: str = "/media/") -> dict:
    """{"success", "recordsTotal", "products"} of one page, as plain Python values."""
    unknown = set(params) - SUPPORTED
    if unknown:
        raise Unsupported(", ".join(sorted(unknown)))
    size = int(params.get("size") or 100)
    page = int(params.get("page") or 0)
    where, args = _where(params)
    cursor.execute(
        "SELECT p.id, p.public_id, p.ext_id, p.short_name, p.description, p.available, p.deleted, p.review_score "
        f"FROM catalog_product p WHERE {where} ORDER BY p.id LIMIT %s OFFSET %s",
        [*args, size, page * size],
    )
    products = cursor.fetchall()
    if products and len(products) < size:
        total = page * size + len(products)
    else:
        cursor.execute(f"SELECT COUNT(*) FROM catalog_product p WHERE {where}", args)
        total = cursor.fetchone()[0]
    if not products:
        return {"success": True, "recordsTotal": total, "products": []}
    ids = [row[0] for row in products]
    inn = f"({_placeholders(ids)})"

    def rows(sql):
        cursor.execute(sql.replace("(IDS)", inn), ids)
        return cursor.fetchall()

    variants_of = defaultdict(list)
    for row in rows(
        "SELECT id, product_id, public_id, ext_id, article, ordering, default_image, weight, height, width, depth "
        "FROM catalog_variant WHERE product_id IN (IDS) ORDER BY ordering, id"
    ):
        variants_of[row[1]].append(row)
    prices = {}
    for variant_id, role, value in rows(
        "SELECT vp.variant_id, pt.role, vp.value FROM catalog_variantprice vp "
        "JOIN catalog_pricetype pt ON pt.id = vp.price_type_id JOIN catalog_variant v ON v.id = vp.variant_id "
        "WHERE v.product_id IN (IDS) AND pt.role IN ('RETAIL', 'OLD') ORDER BY vp.price_type_id"
    ):
        prices.setdefault((variant_id, role), value)
    stock = defaultdict(list)
    for variant_id, code, total_, reserved in rows(
        "SELECT s.variant_id, w.code, s.total, s.reserved FROM inventory_stocklevel s "
        "JOIN inventory_warehouse w ON w.id = s.warehouse_id JOIN catalog_variant v ON v.id = s.variant_id "
        "WHERE v.product_id IN (IDS) ORDER BY s.warehouse_id"
    ):
        stock[variant_id].append(
            {
                "warehouseCode": code,
                "stockTotal": total_,
                "stockAvailable": total_ - reserved,
                "stockReserved": reserved,
            }
        )
    options = defaultdict(list)
    for variant_id, code, name, string_value, decimal_value in rows(
        "SELECT o.variant_id, o.code, o.name, o.string_value, o.decimal_value FROM catalog_variantoption o "
        "JOIN catalog_variant v ON v.id = o.variant_id WHERE v.product_id IN (IDS) ORDER BY o.id"
    ):
        options[variant_id].append((code, name, string_value if string_value is not None else decimal_value))
    images = defaultdict(list)
    for product_id, public_id, file, pos in rows(
        "SELECT product_id, public_id, file, pos FROM catalog_productimage WHERE product_id IN (IDS) ORDER BY pos, id"
    ):
        images[product_id].append({"id": public_id, "url": media_url + file if file else "", "pos": _ordering(pos)})
    collections, any_public = defaultdict(list), defaultdict(bool)
    for product_id, public_id, is_public in rows(
        "SELECT pc.product_id, c.public_id, c.is_public FROM catalog_product_collections pc "
        "JOIN catalog_collection c ON c.id = pc.collection_id WHERE pc.product_id IN (IDS) ORDER BY c.ordering, c.id"
    ):
        collections[product_id].append(public_id)
        any_public[product_id] = any_public[product_id] or bool(is_public)
    attributes = defaultdict(list)
    for product_id, code, type_, string_value, decimal_value, ordering in rows(
        "SELECT pa.product_id, a.code, a.type, pa.string_value, pa.decimal_value, pa.ordering "
        "FROM catalog_productattribute pa JOIN catalog_attribute a ON a.id = pa.attribute_id "
        "WHERE pa.product_id IN (IDS) ORDER BY pa.ordering, pa.id"
    ):
        attributes[product_id].append(
            {
                "id": code,
                "type": type_,
                "stringValue": string_value,
                "decimalValue": decimal_value,
                "ordering": ordering,
            }
        )
    orders = {
        (p, c, v): pos
        for p, c, v, pos in rows(
            "SELECT product_id, code, value, position FROM catalog_productoptionorder WHERE product_id IN (IDS)"
        )
    }
    cursor.execute("SELECT code, title, title_plural FROM catalog_feature")
    features = {code: (title, plural) for code, title, plural in cursor.fetchall()}

    documents = []
    for pk, public_id, ext_id, short_name, description, available, deleted, review_score in products:
        variants = variants_of[pk]
        documents.append(
            {
                "id": public_id,
                "extId": ext_id,
                "shortName": short_name,
                "description": description,
                "available": bool(available),
                "deleted": bool(deleted),
                "reviewScore": review_score,
                "anyPublicCollections": any_public[pk],
                "variants": [
                    {
                        "id": v[2],
                        "extId": v[3],
                        "article": v[4],
                        "price": prices.get((v[0], "RETAIL")),
                        "oldPrice": prices.get((v[0], "OLD")),
                        "stock": stock[v[0]],
                        "ordering": v[5],
                        "optionsUsed": [{"id": code, "value": value} for code, _, value in options[v[0]]],
                        "defaultImage": v[6],
                        "weight": v[7],
                        "dimensions": {"height": v[8], "width": v[9], "depth": v[10]},
                    }
                    for v in variants
                ],
                "options": _options(pk, variants, options, orders, features),
                "images": images[pk],
                "collections": collections[pk],
                "attributes": attributes[pk],
            }
        )
    return {"success": True, "recordsTotal": total, "products": documents}


def _options(pk, variants, options, orders, features) -> list[dict]:
    seen: dict[str, dict] = {}
    for v in variants:
        for code, name, value in options[v[0]]:
            entry = seen.get(code)
            if entry is None:
                title, plural = features.get(code, (None, None))
                entry = seen[code] = {
                    "name": title or name or code,
                    "plural": plural or title or name or code,
                    "values": [],
                }
            if value not in entry["values"]:
                entry["values"].append(value)
    out = []
    for code, entry in seen.items():
        values = entry["values"]
        first = {value: i for i, value in enumerate(values)}
        values.sort(key=lambda value: (orders.get((pk, code, str(value)), 1 << 30), first[value]))
        out.append({"id": code, "name": entry["name"], "name_plural": entry["plural"], "values": values})
    return out


def _number(value):
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    raise TypeError


def render(document: dict) -> bytes:
    return orjson.dumps(document, default=_number)


def query_params(query_string: str) -> dict:
    return {k: v[-1] for k, v in parse_qs(query_string, keep_blank_values=True).items()}


def same_listing(api: bytes | dict, raw: bytes | dict) -> str | None:
    """None when both answers hold the same products in the same order and the same JSON (modulo key order
    and 4 vs 4.0); else what differs."""
    api = orjson.loads(api) if isinstance(api, bytes | str) else api
    raw = orjson.loads(raw) if isinstance(raw, bytes | str) else raw
    api_ids = [p["id"] for p in api.get("products", [])]
    raw_ids = [p["id"] for p in raw.get("products", [])]
    if api_ids != raw_ids:
        return f"different products: API {api_ids[:5]}... vs baseline {raw_ids[:5]}..."
    if api.get("recordsTotal") != raw.get("recordsTotal"):
        return f"recordsTotal {api.get('recordsTotal')} vs {raw.get('recordsTotal')}"
    for a, b in zip(api["products"], raw["products"], strict=True):
        if a != b:
            keys = sorted(k for k in set(a) | set(b) if a.get(k) != b.get(k))
            return f"product {a['id']} differs in {keys}"
    if api != raw:
        return "documents differ outside products"
    return None
