from django.conf import settings
from django.core.management.base import BaseCommand

from integrations.wms.fake_server import FAULTS, FakeWmsServer


class Command(BaseCommand):
    help = "Run the fake WMS (docs/wms-protocol.md) on loopback, for development and manual testing."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8765)
        parser.add_argument("--token", default=None, help="Bearer token to demand (default: WMS_TOKEN)")
        parser.add_argument("--state-file", default=None, help="Keep the state in this JSON file")
        parser.add_argument("--mode", choices=("ok", *FAULTS), default="ok", help="Misbehave on every call")
        parser.add_argument("--delay", type=float, default=2.0, help="Seconds of delay in slow mode")
        parser.add_argument("--verbose", action="store_true")

    def handle(self, *args, **options):
        token = settings.WMS_TOKEN if options["token"] is None else options["token"]
        server = FakeWmsServer(options["host"], options["port"], token=token, state_file=options["state_file"])
        server.httpd.verbose = options["verbose"]
        server.state.control({"mode": options["mode"], "delay": options["delay"]})
        self.stdout.write(f"Fake WMS on {server.url} (mode {options['mode']}); control: POST {server.url}/_control")
        try:
            server.httpd.serve_forever()
        except KeyboardInterrupt:
            pass
        finally:
            server.httpd.server_close()
