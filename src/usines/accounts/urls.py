from django.contrib.auth import views as auth_views
from django.urls import path

from usines.accounts import views

app_name = "accounts"

urlpatterns = [
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("inscription/", views.sign_up, name="sign_up"),
    path("confirmer/<str:token>/", views.confirm, name="confirm"),
]
