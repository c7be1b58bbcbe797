"""The database cache table: without REDIS_URL the cache (throttle counters) lives there, shared by every
process. `createcachetable` does nothing when the table exists or the cache is not a database cache."""

from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("api", "0004_token_role")]

    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop)]
