"""Events of an organization's life that apps above organizations act on, without organizations importing them.

``organization_created`` is sent by ``services.organization_create`` inside its transaction, with the new
``organization`` and the ``actor``: a receiver that fails rolls the organization back with it, so nothing is
left half-made (the academy installs its built-in curriculum this way; see ADR 0010)."""

from __future__ import annotations

from django.dispatch import Signal

organization_created = Signal()
