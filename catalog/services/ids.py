"""Public ids of catalog rows: the client's rule and the generated ones."""

from config.kernel.errors import ValidationFailed

from ..models import IdCounter
from ..models.common import PUBLIC_ID_MAX_LENGTH, PUBLIC_ID_RE


def validate_public_id(value: str, kind: str) -> str:
    if not PUBLIC_ID_RE.match(value or "") or len(value) > PUBLIC_ID_MAX_LENGTH:
        raise ValidationFailed(
            f'Заданный ID {kind} "{value}" не соответствует требованиям: ID должен содержать только цифры, '
            "латиницу, тире, подчеркивание, #, или точку "
        )
    return value


def free_ids(name: str, model, count: int, *, taken=frozenset()) -> list[str]:
    """`count` new public ids from the counter, skipping ids someone already chose by hand (in the
    database, or in `taken`: ids a batch is about to insert)."""
    ids: list[str] = []
    while len(ids) < count:
        candidates = IdCounter.allocate(name, count - len(ids))
        used = set(model.objects.filter(public_id__in=candidates).values_list("public_id", flat=True))
        ids += [c for c in candidates if c not in used and c not in taken]
    return ids
