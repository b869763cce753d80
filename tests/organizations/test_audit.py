from __future__ import annotations

import contextlib

import pytest
from django.db import IntegrityError, transaction

from duta.core.audit import audit_record
from duta.core.models import AppendOnlyError, AuditEvent
from duta.core.request_context import _client_ip


@pytest.fixture
def event(pr_admin, org, unit_humas):
    return audit_record(actor=pr_admin.user, organization=org, action="unit.rename", target=unit_humas)


class TestAuditRecord:
    def test_it_records_actor_organization_action_and_target(self, event, pr_admin, org, unit_humas):
        stored = AuditEvent.objects.get(pk=event.pk)
        assert stored.actor_id == pr_admin.user.pk
        assert stored.actor_label == "humas@contoh.test"
        assert stored.organization_id == org.pk
        assert stored.action == "unit.rename"
        assert (stored.target_type, stored.target_id, stored.target_label) == (
            "organizations.unit",
            str(unit_humas.pk),
            "Biro Humas",
        )

    def test_it_records_the_client_address_of_the_request(self, pr_admin, org):
        token = _client_ip.set("203.0.113.7")
        try:
            recorded = audit_record(actor=pr_admin.user, organization=org, action="test.ip")
        finally:
            _client_ip.reset(token)

        assert AuditEvent.objects.get(pk=recorded.pk).ip_address == "203.0.113.7"

    def test_it_leaves_the_actor_empty_for_the_system(self, db):
        recorded = audit_record(actor=None, action="system.task")
        assert (recorded.actor_id, recorded.actor_label, recorded.organization_id) == (None, "", None)


class TestAuditEventAppendOnly:
    def test_saving_an_existing_row_raises(self, event):
        event.action = "unit.delete"
        with pytest.raises(AppendOnlyError):
            event.save()
        assert AuditEvent.objects.get(pk=event.pk).action == "unit.rename"

    def test_saving_a_reloaded_row_with_update_fields_raises(self, event):
        reloaded = AuditEvent.objects.get(pk=event.pk)
        reloaded.actor_label = "someone@else.test"
        with pytest.raises(AppendOnlyError):
            reloaded.save(update_fields=["actor_label"])
        assert AuditEvent.objects.get(pk=event.pk).actor_label == "humas@contoh.test"

    def test_a_new_instance_cannot_overwrite_an_existing_row_by_its_pk(self, event, org):
        forged = AuditEvent(pk=event.pk, organization_id=org.pk, action="tampered", created_at=event.created_at)
        with contextlib.suppress(IntegrityError), transaction.atomic():
            forged.save()
        assert AuditEvent.objects.get(pk=event.pk).action == "unit.rename"

    def test_deleting_a_row_raises(self, event):
        with pytest.raises(AppendOnlyError):
            event.delete()
        assert AuditEvent.objects.filter(pk=event.pk).exists()

    def test_queryset_update_raises(self, event):
        with pytest.raises(AppendOnlyError):
            AuditEvent.objects.filter(pk=event.pk).update(action="tampered")
        with pytest.raises(AppendOnlyError):
            AuditEvent.objects.all().update(action="tampered")
        assert AuditEvent.objects.get(pk=event.pk).action == "unit.rename"

    def test_queryset_delete_raises(self, event):
        with pytest.raises(AppendOnlyError):
            AuditEvent.objects.filter(pk=event.pk).delete()
        with pytest.raises(AppendOnlyError):
            AuditEvent.objects.all().delete()
        assert AuditEvent.objects.filter(pk=event.pk).exists()

    def test_bulk_update_raises(self, event):
        event.action = "tampered"
        with pytest.raises(AppendOnlyError), transaction.atomic():  # bulk_update marks the outer atomic block
            AuditEvent.objects.bulk_update([event], ["action"])
        assert AuditEvent.objects.get(pk=event.pk).action == "unit.rename"

    def test_new_rows_can_still_be_added(self, event, org):
        audit_record(actor=None, organization=org, action="unit.create")
        assert AuditEvent.objects.filter(organization_id=org.pk).count() == 2
