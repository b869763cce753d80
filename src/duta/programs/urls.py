from django.urls import path

from duta.programs import views

app_name = "programs"

urlpatterns = [
    path("", views.program_list_view, name="program_list"),
    path("<slug:program_slug>/", views.program_detail_view, name="program_detail"),
    path("<slug:program_slug>/edit/", views.program_edit_view, name="program_edit"),
    path("<slug:program_slug>/rules.json", views.program_rules_export_view, name="program_rules_export"),
    path("<slug:program_slug>/evaluation/", views.program_evaluation_view, name="program_evaluation"),
    path("<slug:program_slug>/candidates/", views.candidate_list_view, name="candidate_list"),
    path("<slug:program_slug>/candidates/<int:candidate_pk>/", views.candidate_detail_view, name="candidate_detail"),
    path("<slug:program_slug>/nominate/", views.candidate_nominate_view, name="candidate_nominate"),
    path("<slug:program_slug>/apply/", views.program_apply_view, name="program_apply"),
    path("<slug:program_slug>/withdraw/", views.program_withdraw_view, name="program_withdraw"),
    path("<slug:program_slug>/cohort/", views.cohort_view, name="cohort"),
]
