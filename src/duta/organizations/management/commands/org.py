from __future__ import annotations

import json
from argparse import ArgumentParser
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from duta.accounts.models import User, normalize_email
from duta.core.exceptions import ApplicationError
from duta.organizations.models import Organization
from duta.organizations.services import organization_create


class Command(BaseCommand):
    help = "Manage organizations: `duta org create --slug SLUG --name NAME [--kind KIND] [--admin-email E-MAIL]`."

    def add_arguments(self, parser: ArgumentParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        create = actions.add_parser("create", help="Create an organization (a tenant).")
        create.add_argument("--slug", required=True, help="Short name used in addresses, e.g. 'kemcontoh'.")
        create.add_argument("--name", required=True, help="Full name, e.g. 'Kementerian Contoh'.")
        create.add_argument("--kind", default=Organization.Kind.OTHER, choices=Organization.Kind.values)
        create.add_argument(
            "--admin-email",
            default=None,
            help="E-mail of an existing account (e.g. from createsuperuser) to make its admin.",
        )
        create.add_argument("--json", action="store_true", help="Print the result as one JSON document.")

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        if action == "create":
            self.create(**options)

    def create(self, *, slug: str, name: str, kind: str, admin_email: str | None, json: bool, **options: Any) -> None:
        admin = None
        if admin_email:
            admin = User.objects.filter(email=normalize_email(admin_email)).first()
            if admin is None:
                raise CommandError(
                    f"No account with the e-mail {admin_email}; create it first with `duta createsuperuser`."
                )
        try:
            organization = organization_create(actor=None, name=name, slug=slug, kind=kind, admin=admin)
        except ApplicationError as error:
            raise CommandError(error.message) from error
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from error
        if json:
            document = {
                "slug": organization.slug,
                "name": organization.name,
                "kind": organization.kind,
                "admin": admin.email if admin else None,
            }
            self.stdout.write(_dumps(document))
        else:
            suffix = f", admin {admin.email}" if admin else ""
            self.stdout.write(self.style.SUCCESS(f"Created {organization.name} (/o/{organization.slug}/){suffix}."))


def _dumps(document: object) -> str:
    return json.dumps(document, ensure_ascii=False, indent=2)
