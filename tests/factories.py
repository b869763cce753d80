from __future__ import annotations

from typing import Any

import factory
from django.utils import timezone

from duta.accounts.models import User
from duta.organizations.models import Invitation, Membership, Organization, Role, Unit

PASSWORD = "correct-horse-battery"


class UserFactory(factory.django.DjangoModelFactory[User]):
    class Meta:
        model = User
        django_get_or_create = ("email",)
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.test")
    full_name = factory.Faker("name", locale="id_ID")
    password = factory.django.Password(PASSWORD)


class OrganizationFactory(factory.django.DjangoModelFactory[Organization]):
    class Meta:
        model = Organization

    name = factory.Sequence(lambda n: f"Kementerian Contoh {n}")
    slug = factory.Sequence(lambda n: f"org-{n}")
    kind = Organization.Kind.MINISTRY


class UnitFactory(factory.django.DjangoModelFactory[Unit]):
    """Builds a unit with a correct materialized path (as ``unit_create`` would)."""

    class Meta:
        model = Unit

    organization = factory.SubFactory(OrganizationFactory)
    parent = None
    name = factory.Sequence(lambda n: f"Unit {n}")
    path = "/"

    @classmethod
    def _create(cls, model_class: type[Unit], *args: Any, **kwargs: Any) -> Unit:
        parent = kwargs.get("parent")
        if parent is not None:
            kwargs["organization"] = parent.organization
            kwargs["depth"] = parent.depth + 1
        unit = model_class.objects.create(*args, **kwargs)
        unit.path = f"{parent.path if parent else '/'}{unit.pk}/"
        unit.save(update_fields=["path"])
        return unit


class MembershipFactory(factory.django.DjangoModelFactory[Membership]):
    class Meta:
        model = Membership
        skip_postgeneration_save = True

    user = factory.SubFactory(UserFactory)
    organization = factory.SubFactory(OrganizationFactory)
    role = Role.AMBASSADOR
    unit = None

    @factory.post_generation
    def coordinated_units(self, create: bool, extracted: list[Unit] | None, **kwargs: Any) -> None:
        if create and extracted:
            self.coordinated_units.set(extracted)


class InvitationFactory(factory.django.DjangoModelFactory[Invitation]):
    class Meta:
        model = Invitation

    organization = factory.SubFactory(OrganizationFactory)
    email = factory.Sequence(lambda n: f"invitee{n}@example.test")
    role = Role.AMBASSADOR
    token_hash = factory.Sequence(lambda n: f"{n:064x}")
    invited_by = factory.SubFactory(UserFactory)
    expires_at = factory.LazyFunction(lambda: timezone.now() + timezone.timedelta(days=7))


class EmployeeFactory(factory.django.DjangoModelFactory["Employee"]):
    class Meta:
        model = "people.Employee"

    organization = factory.SubFactory(OrganizationFactory)
    employee_id = factory.Sequence(lambda n: f"19900517{n:010d}")
    name = factory.Faker("name", locale="id_ID")
    email = factory.Sequence(lambda n: f"pegawai{n}@example.test")
    unit = None


class SocialAccountFactory(factory.django.DjangoModelFactory["SocialAccount"]):
    class Meta:
        model = "people.SocialAccount"

    employee = factory.SubFactory(EmployeeFactory)
    platform = "instagram"
    handle = factory.Sequence(lambda n: f"pegawai{n}")
    profile_url = factory.LazyAttribute(lambda account: f"https://www.instagram.com/{account.handle}/")


class FollowerSnapshotFactory(factory.django.DjangoModelFactory["FollowerSnapshot"]):
    """A point of history only: the account's latest counts are the services' business."""

    class Meta:
        model = "people.FollowerSnapshot"

    account = factory.SubFactory(SocialAccountFactory)
    count = 1200
    source = "declared"
    recorded_at = factory.LazyFunction(timezone.now)
    flags = factory.LazyFunction(list)


class ProgramFactory(factory.django.DjangoModelFactory["Program"]):
    """A program with rules already in canonical form (as ``program_create`` stores them)."""

    class Meta:
        model = "programs.Program"

    organization = factory.SubFactory(OrganizationFactory)
    slug = factory.Sequence(lambda n: f"program-{n}")
    name = factory.Sequence(lambda n: f"Duta Digital {n}")
    description = "Duta media sosial internal."
    rules = factory.LazyFunction(dict)
    open_for_applications = True

    @classmethod
    def _create(cls, model_class: Any, *args: Any, **kwargs: Any) -> Any:
        from duta.programs.rules import parse_rules, rules_to_json

        kwargs["rules"] = rules_to_json(parse_rules(kwargs.get("rules") or {}))
        return super()._create(model_class, *args, **kwargs)


class CandidateFactory(factory.django.DjangoModelFactory["Candidate"]):
    """A candidate put straight at a stage (no history): use the services to test moves."""

    class Meta:
        model = "programs.Candidate"

    program = factory.SubFactory(ProgramFactory)
    employee = factory.SubFactory(EmployeeFactory, organization=factory.SelfAttribute("..program.organization"))
    stage = "applied"
    source = "applied"
    stage_changed_at = factory.LazyFunction(timezone.now)
