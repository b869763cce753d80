from django.urls import path

from duta.organizations import api

urlpatterns = [
    path("o/<slug:org_slug>/units/", api.UnitListApi.as_view(), name="unit_list"),
    path("o/<slug:org_slug>/members/", api.MemberListApi.as_view(), name="member_list"),
]
