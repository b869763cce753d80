from django.urls import path

from duta.academy.views import certificates

app_name = "verify"

urlpatterns = [
    path("", certificates.verify_form_view, name="form"),
    path("<str:code>/", certificates.verify_certificate_view, name="certificate"),
]
