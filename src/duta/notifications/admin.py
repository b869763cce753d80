from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from duta.notifications.models import Delivery, Notification, NotificationPreference


class ReadOnlyAdmin(admin.ModelAdmin):
    """Read-only: the outbox changes through its services only."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class DeliveryInline(admin.TabularInline):
    model = Delivery
    extra = 0
    can_delete = False
    fields = ["channel", "status", "attempts", "next_attempt_at", "last_error", "sent_at"]
    readonly_fields = ["channel", "status", "attempts", "next_attempt_at", "last_error", "sent_at"]

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    list_display = ["subject", "kind", "priority", "recipient", "organization", "topic", "created_at", "opened_at"]
    list_filter = ["kind", "priority"]
    search_fields = ["topic", "key"]
    list_select_related = ["recipient", "organization"]
    readonly_fields = [field.name for field in Notification._meta.fields]
    inlines = [DeliveryInline]


@admin.register(Delivery)
class DeliveryAdmin(ReadOnlyAdmin):
    list_display = ["notification", "channel", "status", "attempts", "next_attempt_at", "last_error", "sent_at"]
    list_filter = ["channel", "status"]
    list_select_related = ["notification"]
    readonly_fields = [field.name for field in Delivery._meta.fields]


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(ReadOnlyAdmin):
    list_display = ["user", "kind", "channel", "enabled", "updated_at"]
    list_filter = ["kind", "channel", "enabled"]
    list_select_related = ["user"]
    readonly_fields = [field.name for field in NotificationPreference._meta.fields]
