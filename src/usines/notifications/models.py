"""The ledger of e-mails that must go out once."""

from django.db import models


class SentEmail(models.Model):
    """One row per e-mail sent under a once-key ("booking_confirmed:42"): a task run
    twice (a worker restarted mid-task, a retry) finds the row and sends nothing."""

    key = models.CharField(max_length=120, unique=True)
    sent_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.key
