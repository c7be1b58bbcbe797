"""The admin's role groups: "Managers" and "Integrators" (the reviews app made "Moderators").

A person gets a role by being made staff (`is_staff`) and put in one group; superusers keep everything.
What each group may do is the table below and nothing else: users, groups and API tokens stay with the
superusers and the integrators respectively. tests/test_admin_groups.py holds each group to it.

Models added by later migrations are not in a group until a migration adds their permissions.
"""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.db import migrations

ALL = ("add", "change", "delete", "view")
VIEW = ("view",)

# group -> {(app_label, model or "*" for every model of the app): actions}
GROUPS = {
    # A shop manager edits the catalog, the stock and the promotions; sees reviews and pickup points.
    "Managers": {
        ("catalog", "*"): ALL,
        ("inventory", "*"): ALL,
        ("reviews", "review"): VIEW,
        ("imshop", "promotion"): ALL,
        ("imshop", "promocode"): ALL,
        ("imshop", "promocodeusage"): VIEW,
        ("imshop", "loyaltyaccount"): VIEW,
        ("imshop", "pickuppoint"): VIEW,
    },
    # An integrator runs the connections: API tokens, the WMS sync (state, outbox, call log, categories,
    # schedules), IMSHOP pickup points and Yandex Eats clients/places; sees warehouses and products.
    "Integrators": {
        ("api", "apitoken"): ALL,
        ("wms", "*"): ALL,
        ("imshop", "pickuppoint"): ALL,
        ("yandex_eats", "yandexclient"): ALL,
        ("yandex_eats", "yandexplace"): ALL,
        ("inventory", "warehouse"): VIEW,
        ("catalog", "product"): VIEW,
        ("catalog", "variant"): VIEW,
        ("django_celery_beat", "periodictask"): ("view", "change"),
        ("django_celery_beat", "intervalschedule"): VIEW,
        ("django_celery_beat", "crontabschedule"): VIEW,
    },
}


def permissions_of(Permission, rules: dict) -> list:
    found = []
    for (app_label, model), actions in rules.items():
        perms = Permission.objects.filter(content_type__app_label=app_label)
        if model != "*":
            perms = perms.filter(content_type__model=model)
        wanted = [p for p in perms if p.codename.split("_", 1)[0] in actions]
        if not wanted:
            raise LookupError(f"no {actions} permissions for {app_label}.{model}")
        found += wanted
    return found


def create_groups(apps, schema_editor):
    # Permissions are created after all migrations ran (post_migrate); on a fresh database they do not
    # exist yet, so create those of every app the groups name now.
    for app_label in {app for rules in GROUPS.values() for app, _ in rules}:
        create_permissions(global_apps.get_app_config(app_label), apps=apps, verbosity=0)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, rules in GROUPS.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.set(permissions_of(Permission, rules))


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=GROUPS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("api", "0002_english_verbose_names"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("catalog", "0006_english_verbose_names"),
        ("inventory", "0003_english_verbose_names"),
        ("reviews", "0003_english_verbose_names"),
        ("wms", "0004_english_verbose_names"),
        ("imshop", "0002_english_verbose_names"),
        ("yandex_eats", "0004_assortment_labels"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
