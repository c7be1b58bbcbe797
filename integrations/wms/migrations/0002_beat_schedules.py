"""Periodic WMS tasks as django-celery-beat rows, so that managers can edit or pause them in the admin."""

import json

from django.db import migrations

SCHEDULES = [
    # name, task, interval (every, period) or crontab (minute, hour)
    ("WMS: остатки из WMS", "integrations.wms.tasks.pull_stock_task", ("interval", 15, "minutes")),
    ("WMS: повтор неподтверждённых выгрузок (outbox)", "integrations.wms.tasks.requeue_outbox_task", ("interval", 5, "minutes")),
    ("WMS: категории склада (каждую ночь)", "integrations.wms.tasks.sync_categories_task", ("crontab", "30", "3")),
]


def create(apps, schema_editor):
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    for name, task, schedule in SCHEDULES:
        if PeriodicTask.objects.filter(name=name).exists():
            continue
        fields = {"name": name, "task": task, "args": json.dumps([]), "kwargs": json.dumps({})}
        if schedule[0] == "interval":
            fields["interval"], _ = IntervalSchedule.objects.get_or_create(every=schedule[1], period=schedule[2])
        else:
            fields["crontab"], _ = CrontabSchedule.objects.get_or_create(
                minute=schedule[1], hour=schedule[2], day_of_week="*", day_of_month="*", month_of_year="*",
                timezone="Europe/Moscow",
            )
        PeriodicTask.objects.create(**fields)


def remove(apps, schema_editor):
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTask.objects.filter(name__in=[s[0] for s in SCHEDULES]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("wms", "0001_initial"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(create, remove)]
