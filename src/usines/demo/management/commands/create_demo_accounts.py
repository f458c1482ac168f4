from django.core.management.base import BaseCommand

from usines.demo.accounts import DEMO_PASSWORD, create_demo_accounts


class Command(BaseCommand):
    help = "Create one log-in per role with password 'demo' (only with USINES_DEMO=1)."

    def handle(self, *args, **options):
        for username, description in create_demo_accounts():
            self.stdout.write(f"  {username:14} / {DEMO_PASSWORD:6}  {description}")
