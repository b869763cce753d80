from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from duta.screening.models import Screening, ScreeningTerm


@admin.register(Screening)
class ScreeningAdmin(admin.ModelAdmin):
    """Read-only: screenings change through the reviewer's pages, with their audit rows."""

    list_display = ["candidate", "status", "level", "decision", "created_at"]
    list_filter = ["status", "level", "decision"]
    readonly_fields = [field.name for field in Screening._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(ScreeningTerm)
class ScreeningTermAdmin(admin.ModelAdmin):
    """Read-only: terms change on the PR team's page, with their audit rows."""

    list_display = ["term", "kind", "election", "organization"]
    list_filter = ["kind"]
    readonly_fields = [field.name for field in ScreeningTerm._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
