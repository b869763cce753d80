from django.urls import path

from duta.academy.views import certificates

urlpatterns = [
    path("certificates/", certificates.certificate_list_view, name="certificate_list"),
    path("certificates/<str:code>.pdf", certificates.certificate_pdf_view, name="certificate_pdf"),
]
