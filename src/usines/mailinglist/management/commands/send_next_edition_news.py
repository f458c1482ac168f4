"""Queue one issue of the next edition's news to every confirmed subscriber, each
e-mail with its one-click unsubscribe link and headers. Running it again with the
same --issue sends nothing twice."""

from django.core.management.base import BaseCommand

from usines.mailinglist.services import send_news_issue


class Command(BaseCommand):
    help = "E-mail one issue of the next edition's news to the confirmed subscribers."

    def add_arguments(self, parser):
        parser.add_argument("--issue", required=True, help="a name for this issue, e.g. 2027-dates")
        parser.add_argument("--subject", required=True)
        parser.add_argument(
            "--paragraph", action="append", required=True, help="one paragraph; repeat for more"
        )

    def handle(self, *args, issue: str, subject: str, paragraph: list[str], **options):
        queued = send_news_issue(issue, subject, paragraph)
        self.stdout.write(f"{queued} e-mail(s) queued")
