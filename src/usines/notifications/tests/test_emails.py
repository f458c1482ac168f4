import pytest
from django.core import mail
from django.utils.translation import gettext

from usines.bookings.services import Contact, book_visit, cancel_booking, change_party_size
from usines.bookings.tasks import send_booking_cancelled, send_booking_confirmed
from usines.notifications.emails import send_email
from usines.notifications.models import SentEmail


def test_the_text_part_is_plain_text_and_the_html_part_is_escaped():
    send_email(
        "notice",
        "hote@example.org",
        "fr",
        {
            "subject": "Visite de l'atelier <B>",
            "paragraphs": ["Rendez-vous à l'accueil & au parking <b>nord</b>."],
        },
    )

    message = mail.outbox[0]
    assert message.subject == "Visite de l'atelier <B>"
    assert "Rendez-vous à l'accueil & au parking <b>nord</b>." in message.body
    html = message.alternatives[0][0]
    assert "l&#x27;accueil &amp; au parking &lt;b&gt;nord&lt;/b&gt;" in html


def test_the_context_is_built_in_the_recipients_language():
    def context() -> dict:
        return {"subject": gettext("Confirm your e-mail address")}

    send_email("notice", "a@example.org", "en", context)
    send_email("notice", "b@example.org", "fr", context)

    assert [message.subject for message in mail.outbox] == [
        "Confirm your e-mail address",
        "Confirmez votre adresse e-mail",
    ]


def test_an_email_with_a_once_key_goes_out_once_however_often_its_task_runs(db):
    def context() -> dict:
        return {"subject": "Billet", "paragraphs": ["Votre visite."]}

    sent = [send_email("notice", "a@example.org", "fr", context, once="ticket:7") for _ in "ab"]

    assert sent == [True, False]
    assert len(mail.outbox) == 1


def test_a_send_that_fails_leaves_the_key_free_for_the_next_run(db, monkeypatch):
    def refused(self, *args, **kwargs):
        raise ConnectionRefusedError("the mail server is down")

    with monkeypatch.context() as patched:
        patched.setattr("django.core.mail.EmailMultiAlternatives.send", refused)
        with pytest.raises(ConnectionRefusedError):
            send_email("notice", "a@example.org", "fr", {"subject": "x"}, once="ticket:8")

    assert send_email("notice", "a@example.org", "fr", {"subject": "x"}, once="ticket:8")
    assert SentEmail.objects.filter(key="ticket:8").count() == 1
    assert len(mail.outbox) == 1


def test_the_booking_confirmation_task_run_twice_sends_one_ticket(slot):
    booking = book_visit(slot.pk, 2, Contact("Ana", "ana@example.org", "74300")).booking

    send_booking_confirmed.call(booking.token)
    send_booking_confirmed.call(booking.token)

    assert [m.to for m in mail.outbox] == [["ana@example.org"]]


def test_each_change_of_places_is_e_mailed_and_each_cancellation_once(slot, deliver_emails):
    booking = book_visit(slot.pk, 2, Contact("Ana", "ana@example.org", "74300")).booking
    with deliver_emails.capture():
        change_party_size(booking.token, 3)
        change_party_size(booking.token, 1)
        cancel_booking(booking.token)
    outbox = deliver_emails()
    send_booking_cancelled.call(booking.pk)  # a task run again after a worker's crash

    subjects = [m.subject for m in outbox]
    assert len([s for s in subjects if "a changé" in s]) == 2
    assert len([s for s in subjects if "est annulée" in s]) == 1
