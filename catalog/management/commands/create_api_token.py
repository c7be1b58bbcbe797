from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from config.api.models import ApiToken, ApiTokenRole


class Command(BaseCommand):
    help = "Create a token for the private API and print it (last line). Only its hash is stored."

    def add_arguments(self, parser):
        parser.add_argument("name", help="What the token is for, e.g. 'erp-sync'")
        parser.add_argument(
            "--user",
            help="The token's user: its login is recorded in product history and, without --role, the token "
            "may do what the user may do",
        )
        parser.add_argument(
            "--role",
            choices=[role for role in ApiTokenRole.values if role],
            help="What the token may do: 'full' (every API operation; the default without --user) or the "
            "permissions of the admin group Managers, Integrators or Moderators",
        )

    def handle(self, *args, name, user=None, role=None, **options):
        owner = None
        if user:
            owner = get_user_model().objects.filter(username=user).first()
            if owner is None:
                raise CommandError(f"No user named {user!r}")
        token, raw = ApiToken.issue(name=name, user=owner, role=role)
        rights = token.get_role_display() if token.role else f"the permissions of user {owner.get_username()!r}"
        self.stdout.write(f"Created API token {token.name!r} ({rights}). Send it as 'Authorization: Bearer <token>':")
        self.stdout.write(raw)
