from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from config.api.models import ApiToken


class Command(BaseCommand):
    help = "Create a token for the private API and print it (last line). Only its hash is stored."

    def add_arguments(self, parser):
        parser.add_argument("name", help="What the token is for, e.g. 'erp-sync'")
        parser.add_argument("--user", help="Username recorded as userLogin in product history")

    def handle(self, *args, name, user=None, **options):
        owner = None
        if user:
            owner = get_user_model().objects.filter(username=user).first()
            if owner is None:
                raise CommandError(f"No user named {user!r}")
        token, raw = ApiToken.issue(name=name, user=owner)
        self.stdout.write(f"Created API token {token.name!r}. Send it as 'Authorization: Bearer <token>':")
        self.stdout.write(raw)
