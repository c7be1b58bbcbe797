from django.core.management.base import BaseCommand, CommandError

from config.kernel.errors import DomainError

from ...services import create_client


class Command(BaseCommand):
    help = "Create Yandex Eats API credentials and print client_id and client_secret (the secret only once)."

    def add_arguments(self, parser):
        parser.add_argument("name", help="What the client is for, e.g. 'yandex-eats-prod'")

    def handle(self, *args, name, **options):
        try:
            client, secret = create_client(name=name)
        except DomainError as exc:
            raise CommandError(exc.message) from None
        self.stdout.write(f"client_id={client.client_id}")
        self.stdout.write(f"client_secret={secret}")
