from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from duta.accounts.models import User, normalize_email
from duta.core.exceptions import ApplicationError
from duta.organizations.models import Organization
from duta.organizations.services import organization_create


class Command(BaseCommand):
    help = "Create an organization with its first admin (an existing account, e.g. from createsuperuser)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--name", required=True, help="Full name, e.g. 'Kementerian Contoh'.")
        parser.add_argument("--slug", required=True, help="Short name used in addresses, e.g. 'kemcontoh'.")
        parser.add_argument("--kind", default=Organization.Kind.OTHER, choices=Organization.Kind.values)
        parser.add_argument("--admin-email", required=True, help="E-mail of the account that becomes its first admin.")

    def handle(self, *args: Any, name: str, slug: str, kind: str, admin_email: str, **options: Any) -> None:
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
        self.stdout.write(
            self.style.SUCCESS(f"Created {organization.name} (/o/{organization.slug}/), admin {admin.email}.")
        )
