"""The pure promotions engine: each kind alone, together, and the money invariants for any cart."""

from decimal import Decimal as D

from hypothesis import given, settings
from hypothesis import strategies as st

from integrations.imshop.promotions.engine import (
    CART,
    COLLECTIONS,
    FIXED,
    GIFT,
    GIFT_CHOICE,
    N_FOR_M,
    PERCENT,
    PRODUCTS,
    CartLine,
    Gift,
    Loyalty,
    Rule,
    calculate_cart,
    distribute,
)


def line(variant_id, price, quantity=1, product=None, collections=(), claimed=()):
    return CartLine(variant_id, D(str(price)), D(str(quantity)), product or variant_id, frozenset(collections), claimed)


def by_id(result):
    return {r.line.variant_id: r for r in result.lines}


def test_percent_on_a_collection_rounds_each_line_half_up():
    cart = [line("a", "99.99", 1, collections={"shoes"}), line("b", 500, 2)]
    result = calculate_cart(
        cart, [Rule("p10", "−10% на обувь", PERCENT, COLLECTIONS, D(10), collection_keys={"shoes"})]
    )

    assert by_id(result)["a"].discount == D("10.00")  # 9.999 → 10.00
    assert by_id(result)["b"].discount == 0
    assert result.total == D("1089.99")
    assert by_id(result)["a"].applied == ["p10"] and by_id(result)["b"].applied == []


def test_fixed_on_products_is_per_unit_and_never_above_the_line():
    cart = [line("a", 300, 2), line("b", 50, 1)]
    rule = Rule("f100", "−100 ₽", FIXED, PRODUCTS, D(100), product_keys={"a", "b"})

    result = by_id(calculate_cart(cart, [rule]))

    assert result["a"].discount == D(200)
    assert result["b"].discount == D(50) and result["b"].subtotal == 0


def test_fixed_on_the_cart_is_spread_over_lines_and_sums_exactly():
    cart = [line("a", "33.33"), line("b", "33.33"), line("c", "33.34")]

    result = calculate_cart(cart, [Rule("c10", "−10 ₽ на корзину", FIXED, CART, D(10))])

    assert [r.discount for r in result.lines] == [D("3.33"), D("3.33"), D("3.34")]
    assert result.discount == D(10) and result.total == D("90.00")


def test_distribute_gives_leftover_kopecks_to_largest_remainders_then_earlier_lines():
    assert distribute(D("1.00"), [D(1), D(1), D(1)]) == [D("0.34"), D("0.33"), D("0.33")]
    assert distribute(D(500), [D(100), D(50)]) == [D(100), D(50)]


def test_n_for_m_makes_the_cheapest_units_free():
    cart = [line("a", 100, 2), line("b", 70, 1), line("c", 500, 1)]
    rule = Rule("3for2", "3 по цене 2", N_FOR_M, CART, buy_quantity=3, pay_quantity=2)

    result = by_id(calculate_cart(cart, [rule]))

    assert result["b"].discount == D(70) and result["b"].gift == 1
    assert result["a"].discount == 0 and result["c"].discount == 0


def test_gift_in_the_cart_is_free_and_gift_not_in_the_cart_is_only_offered():
    rule = Rule("g", "Чехол в подарок", GIFT, gifts=(Gift("case", D(2)),), required_product_keys={"ipad"})

    with_case = calculate_cart([line("ipad", 29990), line("case", 1000, 3)], [rule])
    without_case = calculate_cart([line("ipad", 29990)], [rule])

    assert by_id(with_case)["case"].discount == D(2000) and by_id(with_case)["case"].gift == 2
    assert [r.id for r in without_case.rules] == ["g"] and without_case.discount == 0


def test_gift_choice_frees_only_the_line_the_buyer_chose():
    rule = Rule("choice", "Подарок на выбор", GIFT_CHOICE, gifts=(Gift("x", D(1)), Gift("y", D(3))))
    cart = [line("main", 5000), line("x", 1000, 2, claimed=("choice",)), line("y", 10, 1)]

    result = by_id(calculate_cart(cart, [rule]))

    assert result["x"].discount == D(1000) and result["x"].gift == 1 and result["x"].subtotal == D(1000)
    assert result["y"].discount == 0


def test_conditions_min_total_min_quantity_and_required_products():
    cart = [line("a", 1000, 2)]
    rules = [
        Rule("total", "от 3000", PERCENT, value=D(10), min_total=D(3000)),
        Rule("qty", "от 3 шт", PERCENT, value=D(10), min_quantity=D(3)),
        Rule("req", "с товаром b", PERCENT, value=D(10), required_product_keys={"b"}),
        Rule("ok", "от 2000 и 2 шт", PERCENT, value=D(5), min_total=D(2000), min_quantity=D(2)),
    ]

    result = calculate_cart(cart, rules)

    assert [r.id for r in result.rules] == ["ok"] and result.discount == D(100)


def test_a_non_combinable_rule_of_higher_priority_stops_the_others():
    cart = [line("a", 1000)]
    exclusive = Rule("x", "Эксклюзив", PERCENT, value=D(20), priority=10, combinable=False)
    other = Rule("o", "Обычная", FIXED, value=D(100), priority=1)  # applied before a priority-0 exclusive one

    alone = calculate_cart(cart, [exclusive, other])
    lower = calculate_cart(cart, [Rule("x", "Эксклюзив", PERCENT, value=D(20), combinable=False), other])

    assert [r.id for r in alone.rules] == ["x"] and alone.discount == D(200)
    assert [r.id for r in lower.rules] == ["o"] and lower.discount == D(100)


def test_combinable_rules_stack_on_what_is_left():
    cart = [line("a", 1000)]
    rules = [Rule("p", "−10%", PERCENT, value=D(10), priority=2), Rule("f", "−100", FIXED, value=D(100), priority=1)]

    result = calculate_cart(cart, rules)

    assert result.discount == D(200) and result.lines[0].applied == ["p", "f"]


def test_promo_code_is_reported_only_when_its_rule_applies():
    cart = [line("a", 1000)]
    applies = calculate_cart(cart, [Rule("c", "Код", PERCENT, value=D(10), promo_code="SALE10")])
    blocked = calculate_cart(cart, [Rule("c", "Код", PERCENT, value=D(10), min_total=D(5000), promo_code="SALE10")])

    assert applies.applied_promocode == "SALE10"
    assert blocked.applied_promocode is None


def test_bonuses_pay_only_for_undiscounted_lines_within_balance_and_percent():
    cart = [line("a", 1000), line("b", 500)]
    rule = Rule("b10", "−10% на b", PERCENT, PRODUCTS, D(10), product_keys={"b"})

    result = calculate_cart(cart, [rule], Loyalty(balance=D("700.50"), earn_percent=D(3), spend_max_percent=D(50)))

    assert [r.can_spend for r in result.lines] == [D(500), D(0)]
    assert result.bonuses_can_spend == D(500)
    assert result.will_earn == D(43)  # 3% of 1450, rounded down


# --- property-based: the invariants hold for any cart and any set of rules --------------------------------

prices = st.decimals(min_value=0, max_value=100000, places=2)
quantities = st.one_of(st.integers(min_value=1, max_value=20).map(D), st.decimals("0.001", "50", places=3))
variant_ids = st.sampled_from(["a", "b", "c", "d"])
lines_strategy = st.lists(
    st.builds(
        lambda v, p, q, c, claim: CartLine(v, p, q, v, frozenset(c), claim),
        variant_ids,
        prices,
        quantities,
        st.sets(st.sampled_from(["x", "y"])),
        st.sampled_from([(), ("g2",)]),
    ),
    max_size=8,
)
rules_strategy = st.lists(
    st.builds(
        Rule,
        id=st.sampled_from(["r1", "r2", "r3", "g1", "g2"]),
        name=st.just("rule"),
        kind=st.sampled_from([PERCENT, FIXED, N_FOR_M, GIFT, GIFT_CHOICE]),
        scope=st.sampled_from([CART, PRODUCTS, COLLECTIONS]),
        value=st.decimals(min_value=0, max_value=100, places=2),
        product_keys=st.sets(variant_ids).map(frozenset),
        collection_keys=st.sets(st.sampled_from(["x", "y"])).map(frozenset),
        min_total=st.one_of(st.none(), prices),
        min_quantity=st.one_of(st.none(), st.integers(0, 10).map(D)),
        buy_quantity=st.integers(0, 5),
        pay_quantity=st.integers(0, 4),
        gifts=st.lists(st.builds(Gift, variant_ids, st.integers(1, 3).map(D)), max_size=2).map(tuple),
        priority=st.integers(0, 3),
        combinable=st.booleans(),
        allow_bonus_spend=st.booleans(),
    ),
    max_size=5,
    unique_by=lambda r: r.id,
)
loyalty_strategy = st.one_of(
    st.none(),
    st.builds(Loyalty, prices, st.decimals(0, 100, places=2), st.decimals(0, 100, places=2)),
)


@settings(max_examples=200, deadline=None)
@given(lines_strategy, rules_strategy, loyalty_strategy)
def test_money_invariants_hold_for_any_cart(cart, rules, loyalty):
    result = calculate_cart(cart, rules, loyalty)

    for r in result.lines:
        assert r.discount >= 0
        assert r.subtotal == (r.line.price * r.line.quantity).quantize(D("0.01"), "ROUND_HALF_UP") - r.discount
        assert r.subtotal >= 0
        assert r.discount.as_tuple().exponent >= -2
        assert 0 <= r.gift <= r.line.quantity
        assert 0 <= r.can_spend <= r.subtotal
    assert result.total == sum((r.subtotal for r in result.lines), D(0))
    assert result.discount == sum((r.discount for r in result.lines), D(0))
    assert 0 <= result.bonuses_can_spend <= (loyalty.balance if loyalty else 0)
    again = calculate_cart(cart, list(reversed(rules)), loyalty)
    assert [(r.discount, r.gift, r.applied) for r in again.lines] == [
        (r.discount, r.gift, r.applied) for r in result.lines
    ]


def test_a_gift_alone_does_not_qualify_the_cart_for_itself():
    rule = Rule("g", "Чехол в подарок", GIFT, gifts=(Gift("case", D(1)),))

    only_gift = calculate_cart([line("case", 1000)], [rule])
    with_purchase = calculate_cart([line("case", 1000), line("phone", 100)], [rule])

    assert only_gift.rules == [] and only_gift.discount == 0
    assert with_purchase.discount == D(1000)
