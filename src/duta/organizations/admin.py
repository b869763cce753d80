from __future__ import annotations

from django.contrib import admin

from duta.organizations.models import Invitation, Membership, Organization, Unit


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin[Organization]):
    list_display = ["name", "slug", "kind", "created_at"]
    search_fields = ["name", "slug"]


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin[Unit]):
    list_display = ["name", "organization", "depth", "path", "archived_at"]
    list_filter = ["organization"]
    search_fields = ["name"]
    readonly_fields = ["path", "depth"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin[Membership]):
    list_display = ["user", "organization", "role", "unit", "is_active"]
    list_filter = ["organization", "role", "is_active"]
    search_fields = ["user__email", "user__full_name"]
    raw_id_fields = ["user", "unit"]
    filter_horizontal = ["coordinated_units"]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin[Invitation]):
    list_display = ["email", "organization", "role", "expires_at", "accepted_at", "revoked_at"]
    list_filter = ["organization", "role"]
    search_fields = ["email"]
    exclude = ["token_hash"]
    raw_id_fields = ["unit", "invited_by", "accepted_by"]
