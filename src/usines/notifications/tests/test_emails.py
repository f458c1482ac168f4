from django.core import mail
from django.utils.translation import gettext

from usines.notifications.emails import send_email


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
