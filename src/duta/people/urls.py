from django.urls import path

from duta.people import views

app_name = "people"

urlpatterns = [
    path("", views.employee_list_view, name="employee_list"),
    path("<int:employee_pk>/", views.employee_detail_view, name="employee_detail"),
    path("accounts/<int:account_pk>/verify/", views.account_verify_view, name="account_verify"),
    path("counts/<int:snapshot_pk>/review/", views.snapshot_review_view, name="snapshot_review"),
    path("counts/<int:snapshot_pk>/evidence/", views.evidence_view, name="evidence"),
    path("import/", views.roster_import_view, name="import"),
    path("import/<int:job_pk>/", views.roster_import_detail_view, name="import_detail"),
    path("import/<int:job_pk>/confirm/", views.roster_import_confirm_view, name="import_confirm"),
]
