"""Read-only views for superusers: every change goes through the application's pages and
services, which keep the unit paths right and write the audit log."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from duta.organizations.models import Invitation, Membership, Organization, Unit


class ReadOnlyAdmin(admin.ModelAdmin[Any]):
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Organization)
class OrganizationAdmin(ReadOnlyAdmin):
    list_display = ["name", "slug", "kind", "created_at"]
    search_fields = ["name", "slug"]


@admin.register(Unit)
class UnitAdmin(ReadOnlyAdmin):
    list_display = ["name", "organization", "depth", "path", "archived_at"]
    list_filter = ["organization"]
    search_fields = ["name"]


@admin.register(Membership)
class MembershipAdmin(ReadOnlyAdmin):
    list_display = ["user", "organization", "role", "unit", "is_active"]
    list_filter = ["organization", "role", "is_active"]
    search_fields = ["user__email", "user__full_name"]


@admin.register(Invitation)
class InvitationAdmin(ReadOnlyAdmin):
    list_display = ["email", "organization", "role", "expires_at", "accepted_at", "revoked_at"]
    list_filter = ["organization", "role"]
    search_fields = ["email"]
    exclude = ["token_hash"]
