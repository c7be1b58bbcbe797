"""The promotions engine: pure functions over Decimal data (no ORM, no Django).

`calculate_cart(lines, rules, loyalty=)` applies the rules to the cart and returns every line's discount,
free units (`gift`), applied rule ids and bonus limits. Rules are tried by priority (higher first, then id);
a rule applies when its conditions hold on the cart and it may be combined with the rules already applied
(a non-combinable rule only applies alone, and stops every later rule).

Money is exact: amounts are rounded to kopecks with ROUND_HALF_UP; a discount never exceeds what is left
of a line; a cart-level fixed discount is spread over the lines in proportion to what is left of them
(largest remainder, ties to the earlier line), so that for any cart:
    subtotal = price × quantity − discount ≥ 0,  total = Σ subtotals,  discount = Σ line discounts.
"""

from dataclasses import dataclass, field
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")
ONE = Decimal("1")
ZERO = Decimal("0")
HUNDRED = Decimal("100")

PERCENT, FIXED, N_FOR_M, GIFT, GIFT_CHOICE = "PERCENT", "FIXED", "N_FOR_M", "GIFT", "GIFT_CHOICE"
CART, PRODUCTS, COLLECTIONS = "CART", "PRODUCTS", "COLLECTIONS"


def money(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def whole_down(value: Decimal) -> Decimal:
    return value.quantize(ONE, rounding=ROUND_DOWN)


@dataclass(frozen=True)
class CartLine:
    variant_id: str
    price: Decimal
    quantity: Decimal
    product_key: object = None
    collection_keys: frozenset = frozenset()
    claimed_rule_ids: tuple = ()  # appliedDiscounts sent back by IMSHOP (a gift chosen earlier)

    @property
    def gross(self) -> Decimal:
        return money(self.price * self.quantity)


@dataclass(frozen=True)
class Gift:
    variant_id: str
    quantity: Decimal


@dataclass(frozen=True)
class Rule:
    id: str
    name: str
    kind: str
    scope: str = CART
    value: Decimal = ZERO
    product_keys: frozenset = frozenset()
    collection_keys: frozenset = frozenset()
    required_product_keys: frozenset = frozenset()
    min_total: Decimal | None = None
    min_quantity: Decimal | None = None
    buy_quantity: int = 0
    pay_quantity: int = 0
    gifts: tuple = ()  # of Gift
    priority: int = 0
    combinable: bool = True
    allow_bonus_spend: bool = False
    promo_code: str | None = None  # set when the rule came in through a promo code

    def matches(self, line: CartLine) -> bool:
        if self.scope == PRODUCTS:
            return line.product_key in self.product_keys
        if self.scope == COLLECTIONS:
            return bool(line.collection_keys & self.collection_keys)
        return True


@dataclass(frozen=True)
class Loyalty:
    balance: Decimal
    earn_percent: Decimal = ZERO
    spend_max_percent: Decimal = HUNDRED


@dataclass
class LineResult:
    line: CartLine
    discount: Decimal = ZERO
    gift: Decimal = ZERO
    applied: list = field(default_factory=list)
    can_spend: Decimal = ZERO

    @property
    def subtotal(self) -> Decimal:
        return self.line.gross - self.discount

    def add(self, rule: Rule, discount: Decimal, free_units: Decimal = ZERO) -> None:
        discount = min(max(discount, ZERO), self.subtotal)
        free_units = min(free_units, self.line.quantity - self.gift)
        if discount <= 0 and (free_units <= 0 or self.subtotal > 0):
            return  # nothing left to give on this line
        self.discount += discount
        self.gift += max(free_units, ZERO)
        if rule.id not in self.applied:
            self.applied.append(rule.id)


@dataclass
class CartResult:
    lines: list  # of LineResult, in the order of the cart
    rules: list  # of Rule applied, in the order they were applied
    applied_promocode: str | None
    bonuses_can_spend: Decimal
    will_earn: Decimal

    @property
    def total(self) -> Decimal:
        return sum((r.subtotal for r in self.lines), ZERO)

    @property
    def discount(self) -> Decimal:
        return sum((r.discount for r in self.lines), ZERO)


def calculate_cart(lines: list, rules: list, loyalty: Loyalty | None = None) -> CartResult:
    results = [LineResult(line=line) for line in lines]
    ordered = sorted(rules, key=lambda r: (-r.priority, r.id))
    claims = _gift_choice_claims(lines, ordered)
    claimed = set(claims.values())
    applied: list[Rule] = []
    for rule in ordered:
        if applied and not (rule.combinable and all(r.combinable for r in applied)):
            continue
        # A gift never qualifies the cart for itself: gift promotions need something else in scope.
        gift_ids = {g.variant_id for g in rule.gifts} if rule.kind in (GIFT, GIFT_CHOICE) else set()
        scope = [
            i
            for i, line in enumerate(lines)
            if i not in claimed and line.variant_id not in gift_ids and rule.matches(line)
        ]
        if not _conditions_hold(rule, lines, scope, claimed):
            continue
        _APPLY[rule.kind](rule, results, scope, claims.get(rule.id))
        applied.append(rule)
    promocode = next((r.promo_code for r in applied if r.promo_code), None)
    can_spend, will_earn = _bonuses(results, {r.id: r for r in applied}, loyalty)
    return CartResult(results, applied, promocode, can_spend, will_earn)


def _gift_choice_claims(lines, rules) -> dict:
    """rule id -> index of the cart line the buyer chose as that rule's gift (the first one that qualifies)."""
    claims: dict = {}
    taken: set = set()
    for rule in rules:
        if rule.kind != GIFT_CHOICE:
            continue
        options = {g.variant_id for g in rule.gifts}
        for i, line in enumerate(lines):
            if i not in taken and rule.id in line.claimed_rule_ids and line.variant_id in options:
                claims[rule.id] = i
                taken.add(i)
                break
    return claims


def _conditions_hold(rule: Rule, lines, scope: list, claimed: set) -> bool:
    if not scope:
        return False
    in_cart = {line.product_key for i, line in enumerate(lines) if i not in claimed}
    if not rule.required_product_keys <= in_cart:
        return False
    if rule.min_total is not None and sum((lines[i].gross for i in scope), ZERO) < rule.min_total:
        return False
    if rule.min_quantity is not None and sum((lines[i].quantity for i in scope), ZERO) < rule.min_quantity:
        return False
    if rule.kind == N_FOR_M and not (rule.buy_quantity > rule.pay_quantity >= 0 and rule.buy_quantity > 0):
        return False
    return True


def _apply_percent(rule, results, scope, _claim):
    for i in scope:
        results[i].add(rule, money(results[i].subtotal * rule.value / HUNDRED))


def _apply_fixed(rule, results, scope, _claim):
    if rule.scope != CART:
        for i in scope:  # a fixed discount on items is per unit
            results[i].add(rule, money(rule.value * results[i].line.quantity))
        return
    for i, amount in zip(scope, distribute(money(rule.value), [results[i].subtotal for i in scope]), strict=True):
        results[i].add(rule, amount)


def _apply_n_for_m(rule, results, scope, _claim):
    """Every N units of the scope, the N − M cheapest are free."""
    units = {i: whole_down(results[i].line.quantity) for i in scope}
    free = (sum(units.values(), ZERO) // rule.buy_quantity) * (rule.buy_quantity - rule.pay_quantity)
    for i in sorted(scope, key=lambda i: (results[i].line.price, i)):
        if free <= 0:
            break
        take = min(free, units[i])
        free -= take
        results[i].add(rule, money(results[i].line.price * take), take)


def _apply_gift(rule, results, _scope, _claim):
    for gift in rule.gifts:
        for result in results:
            if result.line.variant_id == gift.variant_id:
                take = min(gift.quantity, result.line.quantity)
                result.add(rule, money(result.line.price * take), take)
                break


def _apply_gift_choice(rule, results, _scope, claim):
    if claim is None:
        return
    result = results[claim]
    quantity = next(g.quantity for g in rule.gifts if g.variant_id == result.line.variant_id)
    take = min(quantity, result.line.quantity)
    result.add(rule, money(result.line.price * take), take)


_APPLY = {
    PERCENT: _apply_percent,
    FIXED: _apply_fixed,
    N_FOR_M: _apply_n_for_m,
    GIFT: _apply_gift,
    GIFT_CHOICE: _apply_gift_choice,
}


def distribute(amount: Decimal, weights: list) -> list:
    """Split `amount` (capped at Σ weights) over the weights, in kopecks, proportionally; the kopecks left by
    rounding down go to the largest remainders, ties to the earlier weight. Never gives a weight more than itself."""
    weight_k = [int(w / CENT) for w in weights]
    total_w = sum(weight_k)
    amount_k = min(int(amount / CENT), total_w)
    if total_w <= 0 or amount_k <= 0:
        return [ZERO for _ in weights]
    shares = [amount_k * w // total_w for w in weight_k]
    left = amount_k - sum(shares)
    order = sorted(range(len(weights)), key=lambda i: (-(amount_k * weight_k[i] % total_w), i))
    for i in order[:left]:
        shares[i] += 1
    return [Decimal(s) * CENT for s in shares]


def _bonuses(results, applied: dict, loyalty: Loyalty | None) -> tuple:
    """Bonuses pay for a line only if no promotion forbidding it discounted that line."""
    if loyalty is None:
        return ZERO, ZERO
    balance = whole_down(max(loyalty.balance, ZERO))
    for result in results:
        if any(not applied[rule_id].allow_bonus_spend for rule_id in result.applied):
            continue
        result.can_spend = min(balance, whole_down(result.subtotal * loyalty.spend_max_percent / HUNDRED))
    can_spend = min(balance, sum((r.can_spend for r in results), ZERO))
    total = sum((r.subtotal for r in results), ZERO)
    return can_spend, whole_down(total * loyalty.earn_percent / HUNDRED)
