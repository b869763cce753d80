"""The course editor (the PR team), under ``manage/``, and a lesson's files (every member who may read the
course). Included into the "academy" namespace."""

from django.urls import path

from duta.academy.views.editor import courses, outline, quiz

COURSE = "manage/<slug:course_slug>/"

urlpatterns = [
    path("manage/", courses.course_list_view, name="editor_course_list"),
    path("manage/install/", courses.curriculum_install_view, name="editor_curriculum_install"),
    path("manage/new/", courses.course_create_view, name="editor_course_create"),
    path(COURSE, courses.course_view, name="editor_course"),
    path(f"{COURSE}delete/", courses.course_delete_view, name="editor_course_delete"),
    path(f"{COURSE}files/<int:file_pk>", courses.lesson_file_view, name="lesson_file"),
    # modules
    path(f"{COURSE}modules/new/", outline.module_create_view, name="editor_module_create"),
    path(f"{COURSE}modules/<int:module_pk>/", outline.module_edit_view, name="editor_module_edit"),
    path(f"{COURSE}modules/<int:module_pk>/delete/", outline.module_delete_view, name="editor_module_delete"),
    path(f"{COURSE}modules/<int:module_pk>/move/", outline.module_move_view, name="editor_module_move"),
    # lessons and their files
    path(f"{COURSE}modules/<int:module_pk>/lessons/new/", outline.lesson_create_view, name="editor_lesson_create"),
    path(f"{COURSE}lessons/<int:lesson_pk>/", outline.lesson_edit_view, name="editor_lesson_edit"),
    path(f"{COURSE}lessons/<int:lesson_pk>/delete/", outline.lesson_delete_view, name="editor_lesson_delete"),
    path(f"{COURSE}lessons/<int:lesson_pk>/move/", outline.lesson_move_view, name="editor_lesson_move"),
    path(f"{COURSE}lessons/<int:lesson_pk>/preview/", outline.lesson_preview_view, name="editor_lesson_preview"),
    path(f"{COURSE}preview/", outline.lesson_preview_view, name="editor_preview"),
    path(f"{COURSE}lessons/<int:lesson_pk>/files/", outline.lesson_file_add_view, name="editor_file_add"),
    path(f"{COURSE}files/<int:file_pk>/delete/", outline.lesson_file_delete_view, name="editor_file_delete"),
    # the quiz
    path(f"{COURSE}questions/new/", quiz.question_create_view, name="editor_question_create"),
    path(f"{COURSE}questions/<int:question_pk>/", quiz.question_edit_view, name="editor_question_edit"),
    path(f"{COURSE}questions/<int:question_pk>/delete/", quiz.question_delete_view, name="editor_question_delete"),
    path(f"{COURSE}questions/<int:question_pk>/move/", quiz.question_move_view, name="editor_question_move"),
]
