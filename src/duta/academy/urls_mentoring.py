"""Mentoring, included at ``mentoring/`` inside the "academy" namespace."""

from django.urls import path

from duta.academy.views import mentoring

urlpatterns = [
    path("", mentoring.mentoring_list_view, name="mentoring_list"),
    path("new/", mentoring.mentoring_create_view, name="mentoring_create"),
    path("<int:pk>/", mentoring.mentoring_detail_view, name="mentoring_detail"),
    path("<int:pk>/end/", mentoring.mentoring_end_view, name="mentoring_end"),
    path("<int:pk>/sessions/new/", mentoring.mentoring_session_create_view, name="mentoring_session_create"),
    path(
        "<int:pk>/sessions/<int:session_pk>/edit/",
        mentoring.mentoring_session_edit_view,
        name="mentoring_session_edit",
    ),
    path(
        "<int:pk>/follow-ups/<int:follow_up_pk>/done/",
        mentoring.mentoring_follow_up_done_view,
        name="mentoring_follow_up_done",
    ),
    path(
        "<int:pk>/follow-ups/<int:follow_up_pk>/reopen/",
        mentoring.mentoring_follow_up_reopen_view,
        name="mentoring_follow_up_reopen",
    ),
]
