"""The ledger of e-mails sent once keeps, in some keys, who an e-mail went to (a
returning host's address); its rows are needed only while a task may run again."""

from datetime import datetime

from usines.notifications.models import SentEmail


def delete_sent_before(moment: datetime) -> int:
    """Delete the ledger's rows of e-mails sent before `moment`; returns how many."""
    return SentEmail.objects.filter(sent_at__lt=moment).delete()[0]
