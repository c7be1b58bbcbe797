from django.db import models, transaction
from django.db.models import F
from django.utils.translation import gettext_lazy as _

# A client-supplied id may contain only digits, Latin letters, "-", "_", "#" and "." (the rule lives in the kernel).
from config.kernel.public_ids import PUBLIC_ID_MAX_LENGTH, PUBLIC_ID_RE  # noqa: F401 - re-exported


class IdCounter(models.Model):
    """Generated decimal ids ("1000", "1001", ...) per kind of object, handed out in blocks."""

    name = models.CharField(_("name"), max_length=50, unique=True)
    next_value = models.BigIntegerField(_("next value"), default=1000)

    class Meta:
        verbose_name = _("ID counter")
        verbose_name_plural = _("ID counters")

    def __str__(self):
        return f"{self.name}: {self.next_value}"

    @classmethod
    def allocate(cls, name: str, count: int = 1) -> list[str]:
        """Reserve `count` consecutive ids; concurrent callers never get the same one (row lock + F())."""
        with transaction.atomic():
            cls.objects.get_or_create(name=name)
            counter = cls.objects.select_for_update().get(name=name)
            start = counter.next_value
            cls.objects.filter(pk=counter.pk).update(next_value=F("next_value") + count)
        return [str(start + i) for i in range(count)]


class TimestampedModel(models.Model):
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True, db_index=True)

    class Meta:
        abstract = True


def public_id_field(**kwargs):
    return models.CharField(
        _("ID"), max_length=PUBLIC_ID_MAX_LENGTH, unique=True, help_text=_("Identifier used by the API"), **kwargs
    )
