"""Programs, the candidate pipeline, consent and cohorts, through their services."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from datetime import date

import pytest
from django.utils import translation

from duta.core.exceptions import ApplicationError
from duta.core.models import AuditEvent
from duta.organizations.models import Membership, Organization, Unit
from duta.people.models import Employee, FollowerSnapshot, SocialAccount
from duta.people.services import AccountDeclaration
from duta.programs.models import Candidate, CohortSelection, Consent, Program, Stage, StageChange
from duta.programs.services import (
    candidate_apply,
    candidate_move,
    candidate_nominate,
    cohort_compute,
    cohort_confirm,
    cohort_propose,
    consent_withdraw,
    program_candidates_evaluate,
    program_create,
)
from tests.factories import CandidateFactory, EmployeeFactory, ProgramFactory, SocialAccountFactory, UnitFactory

KOMINFO_RULES = {"min_followers": {"instagram": 500}, "birth_year": {"min": 1981}, "require_code_of_conduct": True}


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    with translation.override("en"):
        yield


@pytest.fixture
def program(org: Organization) -> Program:
    return ProgramFactory(organization=org, slug="duta-digital", name="Duta Digital", rules=KOMINFO_RULES)


@pytest.fixture
def own_employee(org: Organization, unit_media: Unit, ambassador: Membership) -> Employee:
    """The ambassador's own roster entry, not yet linked to their account."""
    return EmployeeFactory(
        organization=org, unit=unit_media, email=ambassador.user.email, name="Putri Duta", birth_date=date(1996, 4, 2)
    )


def person(org: Organization, unit: Unit | None, *, instagram: int | None, born: int = 1990, **fields) -> Employee:
    employee = EmployeeFactory(organization=org, unit=unit, birth_date=date(born, 1, 15), **fields)
    if instagram is not None:
        SocialAccountFactory(employee=employee, platform="instagram", followers=instagram)
    return employee


def apply(member: Membership, program: Program, employee: Employee, **options) -> Candidate:
    values = {"consent_given": True, "code_of_conduct": True, **options}
    return candidate_apply(member=member, program=program, employee=employee, **values)


@pytest.mark.django_db
class TestProgramCreate:
    def test_it_stores_canonical_rules_with_an_audit_row(self, org: Organization) -> None:
        program = program_create(
            organization=org,
            actor=None,
            slug="duta-kominfo",
            name="  Duta   Kominfo ",
            rules={"min_followers": {"Twitter": 300, "instagram": 500}, "cohort_size": 20},
        )

        assert (program.slug, program.name) == ("duta-kominfo", "Duta Kominfo")
        assert program.rules["min_followers"] == {"instagram": 500, "x": 300}
        assert program.rules["cohort_size"] == 20
        assert program.rules["max_per_unit"] is None
        assert AuditEvent.objects.get(action="program.create").changes == {"rules": program.rules}

    @pytest.mark.parametrize("slug", ["Duta Digital", "-duta", "duta_digital", "", "a" * 51])
    def test_it_refuses_a_bad_short_name(self, org: Organization, slug: str) -> None:
        with pytest.raises(ApplicationError) as refused:
            program_create(organization=org, actor=None, slug=slug, name="Duta", rules={})

        assert refused.value.field == "slug"
        assert not Program.objects.exists()

    def test_it_refuses_a_short_name_taken_in_the_same_organization_only(
        self, org: Organization, outsider_admin: Membership
    ) -> None:
        program_create(organization=org, actor=None, slug="duta", name="Duta", rules={})

        with pytest.raises(ApplicationError, match="already exists"):
            program_create(organization=org, actor=None, slug="duta", name="Duta Lagi", rules={})
        program_create(organization=outsider_admin.organization, actor=None, slug="duta", name="Duta", rules={})

        assert Program.objects.filter(slug="duta").count() == 2

    def test_it_lists_every_problem_of_bad_rules(self, org: Organization) -> None:
        rules = {
            "min_followers": {"myspace": 100, "instagram": -1},
            "birth_year": {"min": 198},
            "cohort_size": 0,
            "colour": "merah",
        }

        with pytest.raises(ApplicationError) as refused:
            program_create(organization=org, actor=None, slug="duta", name="Duta", rules=rules)

        error = refused.value
        assert (error.code, error.field) == ("bad_rules", "rules")
        for part in ('"colour"', "min_followers.myspace", "min_followers.instagram", "birth_year.min", "cohort_size"):
            assert part in error.message
        assert not Program.objects.exists()
        assert not AuditEvent.objects.exists()


@pytest.mark.django_db
class TestCandidateApply:
    def test_an_employee_applies_with_consent_and_accounts(
        self, ambassador: Membership, program: Program, own_employee: Employee
    ) -> None:
        candidate = apply(
            ambassador,
            program,
            own_employee,
            accounts=[AccountDeclaration("instagram", "@Putri.Duta", followers=820)],
        )

        assert (candidate.stage, candidate.source) == (Stage.APPLIED, Candidate.Source.APPLIED)
        own_employee.refresh_from_db()
        assert own_employee.user == ambassador.user
        assert own_employee.code_of_conduct_accepted_at is not None
        consent = Consent.objects.get()
        assert (consent.program, consent.employee, consent.given_by) == (program, own_employee, ambassador.user)
        assert consent.withdrawn_at is None
        assert consent.language == "en"
        assert "Duta Digital" in consent.text
        assert "Kementerian Contoh" in consent.text
        assert SocialAccount.objects.get(employee=own_employee).followers == 820
        change = StageChange.objects.get(candidate=candidate)
        assert (change.from_stage, change.to_stage, change.actor) == ("", Stage.APPLIED, ambassador.user)
        actions = set(AuditEvent.objects.values_list("action", flat=True))
        assert {"consent.give", "candidate.move", "account.declare", "followers.record"} <= actions

    def test_consent_is_required(self, ambassador: Membership, program: Program, own_employee: Employee) -> None:
        with pytest.raises(ApplicationError) as refused:
            apply(ambassador, program, own_employee, consent_given=False)

        assert refused.value.field == "consent"
        assert not Candidate.objects.exists()
        assert not Consent.objects.exists()

    def test_the_code_of_conduct_is_required_when_the_rules_say_so(
        self, ambassador: Membership, program: Program, own_employee: Employee, org: Organization
    ) -> None:
        with pytest.raises(ApplicationError) as refused:
            apply(ambassador, program, own_employee, code_of_conduct=False)
        assert refused.value.field == "code_of_conduct"
        assert not Candidate.objects.exists()

        relaxed = ProgramFactory(organization=org, rules={"min_followers": {"instagram": 500}})
        candidate = apply(ambassador, relaxed, own_employee, code_of_conduct=False)
        assert candidate.stage == Stage.APPLIED
        own_employee.refresh_from_db()
        assert own_employee.code_of_conduct_accepted_at is None

    def test_it_is_all_or_nothing_when_an_account_is_bad(
        self, ambassador: Membership, program: Program, own_employee: Employee
    ) -> None:
        with pytest.raises(ApplicationError, match="not an X username") as refused:
            apply(
                ambassador,
                program,
                own_employee,
                accounts=[
                    AccountDeclaration("instagram", "@putri.duta", followers=820),
                    AccountDeclaration("x", "@nama-dengan-strip-yang-terlalu-panjang"),
                ],
            )

        assert refused.value.field == "x"
        assert not Candidate.objects.exists()
        assert not Consent.objects.exists()
        assert not SocialAccount.objects.exists()
        assert not FollowerSnapshot.objects.exists()
        assert not StageChange.objects.exists()
        assert not AuditEvent.objects.exists()
        own_employee.refresh_from_db()
        assert own_employee.user is None
        assert own_employee.code_of_conduct_accepted_at is None

    def test_it_refuses_someone_elses_record_another_organization_and_a_closed_program(
        self,
        ambassador: Membership,
        other_unit_member: Membership,
        outsider_admin: Membership,
        program: Program,
        own_employee: Employee,
    ) -> None:
        apply(ambassador, program, own_employee)  # now linked to the ambassador
        for member in (other_unit_member, outsider_admin):
            with pytest.raises(ApplicationError) as denied:
                apply(member, program, own_employee)
            assert denied.value.code == "forbidden"

        unlinked = EmployeeFactory(organization=program.organization)
        with pytest.raises(ApplicationError) as denied:
            apply(outsider_admin, program, unlinked)  # a member of another organization claiming a record
        assert denied.value.code == "forbidden"
        unlinked.refresh_from_db()
        assert unlinked.user is None

        program.open_for_applications = False
        program.save()
        with pytest.raises(ApplicationError, match="does not take applications"):
            apply(other_unit_member, program, EmployeeFactory(organization=program.organization))

    def test_applying_twice_is_refused_but_a_nominated_employee_gives_consent(
        self, ambassador: Membership, pr_admin: Membership, program: Program, own_employee: Employee
    ) -> None:
        nominated = candidate_nominate(member=pr_admin, program=program, employee=own_employee, reason="Aktif di IG")

        candidate = apply(ambassador, program, own_employee)

        assert candidate.pk == nominated.pk
        assert candidate.stage == Stage.NOMINATED
        assert Consent.objects.filter(employee=own_employee).count() == 1
        with pytest.raises(ApplicationError, match="already applied"):
            apply(ambassador, program, own_employee)
        assert Consent.objects.filter(employee=own_employee).count() == 1


@pytest.mark.django_db
class TestCandidateNominate:
    def test_a_coordinator_nominates_within_their_units(
        self, coordinator: Membership, program: Program, unit_media: Unit
    ) -> None:
        employee = EmployeeFactory(organization=program.organization, unit=unit_media)

        candidate = candidate_nominate(member=coordinator, program=program, employee=employee, reason="  Aktif  ")

        assert (candidate.stage, candidate.source, candidate.nominated_by) == (
            Stage.NOMINATED,
            Candidate.Source.NOMINATED,
            coordinator.user,
        )
        assert candidate.stage_reason == "Aktif"
        assert StageChange.objects.get(candidate=candidate).to_stage == Stage.NOMINATED

    def test_others_are_refused(
        self,
        coordinator: Membership,
        ambassador: Membership,
        viewer: Membership,
        outsider_admin: Membership,
        program: Program,
        unit_ditjen: Unit,
        unit_media: Unit,
    ) -> None:
        far = EmployeeFactory(organization=program.organization, unit=unit_ditjen)
        near = EmployeeFactory(organization=program.organization, unit=unit_media)
        no_unit = EmployeeFactory(organization=program.organization, unit=None)
        attempts = [
            (coordinator, far),
            (coordinator, no_unit),
            (ambassador, near),
            (viewer, near),
            (outsider_admin, near),
        ]
        for member, employee in attempts:
            with pytest.raises(ApplicationError) as denied:
                candidate_nominate(member=member, program=program, employee=employee, reason="")
            assert denied.value.code == "forbidden"
        assert not Candidate.objects.exists()

    def test_an_admin_nominates_anyone_once(self, pr_admin: Membership, program: Program, unit_ditjen: Unit) -> None:
        employee = EmployeeFactory(organization=program.organization, unit=unit_ditjen)

        candidate = candidate_nominate(member=pr_admin, program=program, employee=employee, reason="")

        assert candidate.stage_reason == "Nominated."
        with pytest.raises(ApplicationError, match="already a candidate"):
            candidate_nominate(member=pr_admin, program=program, employee=employee, reason="lagi")


@pytest.mark.django_db
class TestCandidateMove:
    def test_an_allowed_move_is_recorded_with_its_reason(self, pr_admin: Membership, program: Program) -> None:
        candidate = CandidateFactory(program=program, stage=Stage.ELIGIBLE)

        candidate_move(member=pr_admin, candidate=candidate, to_stage=Stage.SCREENING, reason=" Lolos seleksi awal ")

        candidate.refresh_from_db()
        assert (candidate.stage, candidate.stage_reason) == (Stage.SCREENING, "Lolos seleksi awal")
        change = StageChange.objects.get(candidate=candidate)
        assert (change.from_stage, change.to_stage, change.reason, change.actor) == (
            Stage.ELIGIBLE,
            Stage.SCREENING,
            "Lolos seleksi awal",
            pr_admin.user,
        )
        event = AuditEvent.objects.get(action="candidate.move")
        assert event.changes == {"stage": ["eligible", "screening"], "reason": "Lolos seleksi awal"}

    @pytest.mark.parametrize(
        ("from_stage", "to_stage"),
        [
            (Stage.APPLIED, Stage.ACTIVE),
            (Stage.ELIGIBLE, Stage.TRAINING),
            (Stage.REJECTED, Stage.ELIGIBLE),
            (Stage.ALUMNI, Stage.ACTIVE),
            (Stage.ELIGIBLE, Stage.WITHDRAWN),  # only the employee withdraws consent
            (Stage.WITHDRAWN, Stage.APPLIED),  # only the employee applies again, with a new consent
        ],
    )
    def test_other_moves_are_refused(
        self, pr_admin: Membership, program: Program, from_stage: str, to_stage: str
    ) -> None:
        candidate = CandidateFactory(program=program, stage=from_stage)

        with pytest.raises(ApplicationError) as refused:
            candidate_move(member=pr_admin, candidate=candidate, to_stage=to_stage, reason="alasan")

        assert refused.value.code == "bad_move"
        candidate.refresh_from_db()
        assert candidate.stage == from_stage
        assert not StageChange.objects.exists()
        assert not AuditEvent.objects.exists()

    def test_a_reason_and_a_known_stage_are_required(self, pr_admin: Membership, program: Program) -> None:
        candidate = CandidateFactory(program=program, stage=Stage.APPLIED)

        with pytest.raises(ApplicationError) as no_reason:
            candidate_move(member=pr_admin, candidate=candidate, to_stage=Stage.ELIGIBLE, reason="   ")
        with pytest.raises(ApplicationError) as no_stage:
            candidate_move(member=pr_admin, candidate=candidate, to_stage="famous", reason="alasan")

        assert (no_reason.value.field, no_stage.value.field) == ("reason", "stage")
        assert not StageChange.objects.exists()

    def test_coordinators_move_their_units_only(
        self,
        coordinator: Membership,
        ambassador: Membership,
        outsider_admin: Membership,
        program: Program,
        unit_media: Unit,
        unit_ditjen: Unit,
    ) -> None:
        near = CandidateFactory(program=program, stage=Stage.APPLIED, employee__unit=unit_media)
        far = CandidateFactory(program=program, stage=Stage.APPLIED, employee__unit=unit_ditjen)

        candidate_move(member=coordinator, candidate=near, to_stage=Stage.REJECTED, reason="Akun tidak aktif")

        for member, candidate in ((coordinator, far), (ambassador, far), (outsider_admin, far)):
            with pytest.raises(ApplicationError) as denied:
                candidate_move(member=member, candidate=candidate, to_stage=Stage.REJECTED, reason="x")
            assert denied.value.code == "forbidden"
        far.refresh_from_db()
        assert far.stage == Stage.APPLIED


@pytest.mark.django_db
class TestConsentWithdraw:
    def test_the_data_is_erased_only_when_no_program_holds_consent_any_more(
        self,
        ambassador: Membership,
        program: Program,
        own_employee: Employee,
        org: Organization,
        django_capture_on_commit_callbacks,
    ) -> None:
        second = ProgramFactory(organization=org, slug="duta-krisis")
        apply(ambassador, program, own_employee, accounts=[AccountDeclaration("instagram", "@putri", followers=900)])
        apply(ambassador, second, own_employee)

        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            candidate = consent_withdraw(member=ambassador, program=program, employee=own_employee)

        assert candidate is not None
        assert candidate.stage == Stage.WITHDRAWN
        assert candidate.stage_reason == "Consent withdrawn."
        assert callbacks == []  # the other program still needs the accounts
        assert SocialAccount.objects.filter(employee=own_employee).exists()
        assert Consent.objects.get(program=program).withdrawn_at is not None
        assert Consent.objects.get(program=second).withdrawn_at is None

        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            consent_withdraw(member=ambassador, program=second, employee=own_employee)

        assert callbacks  # the erasure, run by the worker (inline in tests)
        assert not SocialAccount.objects.filter(employee=own_employee).exists()
        assert not FollowerSnapshot.objects.filter(account__employee=own_employee).exists()
        assert AuditEvent.objects.filter(action="employee.social_data_erase").count() == 1
        assert AuditEvent.objects.filter(action="consent.withdraw").count() == 2
        assert Candidate.objects.get(program=second).stage == Stage.WITHDRAWN

    def test_a_rejected_candidate_can_still_withdraw(
        self,
        ambassador: Membership,
        pr_admin: Membership,
        program: Program,
        own_employee: Employee,
        django_capture_on_commit_callbacks,
    ) -> None:
        candidate = apply(ambassador, program, own_employee, accounts=[AccountDeclaration("x", "@putri")])
        candidate_move(member=pr_admin, candidate=candidate, to_stage=Stage.REJECTED, reason="Akun privat")

        with django_capture_on_commit_callbacks(execute=True):
            consent_withdraw(member=ambassador, program=program, employee=own_employee)

        candidate.refresh_from_db()
        assert candidate.stage == Stage.REJECTED
        assert Consent.objects.get().withdrawn_at is not None
        assert not SocialAccount.objects.filter(employee=own_employee).exists()

    def test_only_the_employee_withdraws_and_only_a_consent_given(
        self,
        ambassador: Membership,
        pr_admin: Membership,
        program: Program,
        own_employee: Employee,
        org: Organization,
        django_capture_on_commit_callbacks,
    ) -> None:
        apply(ambassador, program, own_employee)

        with pytest.raises(ApplicationError) as denied:
            consent_withdraw(member=pr_admin, program=program, employee=own_employee)

        assert denied.value.code == "forbidden"
        assert Consent.objects.get().withdrawn_at is None
        with django_capture_on_commit_callbacks(execute=True):
            consent_withdraw(member=ambassador, program=program, employee=own_employee)
        with pytest.raises(ApplicationError, match="no consent to withdraw"):
            consent_withdraw(member=ambassador, program=program, employee=own_employee)
        with pytest.raises(ApplicationError, match="no consent to withdraw"):
            consent_withdraw(member=ambassador, program=ProgramFactory(organization=org), employee=own_employee)

    def test_applying_again_after_withdrawing_needs_a_new_consent(
        self, ambassador: Membership, program: Program, own_employee: Employee, django_capture_on_commit_callbacks
    ) -> None:
        apply(ambassador, program, own_employee)
        with django_capture_on_commit_callbacks(execute=True):
            consent_withdraw(member=ambassador, program=program, employee=own_employee)

        candidate = apply(ambassador, program, own_employee)

        assert candidate.stage == Stage.APPLIED
        assert Consent.objects.filter(withdrawn_at__isnull=True).count() == 1
        assert list(
            StageChange.objects.filter(candidate=candidate).order_by("pk").values_list("to_stage", flat=True)
        ) == [
            Stage.APPLIED,
            Stage.WITHDRAWN,
            Stage.APPLIED,
        ]


@pytest.mark.django_db
class TestProgramCandidatesEvaluate:
    def test_it_moves_candidates_with_the_failed_rules_in_words(
        self, pr_admin: Membership, program: Program, org: Organization, unit_media: Unit
    ) -> None:
        good = person(org, unit_media, instagram=820, born=1992, code_of_conduct_accepted_at="2025-01-02T03:04:05Z")
        weak = person(org, unit_media, instagram=430, born=1975)
        later = person(org, unit_media, instagram=5000)
        first = CandidateFactory(program=program, employee=good, stage=Stage.APPLIED)
        second = CandidateFactory(program=program, employee=weak, stage=Stage.NOMINATED)
        screening = CandidateFactory(program=program, employee=later, stage=Stage.SCREENING)

        assert program_candidates_evaluate(member=pr_admin, program=program) == (1, 1)

        first.refresh_from_db()
        second.refresh_from_db()
        screening.refresh_from_db()
        assert (first.stage, first.stage_reason) == (Stage.ELIGIBLE, "Meets every rule of the program.")
        assert second.stage == Stage.NOT_ELIGIBLE
        assert second.stage_reason == (
            "Instagram followers 430 < 500; Birth year 1975 < 1981; Social media code of conduct not accepted yet"
        )
        assert screening.stage == Stage.SCREENING  # past this step: untouched
        assert StageChange.objects.count() == 2

        SocialAccount.objects.filter(employee=weak).update(followers=650)
        Employee.objects.filter(pk=weak.pk).update(
            birth_date=date(1990, 1, 1), code_of_conduct_accepted_at="2025-01-02T03:04:05Z"
        )
        assert program_candidates_evaluate(member=pr_admin, program=program) == (2, 0)
        second.refresh_from_db()
        assert second.stage == Stage.ELIGIBLE
        assert StageChange.objects.count() == 3  # nobody else moved again

    def test_an_eligible_candidate_in_mode_any_gets_no_failed_reason(
        self, pr_admin: Membership, org: Organization, unit_media: Unit
    ) -> None:
        program = ProgramFactory(
            organization=org, rules={"min_followers": {"instagram": 500, "tiktok": 1000}, "followers_mode": "any"}
        )
        candidate = CandidateFactory(program=program, employee=person(org, unit_media, instagram=820))

        program_candidates_evaluate(member=pr_admin, program=program)

        candidate.refresh_from_db()
        assert (candidate.stage, candidate.stage_reason) == (Stage.ELIGIBLE, "Meets every rule of the program.")

    def test_only_admins_of_the_organization_evaluate(
        self, coordinator: Membership, outsider_admin: Membership, program: Program
    ) -> None:
        CandidateFactory(program=program)
        for member in (coordinator, outsider_admin):
            with pytest.raises(ApplicationError):
                program_candidates_evaluate(member=member, program=program)
        assert not StageChange.objects.exists()


@pytest.mark.django_db
class TestCohort:
    """Digitroops-style: 20 ambassadors chosen from 60 eligible employees across 15 units, at most 2 a unit."""

    RULES = {"min_followers": {"instagram": 500}, "cohort_size": 20, "max_per_unit": 2}

    @pytest.fixture
    def cohort_program(self, org: Organization) -> Program:
        return ProgramFactory(organization=org, slug="digitroops", name="Digitroops", rules=self.RULES)

    @pytest.fixture
    def roster(self, org: Organization, unit_setjen: Unit, cohort_program: Program) -> list[Employee]:
        eligible: list[Employee] = []
        for index in range(15):
            unit = UnitFactory(parent=unit_setjen, name=f"Biro {index + 1:02d}")
            for member in range(4):
                eligible.append(person(org, unit, instagram=int(600 * 1.08 ** (index * 4 + member))))
        for index in range(5):
            person(org, unit_setjen, instagram=100 + index)  # not eligible
        person(org, None, instagram=None)  # no account at all
        # a star who was rejected earlier is not chosen again
        rejected = person(org, unit_setjen, instagram=900_000)
        CandidateFactory(program=cohort_program, employee=rejected, stage=Stage.REJECTED)
        return eligible

    def test_it_chooses_twenty_spread_over_the_units_and_confirms_them_once(
        self, pr_admin: Membership, cohort_program: Program, roster: list[Employee]
    ) -> None:
        applied = CandidateFactory(program=cohort_program, employee=roster[-1], stage=Stage.APPLIED)
        eligible = CandidateFactory(program=cohort_program, employee=roster[-5], stage=Stage.ELIGIBLE)

        decisions = cohort_compute(program=cohort_program)

        assert len(decisions) == 60
        chosen = [d for d in decisions if d.chosen]
        assert len(chosen) == 20
        per_unit = Counter(d.unit for d in chosen)
        assert max(per_unit.values()) == 2
        assert len(per_unit) == 10
        assert all(d.unit.startswith("Sekretariat Jenderal / Biro ") for d in chosen)
        assert [d.score for d in chosen] == sorted((d.score for d in chosen), reverse=True)
        assert {applied.employee.employee_id, eligible.employee.employee_id} <= {d.employee_id for d in chosen}
        refused = next(d for d in decisions if not d.chosen and "(maximum 2)" in d.reason_en)
        assert refused.reason_id.startswith("Tidak terpilih: unit Sekretariat Jenderal / Biro")

        selection = cohort_propose(member=pr_admin, program=cohort_program)

        assert selection.size == 20
        assert len(selection.decisions) == 60
        assert [d["employee_id"] for d in selection.decisions if d["chosen"]] == [d.employee_id for d in chosen]
        assert AuditEvent.objects.get(action="cohort.propose").changes["chosen"] == [d.employee_id for d in chosen]
        assert not StageChange.objects.exists()  # a proposal moves nobody

        assert cohort_confirm(member=pr_admin, selection=selection) == 20

        screening = Candidate.objects.filter(program=cohort_program, stage=Stage.SCREENING)
        assert sorted(screening.values_list("employee__employee_id", flat=True)) == sorted(
            d.employee_id for d in chosen
        )
        assert screening.filter(source=Candidate.Source.SELECTED).count() == 18
        new = screening.filter(source=Candidate.Source.SELECTED).first()
        assert new is not None
        assert list(new.history.order_by("pk").values_list("from_stage", "to_stage")) == [
            ("", Stage.ELIGIBLE),
            (Stage.ELIGIBLE, Stage.SCREENING),
        ]
        assert new.stage_reason.startswith("Chosen: score ")
        applied.refresh_from_db()
        assert applied.stage == Stage.SCREENING  # chosen before anyone evaluated the application
        assert StageChange.objects.filter(to_stage=Stage.SCREENING).count() == 20
        selection.refresh_from_db()
        assert selection.confirmed_at is not None
        assert AuditEvent.objects.get(action="cohort.confirm").changes == {"moved": 20}

        with pytest.raises(ApplicationError, match="already been confirmed"):
            cohort_confirm(member=pr_admin, selection=selection)
        assert StageChange.objects.filter(to_stage=Stage.SCREENING).count() == 20

    def test_a_smaller_size_and_who_may_propose(
        self,
        pr_admin: Membership,
        coordinator: Membership,
        outsider_admin: Membership,
        cohort_program: Program,
        roster: list[Employee],
    ) -> None:
        assert sum(d.chosen for d in cohort_compute(program=cohort_program, size=5)) == 5
        with pytest.raises(ApplicationError, match="at least 1"):
            cohort_compute(program=cohort_program, size=0)
        for member in (coordinator, outsider_admin):
            with pytest.raises(ApplicationError):
                cohort_propose(member=member, program=cohort_program)
        selection = cohort_propose(member=pr_admin, program=cohort_program, size=5)
        for member in (coordinator, outsider_admin):
            with pytest.raises(ApplicationError):
                cohort_confirm(member=member, selection=selection)
        assert not CohortSelection.objects.filter(confirmed_at__isnull=False).exists()
        assert not Candidate.objects.filter(stage=Stage.SCREENING).exists()
