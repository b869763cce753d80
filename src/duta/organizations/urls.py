from django.urls import path

from duta.organizations import views

app_name = "organizations"

urlpatterns = [
    path("", views.home_view, name="home"),
    path("invite/<str:token>/", views.invitation_accept_view, name="invitation_accept"),
    path("o/<slug:org_slug>/", views.organization_home_view, name="organization_home"),
    path("o/<slug:org_slug>/units/", views.unit_list_view, name="unit_list"),
    path("o/<slug:org_slug>/units/<int:unit_id>/", views.unit_detail_view, name="unit_detail"),
    path("o/<slug:org_slug>/members/", views.member_list_view, name="member_list"),
    path("o/<slug:org_slug>/members/<int:membership_id>/", views.member_detail_view, name="member_detail"),
    path("o/<slug:org_slug>/invitations/", views.invitation_list_view, name="invitation_list"),
    path(
        "o/<slug:org_slug>/invitations/<int:invitation_id>/<str:action>/",
        views.invitation_action_view,
        name="invitation_action",
    ),
    path("o/<slug:org_slug>/audit/", views.audit_log_view, name="audit_log"),
]
