from django.urls import path

from duta.screening import views

app_name = "screening"

urlpatterns = [
    path("", views.screening_list_view, name="list"),
    path("<int:screening_pk>/", views.screening_detail_view, name="detail"),
    path("<int:screening_pk>/consent/", views.consent_record_view, name="consent"),
    path("<int:screening_pk>/upload/", views.upload_view, name="upload"),
    path("<int:screening_pk>/decide/", views.decide_view, name="decide"),
    path("<int:screening_pk>/erase/", views.erase_view, name="erase"),
    path("<int:screening_pk>/mine/", views.mine_view, name="mine"),
    path("candidates/<int:candidate_pk>/", views.candidate_screening_view, name="candidate"),
    path("posts/<int:post_pk>/dismiss/", views.flag_dismiss_view, name="flag_dismiss"),
    path("posts/<int:post_pk>/restore/", views.flag_restore_view, name="flag_restore"),
    path("posts/<int:post_pk>/keep/", views.excerpt_keep_view, name="excerpt_keep"),
    path("terms/", views.term_list_view, name="terms"),
    path("terms/<int:term_pk>/delete/", views.term_delete_view, name="term_delete"),
]
