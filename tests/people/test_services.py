"""Follower counts, their verification and review, declared accounts with screenshots, erasure; and the
pure growth rules behind the review flags."""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone, translation
from PIL import Image, PngImagePlugin

from duta.core.exceptions import ApplicationError
from duta.core.models import AuditEvent
from duta.organizations.models import Membership, Organization, Unit
from duta.people.models import CountSource, Employee, FollowerSnapshot, SocialAccount
from duta.people.rules import Point, flag_text, growth_flags
from duta.people.services import (
    AccountDeclaration,
    employee_accounts_declare,
    employee_social_data_erase,
    follower_count_record,
    follower_count_verify,
    snapshot_review_mark,
)
from tests.factories import EmployeeFactory, SocialAccountFactory, UserFactory


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    with translation.override("en"):
        yield


@pytest.fixture
def employee(org: Organization, unit_media: Unit) -> Employee:
    """An employee of Bagian Media, inside the coordinator's subtree."""
    return EmployeeFactory(organization=org, unit=unit_media, name="Putri Duta", employee_id="199601012020122001")


@pytest.fixture
def far_employee(org: Organization, unit_ditjen: Unit) -> Employee:
    """An employee outside the coordinator's subtree."""
    return EmployeeFactory(organization=org, unit=unit_ditjen, name="Sari Lain", employee_id="199202022018012002")


@pytest.fixture
def account(employee: Employee) -> SocialAccount:
    return SocialAccountFactory(employee=employee, platform="instagram", handle="putri.duta")


def png_with_metadata() -> bytes:
    """A screenshot as phones save it: with a text chunk and EXIF that say more than the pixels."""
    image = Image.new("RGB", (60, 40), (200, 30, 30))
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", "lokasi rumah -6.2088,106.8456")
    exif = Image.Exif()
    exif[0x010F] = "RahasiaCam"  # Make
    exif[0x0131] = "EditorRahasia"  # Software
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", pnginfo=info, exif=exif.tobytes())
    return buffer.getvalue()


def screenshot(data: bytes | None = None, name: str = "layar.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, png_with_metadata() if data is None else data, content_type="image/png")


@pytest.mark.django_db
class TestFollowerCountRecord:
    def test_it_adds_a_point_and_keeps_the_latest_count_on_the_account(
        self, account: SocialAccount, pr_admin: Membership
    ) -> None:
        snapshot = follower_count_record(
            account=account, count=1500, source=CountSource.DECLARED, actor=pr_admin.user, following=300, posts=120
        )

        account.refresh_from_db()
        assert (account.followers, account.followers_source) == (1500, CountSource.DECLARED)
        assert account.followers_at == snapshot.recorded_at
        assert (account.verified_followers, account.verified_at) == (None, None)
        assert (snapshot.count, snapshot.following, snapshot.posts, snapshot.flags) == (1500, 300, 120, [])
        assert snapshot.recorded_by == pr_admin.user
        event = AuditEvent.objects.get(action="followers.record")
        assert event.changes == {"count": 1500, "source": "declared", "flags": []}
        assert event.target_id == str(account.pk)

    def test_only_verified_and_api_counts_become_the_verified_count(self, account: SocialAccount) -> None:
        follower_count_record(account=account, count=1100, source=CountSource.VERIFIED, actor=None)
        follower_count_record(account=account, count=1200, source=CountSource.DECLARED, actor=None)
        follower_count_record(account=account, count=1250, source=CountSource.EVIDENCE, actor=None)
        follower_count_record(account=account, count=1240, source=CountSource.IMPORTED, actor=None)

        account.refresh_from_db()
        assert (account.followers, account.followers_source, account.verified_followers) == (1240, "imported", 1100)

        follower_count_record(account=account, count=1300, source=CountSource.API, actor=None)

        account.refresh_from_db()
        assert (account.followers, account.verified_followers) == (1300, 1300)
        assert account.snapshots.count() == 5

    def test_a_point_added_to_the_past_does_not_replace_the_latest_count(self, account: SocialAccount) -> None:
        follower_count_record(account=account, count=2000, source=CountSource.VERIFIED, actor=None)
        long_ago = timezone.now() - timedelta(days=200)

        follower_count_record(account=account, count=900, source=CountSource.VERIFIED, actor=None, at=long_ago)

        account.refresh_from_db()
        assert (account.followers, account.verified_followers) == (2000, 2000)
        assert sorted(account.snapshots.values_list("count", flat=True)) == [900, 2000]

    def test_it_refuses_a_negative_count_and_an_unknown_source(self, account: SocialAccount) -> None:
        with pytest.raises(ApplicationError, match="cannot be negative") as negative:
            follower_count_record(account=account, count=-5, source=CountSource.DECLARED, actor=None)
        assert negative.value.field == "count"
        with pytest.raises(ApplicationError, match="Unknown source"):
            follower_count_record(account=account, count=5, source="rumor", actor=None)

        account.refresh_from_db()
        assert account.followers is None
        assert not FollowerSnapshot.objects.exists()
        assert not AuditEvent.objects.filter(action="followers.record").exists()

    def test_it_flags_many_followers_with_almost_no_posts(self, account: SocialAccount) -> None:
        snapshot = follower_count_record(account=account, count=8000, source=CountSource.DECLARED, actor=None, posts=3)

        assert snapshot.flags == [{"code": "few_posts", "followers": 8000, "posts": 3}]
        assert AuditEvent.objects.get(action="followers.record").changes["flags"] == ["few_posts"]


@pytest.mark.django_db
class TestFollowerCountVerify:
    def test_an_admin_verifies_anywhere_in_the_organization(self, pr_admin: Membership, far_employee: Employee) -> None:
        account = SocialAccountFactory(employee=far_employee, platform="tiktok", handle="sari.lain")

        snapshot = follower_count_verify(member=pr_admin, account=account, count=2500)

        account.refresh_from_db()
        assert (snapshot.source, snapshot.recorded_by) == (CountSource.VERIFIED, pr_admin.user)
        assert (account.followers, account.verified_followers) == (2500, 2500)

    def test_a_coordinator_verifies_within_their_subtree_only(
        self, coordinator: Membership, account: SocialAccount, far_employee: Employee, org: Organization
    ) -> None:
        follower_count_verify(member=coordinator, account=account, count=1800)
        account.refresh_from_db()
        assert account.verified_followers == 1800

        far = SocialAccountFactory(employee=far_employee, platform="instagram", handle="sari.lain")
        no_unit = SocialAccountFactory(employee=EmployeeFactory(organization=org, unit=None), platform="x")
        for other in (far, no_unit):
            with pytest.raises(ApplicationError) as denied:
                follower_count_verify(member=coordinator, account=other, count=1800)
            assert denied.value.code == "forbidden"
        assert not FollowerSnapshot.objects.filter(account__in=[far, no_unit]).exists()

    def test_ambassadors_and_other_organizations_are_refused(
        self, ambassador: Membership, outsider_admin: Membership, account: SocialAccount
    ) -> None:
        for member in (ambassador, outsider_admin):
            with pytest.raises(ApplicationError) as denied:
                follower_count_verify(member=member, account=account, count=1000)
            assert denied.value.code == "forbidden"
        account.refresh_from_db()
        assert account.verified_followers is None
        assert not account.snapshots.exists()


@pytest.mark.django_db
class TestSnapshotReviewMark:
    def test_a_coordinator_marks_a_flagged_count_as_reviewed_once(
        self, coordinator: Membership, account: SocialAccount
    ) -> None:
        snapshot = follower_count_record(account=account, count=9000, source=CountSource.DECLARED, actor=None, posts=2)
        assert snapshot.flags

        snapshot_review_mark(member=coordinator, snapshot=snapshot)
        snapshot.refresh_from_db()
        reviewed_at = snapshot.reviewed_at
        snapshot_review_mark(member=coordinator, snapshot=snapshot)

        snapshot.refresh_from_db()
        assert reviewed_at is not None
        assert snapshot.reviewed_at == reviewed_at
        event = AuditEvent.objects.get(action="followers.review")
        assert event.changes == {"count": 9000, "flags": ["few_posts"]}
        assert event.actor_id == coordinator.user_id

    def test_others_cannot_mark_it(
        self, ambassador: Membership, outsider_admin: Membership, coordinator: Membership, far_employee: Employee
    ) -> None:
        far = SocialAccountFactory(employee=far_employee, platform="instagram", handle="sari.lain")
        snapshot = follower_count_record(account=far, count=9000, source=CountSource.DECLARED, actor=None, posts=2)

        for member in (ambassador, outsider_admin, coordinator):
            with pytest.raises(ApplicationError):
                snapshot_review_mark(member=member, snapshot=snapshot)

        snapshot.refresh_from_db()
        assert snapshot.reviewed_at is None
        assert not AuditEvent.objects.filter(action="followers.review").exists()


@pytest.mark.django_db
class TestEmployeeAccountsDeclare:
    def test_it_normalizes_handles_and_updates_a_known_account(
        self, ambassador: Membership, employee: Employee
    ) -> None:
        employee.user = ambassador.user
        employee.save()

        saved = employee_accounts_declare(
            actor=ambassador.user,
            employee=employee,
            declarations=[
                AccountDeclaration("instagram", "https://www.instagram.com/Putri.Duta/?hl=id"),
                AccountDeclaration("x", "@PutriDuta_", followers=740),
            ],
        )

        assert [(a.platform, a.handle, a.profile_url) for a in saved] == [
            ("instagram", "putri.duta", "https://www.instagram.com/putri.duta/"),
            ("x", "putriduta_", "https://x.com/putriduta_"),
        ]
        x = SocialAccount.objects.get(employee=employee, platform="x")
        assert (x.followers, x.followers_source) == (740, CountSource.DECLARED)
        assert not SocialAccount.objects.get(platform="instagram").snapshots.exists()  # no count given

        employee_accounts_declare(
            actor=ambassador.user, employee=employee, declarations=[AccountDeclaration("instagram", "putri_duta")]
        )
        assert SocialAccount.objects.filter(employee=employee).count() == 2
        assert SocialAccount.objects.get(employee=employee, platform="instagram").handle == "putri_duta"
        assert AuditEvent.objects.filter(action="account.declare").count() == 3

    def test_the_screenshot_is_stored_without_its_metadata(self, ambassador: Membership, employee: Employee) -> None:
        original = png_with_metadata()
        with Image.open(io.BytesIO(original)) as image:  # the test image does carry metadata
            assert image.info.get("Comment", "").startswith("lokasi rumah")
            assert image.getexif()[0x010F] == "RahasiaCam"

        employee_accounts_declare(
            actor=ambassador.user,
            employee=employee,
            declarations=[AccountDeclaration("instagram", "@putri.duta", followers=1500, evidence=screenshot())],
        )

        snapshot = FollowerSnapshot.objects.get()
        assert snapshot.source == CountSource.EVIDENCE
        assert snapshot.evidence.name.endswith(".png")
        with default_storage.open(snapshot.evidence.name, "rb") as stored:
            data = stored.read()
        assert b"RahasiaCam" not in data
        assert b"EditorRahasia" not in data
        assert b"lokasi" not in data
        with Image.open(io.BytesIO(data)) as clean:
            assert clean.format == "PNG"
            assert clean.size == (60, 40)
            assert "Comment" not in clean.info
            assert "exif" not in clean.info
            assert not clean.getexif()
            assert clean.convert("RGB").getpixel((5, 5)) == (200, 30, 30)

    @pytest.mark.parametrize(
        ("upload", "message"),
        [
            (lambda: screenshot(b"%PDF-1.4 this is not a picture", "bukti.png"), "JPEG, PNG or WebP"),
            (lambda: screenshot(b"\x89PNG" + b"\0" * (5 * 1024 * 1024), "besar.png"), "larger than 5 MB"),
        ],
        ids=["not-an-image", "too-large"],
    )
    def test_a_bad_screenshot_is_refused_and_nothing_is_kept(
        self, ambassador: Membership, employee: Employee, upload, message: str
    ) -> None:
        with pytest.raises(ApplicationError, match=message) as refused:
            employee_accounts_declare(
                actor=ambassador.user,
                employee=employee,
                declarations=[AccountDeclaration("instagram", "@putri.duta", followers=1500, evidence=upload())],
            )

        assert refused.value.field == "evidence"
        assert not SocialAccount.objects.exists()
        assert not FollowerSnapshot.objects.exists()
        assert not AuditEvent.objects.exists()

    def test_a_bad_handle_or_platform_is_refused(self, ambassador: Membership, employee: Employee) -> None:
        with pytest.raises(ApplicationError, match="link to a post") as refused:
            employee_accounts_declare(
                actor=ambassador.user,
                employee=employee,
                declarations=[
                    AccountDeclaration("x", "@putri"),
                    AccountDeclaration("instagram", "https://www.instagram.com/p/C1a2b3c4d5/"),
                ],
            )
        assert refused.value.field == "instagram"
        with pytest.raises(ApplicationError, match="Unknown platform"):
            employee_accounts_declare(
                actor=ambassador.user, employee=employee, declarations=[AccountDeclaration("myspace", "putri")]
            )
        assert not SocialAccount.objects.exists()  # the valid declaration before the bad one is gone too

    def test_nobody_declares_for_an_employee_linked_to_someone_else(
        self, ambassador: Membership, employee: Employee
    ) -> None:
        employee.user = UserFactory()
        employee.save()

        with pytest.raises(ApplicationError) as denied:
            employee_accounts_declare(
                actor=ambassador.user, employee=employee, declarations=[AccountDeclaration("x", "@putri")]
            )

        assert denied.value.code == "forbidden"
        assert not SocialAccount.objects.exists()


@pytest.mark.django_db
class TestEmployeeSocialDataErase:
    def test_it_deletes_accounts_counts_and_screenshots_and_keeps_the_roster_entry(
        self, ambassador: Membership, employee: Employee, django_capture_on_commit_callbacks
    ) -> None:
        employee_accounts_declare(
            actor=ambassador.user,
            employee=employee,
            declarations=[
                AccountDeclaration("instagram", "@putri.duta", followers=1500, evidence=screenshot()),
                AccountDeclaration("tiktok", "@putri.duta", followers=300),
            ],
        )
        [stored] = [s.evidence.name for s in FollowerSnapshot.objects.exclude(evidence="")]
        assert default_storage.exists(stored)
        other = SocialAccountFactory(employee=EmployeeFactory(organization=employee.organization), platform="x")
        follower_count_record(account=other, count=10, source=CountSource.DECLARED, actor=None)

        with django_capture_on_commit_callbacks(execute=True):
            deleted = employee_social_data_erase(employee_pk=employee.pk)

        assert deleted == 2
        assert not SocialAccount.objects.filter(employee=employee).exists()
        assert not FollowerSnapshot.objects.filter(account__employee=employee).exists()
        assert not default_storage.exists(stored)
        assert Employee.objects.filter(pk=employee.pk).exists()
        assert FollowerSnapshot.objects.filter(account=other).count() == 1  # someone else's data stays
        event = AuditEvent.objects.get(action="employee.social_data_erase")
        assert event.changes == {"platforms": ["instagram", "tiktok"], "screenshots": 1}
        assert (event.organization_id, event.target_id) == (employee.organization_id, str(employee.pk))

    def test_an_unknown_employee_is_nothing_to_do(self) -> None:
        assert employee_social_data_erase(employee_pk=987654) == 0
        assert not AuditEvent.objects.exists()


# --- the pure rules: no database ------------------------------------------------------------------

NOW = datetime(2025, 6, 1, 9, 0, tzinfo=UTC)


def days_ago(days: float) -> datetime:
    return NOW - timedelta(days=days)


class TestGrowthFlags:
    STEADY = (Point(days_ago(60), 1000), Point(days_ago(30), 1030), Point(days_ago(10), 1070))  # 1 then 2 a day

    def test_a_first_count_or_steady_growth_needs_no_look(self) -> None:
        assert growth_flags([], Point(NOW, 250_000)) == []
        assert growth_flags(self.STEADY, Point(NOW, 1100)) == []

    def test_a_jump_far_above_the_usual_growth_is_flagged(self) -> None:
        flags = growth_flags(self.STEADY, Point(NOW, 3000))

        assert flags == [{"code": "jump", "gained": 1930, "days": 10, "usual": 1.5}]

    def test_small_jumps_in_absolute_or_relative_terms_are_not(self) -> None:
        assert growth_flags(self.STEADY, Point(NOW, 1070 + 499)) == []  # fewer than 500 followers
        big = (Point(days_ago(60), 10_000), Point(days_ago(30), 10_010), Point(days_ago(10), 10_020))
        assert growth_flags(big, Point(NOW, 11_500)) == []  # under 20 % of what there was

    def test_doubling_without_a_usual_rate_is_flagged_within_90_days(self) -> None:
        assert growth_flags([Point(days_ago(30), 800)], Point(NOW, 2000)) == [
            {"code": "doubled", "before": 800, "after": 2000, "days": 30}
        ]
        assert growth_flags([Point(days_ago(120), 800)], Point(NOW, 2000)) == []
        assert growth_flags([Point(days_ago(30), 800)], Point(NOW, 1700)) == []  # +900: under 1,000

    def test_points_after_the_new_one_are_ignored(self) -> None:
        later = Point(NOW + timedelta(days=5), 100)
        assert growth_flags([Point(days_ago(30), 800), later], Point(NOW, 2000))[0]["code"] == "doubled"

    def test_ratios_of_posts_and_following(self) -> None:
        assert growth_flags([], Point(NOW, 6000), posts=4) == [{"code": "few_posts", "followers": 6000, "posts": 4}]
        assert growth_flags([], Point(NOW, 6000), posts=10) == []
        assert growth_flags([], Point(NOW, 4000), posts=4) == []
        assert growth_flags([], Point(NOW, 3000), following=2900) == [
            {"code": "follow_back", "followers": 3000, "following": 2900}
        ]
        assert growth_flags([], Point(NOW, 3000), following=2000) == []


class TestFlagText:
    def test_each_flag_reads_as_a_sentence_with_grouped_numbers(self) -> None:
        assert (
            flag_text({"code": "jump", "gained": 8000, "days": 4, "usual": 1.5})
            == "Gained 8,000 followers in 4 days, far above the usual 1.5 a day for this account."
        )
        assert flag_text({"code": "doubled", "before": 1000, "after": 9000, "days": 5}) == (
            "Followers went from 1,000 to 9,000 in 5 days."
        )
        assert flag_text({"code": "few_posts", "followers": 12000, "posts": 3}) == (
            "12,000 followers but only 3 posts: bought followers often look like this."
        )
        assert flag_text({"code": "follow_back", "followers": 3000, "following": 2900}) == (
            "Follows 2,900 accounts with 3,000 followers: a sign of follow-for-follow schemes."
        )
        assert flag_text({"code": "something_new"}) == "Unusual count."

    def test_numbers_follow_the_active_language(self) -> None:
        with translation.override("id"):
            text = flag_text({"code": "doubled", "before": 1000, "after": 9000, "days": 5})
        assert "1.000" in text
        assert "9.000" in text
