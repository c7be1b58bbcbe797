"""Validators of the JSON fields, shared by the models (so the admin checks them) and the services."""

import re
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError

TIME_RE = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")


def _number(value) -> Decimal | None:
    if isinstance(value, bool) or not isinstance(value, int | float | str | Decimal):
        return None
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def validate_gifts(value) -> None:
    """[{"id": "<variant id>", "quantity": <number > 0>}, ...]"""
    if not isinstance(value, list):
        raise ValidationError('Ожидается список подарков [{"id": "...", "quantity": 1}]')
    for gift in value:
        if not isinstance(gift, dict) or not isinstance(gift.get("id"), str) or not gift["id"]:
            raise ValidationError("У каждого подарка нужен строковый id варианта")
        quantity = _number(gift.get("quantity"))
        if quantity is None or quantity <= 0:
            raise ValidationError(f"Количество подарка {gift['id']} должно быть положительным числом")


def validate_work_days(value) -> None:
    if not isinstance(value, list) or any(isinstance(d, bool) or d not in range(1, 8) for d in value):
        raise ValidationError("Дни работы: список чисел от 1 (понедельник) до 7 (воскресенье)")


def validate_time_slots(value) -> None:
    """[{"from": "10:00", "to": "14:00", "price": 100}, ...] (price optional)"""
    if not isinstance(value, list):
        raise ValidationError('Ожидается список интервалов [{"from": "10:00", "to": "14:00"}]')
    for slot in value:
        if not isinstance(slot, dict):
            raise ValidationError('Интервал должен быть объектом {"from", "to", "price"}')
        start, end = slot.get("from"), slot.get("to")
        if not (isinstance(start, str) and isinstance(end, str) and TIME_RE.match(start) and TIME_RE.match(end)):
            raise ValidationError("Время интервала в формате ЧЧ:ММ")
        if start >= end:
            raise ValidationError("Начало интервала должно быть раньше конца")
        if slot.get("price") is not None and (_number(slot["price"]) is None or _number(slot["price"]) < 0):
            raise ValidationError("Цена интервала должна быть неотрицательным числом")


def validate_images(value) -> None:
    if not isinstance(value, list) or not all(isinstance(url, str) and url for url in value):
        raise ValidationError("Ожидается список URL изображений")
