from django.urls import include, path

from duta.academy.views import learning, progress

app_name = "academy"

urlpatterns = [
    path("", learning.course_list_view, name="course_list"),
    path("courses/<slug:course_slug>/", learning.course_detail_view, name="course_detail"),
    path("courses/<slug:course_slug>/lessons/<int:lesson_pk>/", learning.lesson_view, name="lesson"),
    path("courses/<slug:course_slug>/lessons/<int:lesson_pk>/done/", learning.lesson_done_view, name="lesson_done"),
    path("courses/<slug:course_slug>/quiz/", learning.quiz_start_view, name="quiz_start"),
    path("courses/<slug:course_slug>/quiz/<int:number>/", learning.attempt_view, name="attempt"),
    path(
        "courses/<slug:course_slug>/quiz/<int:number>/questions/<int:question_pk>/",
        learning.attempt_answer_view,
        name="attempt_answer",
    ),
    path("progress/", progress.progress_units_view, name="progress_units"),
    path("progress/people/", progress.progress_people_view, name="progress_people"),
    path("progress/grant/", progress.attempt_grant_view, name="attempt_grant"),
    path("", include("duta.academy.urls_editor")),
    path("", include("duta.academy.urls_certificates")),
    path("mentoring/", include("duta.academy.urls_mentoring")),
]
