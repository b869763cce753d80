from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response

from duta.core.exceptions import ApplicationError
from duta.organizations import selectors, services
from duta.organizations.models import Membership, Unit


class UnitSerializer(serializers.ModelSerializer[Unit]):
    member_count = serializers.IntegerField(read_only=True, default=0)
    archived = serializers.SerializerMethodField()

    class Meta:
        model = Unit
        fields = ["id", "name", "parent", "depth", "archived", "member_count"]
        read_only_fields = fields

    def get_archived(self, unit: Unit) -> bool:
        return unit.is_archived


class UnitCreateSerializer(serializers.Serializer[Any]):
    name = serializers.CharField(max_length=200)
    parent = serializers.IntegerField(required=False, allow_null=True)  # type: ignore[assignment]  # "parent" shadows Field.parent in the stubs


class MemberSerializer(serializers.ModelSerializer[Membership]):
    email = serializers.EmailField(source="user.email")
    full_name = serializers.CharField(source="user.full_name")

    class Meta:
        model = Membership
        fields = ["id", "email", "full_name", "role", "unit", "is_active"]
        read_only_fields = fields


def member_for_request(request: Request, org_slug: str) -> Membership:
    """The caller's membership in ``org_slug`` (404 for non-members), resolved once per request."""
    member: Membership | None = getattr(request, "_duta_member", None)
    if member is None or member.organization.slug != org_slug:
        member = selectors.membership_get_for_user(user=request.user, organization_slug=org_slug)  # type: ignore[arg-type]
        request._duta_member = member  # type: ignore[attr-defined]
    return member


class UnitListApi(generics.ListAPIView[Unit]):
    """The units of the organization that the caller may see; POST adds one."""

    serializer_class = UnitSerializer

    def get_queryset(self) -> Any:
        return selectors.unit_list_for_member(member=member_for_request(self.request, self.kwargs["org_slug"]))

    @extend_schema(request=UnitCreateSerializer, responses={201: UnitSerializer})
    def post(self, request: Request, org_slug: str) -> Response:
        member = member_for_request(request, org_slug)
        payload = UnitCreateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        parent = None
        if payload.validated_data.get("parent") is not None:
            parent = selectors.unit_get_for_member(member=member, unit_id=payload.validated_data["parent"])
        try:
            unit = services.unit_create(member=member, name=payload.validated_data["name"], parent=parent)
        except ApplicationError as error:
            if error.code == "forbidden":  # a role that may not do this: 403 like the pages, not 400
                raise PermissionDenied(error.message) from error
            raise
        return Response(UnitSerializer(unit).data, status=status.HTTP_201_CREATED)


class MemberListApi(generics.ListAPIView[Membership]):
    """The members the caller may see (admins: everyone; coordinators: their subtrees)."""

    serializer_class = MemberSerializer

    def get_queryset(self) -> Any:
        member = member_for_request(self.request, self.kwargs["org_slug"])
        role = self.request.query_params.get("role") or None
        query = self.request.query_params.get("q") or None
        return selectors.member_list_for_member(member=member, role=role, query=query)
