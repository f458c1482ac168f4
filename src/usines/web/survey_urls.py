"""The survey links visitors and pupils open, under /enquete/ (namespace `surveys`):
the booking e-mails build theirs from the booking's token."""

from django.urls import path

from usines.web import survey_views

app_name = "surveys"

urlpatterns = [
    path("avant/<str:token>/", survey_views.before, name="before"),
    path("apres/<str:token>/", survey_views.after, name="after"),
    path("sortie/<str:token>/", survey_views.exit_survey, name="exit"),
    path("classe/<str:token>/", survey_views.class_survey, name="class"),
]
