"""Reputation screening through its services: consent, uploads read in the background, the
reviewer's corrections and decision, retention and withdrawal."""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.utils import timezone, translation

from duta.core.exceptions import ApplicationError
from duta.core.models import AuditEvent
from duta.organizations.models import Membership, Organization
from duta.people.models import Employee
from duta.programs.models import Candidate, Consent, Stage
from duta.programs.services import consent_withdraw
from duta.screening import services
from duta.screening.models import FlagCorrection, ScreenedPost, Screening, ScreeningTerm, ScreeningUpload
from tests.factories import CandidateFactory, EmployeeFactory, ProgramFactory
from tests.screening.exports import CAMPAIGN, LEAK, PLAIN, RADICAL, facebook_posts_bytes, upload, x_archive_bytes


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    with translation.override("en"):
        yield


@pytest.fixture
def candidate(org: Organization, ambassador: Membership) -> Candidate:
    employee = EmployeeFactory(organization=org, user=ambassador.user, unit=ambassador.unit, name="Putri Duta")
    return CandidateFactory(program=ProgramFactory(organization=org), employee=employee, stage=Stage.ELIGIBLE)


@pytest.fixture
def screening(pr_admin: Membership, candidate: Candidate) -> Screening:
    screening = services.screening_start(member=pr_admin, candidate=candidate)
    return services.screening_consent_record(member=pr_admin, screening=screening, reference="ND-12/HUMAS/2026")


def read(pr_admin: Membership, screening: Screening, content: bytes, name: str, capture) -> ScreeningUpload:
    with capture(execute=True):
        record = services.screening_upload_add(member=pr_admin, screening=screening, upload=upload(content, name))
    record.refresh_from_db()
    return record


def _stored_exports() -> list[str]:
    storage = storages["screening"]
    return sorted(storage.listdir("exports")[1]) if storage.exists("exports") else []


class TestScreeningStart:
    def test_it_moves_an_eligible_candidate_to_screening(self, pr_admin: Membership, candidate: Candidate) -> None:
        screening = services.screening_start(member=pr_admin, candidate=candidate)
        candidate.refresh_from_db()
        assert candidate.stage == Stage.SCREENING
        assert screening.status == Screening.Status.COLLECTING
        assert screening.consent_at is None
        assert AuditEvent.objects.filter(action="screening.start", target_id=str(screening.pk)).exists()

    def test_it_refuses_candidates_who_are_not_eligible(self, pr_admin: Membership, candidate: Candidate) -> None:
        Candidate.objects.filter(pk=candidate.pk).update(stage=Stage.APPLIED)
        candidate.refresh_from_db()
        with pytest.raises(ApplicationError, match="Only eligible candidates"):
            services.screening_start(member=pr_admin, candidate=candidate)

    def test_it_refuses_a_second_open_check(self, pr_admin: Membership, screening: Screening) -> None:
        with pytest.raises(ApplicationError, match="already has a reputation check"):
            services.screening_start(member=pr_admin, candidate=screening.candidate)

    @pytest.mark.parametrize("who", ["coordinator", "viewer", "ambassador", "outsider_admin"])
    def test_only_the_organizations_pr_team_starts_one(
        self, who: str, request: pytest.FixtureRequest, candidate: Candidate
    ) -> None:
        with pytest.raises(ApplicationError) as error:
            services.screening_start(member=request.getfixturevalue(who), candidate=candidate)
        assert error.value.code == "forbidden"
        assert not Screening.objects.exists()


class TestConsent:
    def test_nothing_is_uploaded_before_consent(self, pr_admin: Membership, candidate: Candidate) -> None:
        screening = services.screening_start(member=pr_admin, candidate=candidate)
        with pytest.raises(ApplicationError, match="consent"):
            services.screening_upload_add(
                member=pr_admin, screening=screening, upload=upload(x_archive_bytes(PLAIN), "arsip.zip")
            )
        assert not ScreeningUpload.objects.exists()

    def test_written_consent_needs_a_reference(self, pr_admin: Membership, candidate: Candidate) -> None:
        screening = services.screening_start(member=pr_admin, candidate=candidate)
        with pytest.raises(ApplicationError, match="signed consent is kept"):
            services.screening_consent_record(member=pr_admin, screening=screening, reference="  ")

    def test_the_candidate_agrees_in_the_words_shown(
        self, pr_admin: Membership, ambassador: Membership, candidate: Candidate
    ) -> None:
        screening = services.screening_start(member=pr_admin, candidate=candidate)
        screening = services.screening_consent_give(member=ambassador, screening=screening, agreed=True)
        assert screening.consent_source == Screening.ConsentSource.SELF
        assert "30 days after the decision" in screening.consent_text
        assert screening.consent_by == ambassador.user

    def test_nobody_else_agrees_for_the_candidate(
        self, pr_admin: Membership, other_unit_member: Membership, candidate: Candidate
    ) -> None:
        screening = services.screening_start(member=pr_admin, candidate=candidate)
        for member in (pr_admin, other_unit_member):
            with pytest.raises(ApplicationError):
                services.screening_consent_give(member=member, screening=screening, agreed=True)


class TestUploads:
    def test_an_x_archive_is_read_and_only_flagged_posts_are_kept(
        self, pr_admin: Membership, screening: Screening, django_capture_on_commit_callbacks
    ) -> None:
        texts = [*PLAIN, *CAMPAIGN, RADICAL, LEAK]
        record = read(
            pr_admin, screening, x_archive_bytes(texts), "twitter-2026.zip", django_capture_on_commit_callbacks
        )
        screening.refresh_from_db()
        assert record.status == ScreeningUpload.Status.DONE, record.failure
        assert (record.format, record.account, record.posts_read) == ("x", "calon_duta", len(texts))
        assert not record.file
        assert len(record.sha256) == 64
        posts = {post.text: post for post in ScreenedPost.objects.filter(screening=screening)}
        assert set(PLAIN).isdisjoint(posts)
        assert "radicalism" in posts[RADICAL].categories
        assert "leak" in posts[LEAK].categories
        assert "3174051205900001" not in str(posts[LEAK].findings)  # evidence is masked
        assert all("political" in posts[text].categories for text in CAMPAIGN)
        assert posts[RADICAL].url.startswith("https://x.com/calon_duta/status/")
        assert screening.status == Screening.Status.READY
        assert screening.level == "high"
        assert screening.level_rule["code"] == "severe"
        assert screening.posts_total == len(texts)
        assert screening.posts_flagged == len(posts)
        assert sum(month["posts"] for month in screening.summary["months"].values()) == len(texts)
        assert AuditEvent.objects.filter(action="screening.read", target_id=str(record.pk)).exists()

    def test_a_facebook_export_is_repaired_and_adds_to_the_same_check(
        self, pr_admin: Membership, screening: Screening, django_capture_on_commit_callbacks
    ) -> None:
        read(pr_admin, screening, x_archive_bytes(PLAIN), "arsip.zip", django_capture_on_commit_callbacks)
        texts = ["Selamat pagi semua 😀 semangat!", CAMPAIGN[1]]
        record = read(
            pr_admin, screening, facebook_posts_bytes(texts), "your_posts_1.json", django_capture_on_commit_callbacks
        )
        screening.refresh_from_db()
        assert (record.status, record.format, record.posts_read) == ("done", "facebook", 2)
        assert screening.posts_total == len(PLAIN) + 2
        assert ScreenedPost.objects.get(upload=record).text == CAMPAIGN[1]

    def test_a_file_that_is_no_export_is_refused_and_nothing_is_stored(
        self, pr_admin: Membership, screening: Screening
    ) -> None:
        stored = _stored_exports()
        for content, name in (
            (b"%PDF-1.7 not an export", "cv.pdf"),
            (b"", "kosong.zip"),
            (b"PK\x03\x04broken", "a.zip"),
        ):
            with pytest.raises(ApplicationError):
                services.screening_upload_add(member=pr_admin, screening=screening, upload=upload(content, name))
        assert not ScreeningUpload.objects.exists()
        assert _stored_exports() == stored  # not a byte of the refused files is stored

    def test_a_file_stored_for_an_upload_that_fails_to_record_is_deleted(
        self, pr_admin: Membership, screening: Screening, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        stored = _stored_exports()

        def closed_meanwhile(*args: object, **kwargs: object) -> None:
            raise ApplicationError("closed")

        monkeypatch.setattr(services, "audit_record", closed_meanwhile)
        with pytest.raises(ApplicationError, match="closed"):
            services.screening_upload_add(
                member=pr_admin, screening=screening, upload=upload(x_archive_bytes(PLAIN), "x.zip")
            )
        assert _stored_exports() == stored
        assert not ScreeningUpload.objects.exists()

    def test_an_export_that_breaks_off_leaves_nothing_behind(
        self, pr_admin: Membership, screening: Screening, django_capture_on_commit_callbacks
    ) -> None:
        whole = x_archive_bytes([*CAMPAIGN, *PLAIN])
        import io

        source = zipfile.ZipFile(io.BytesIO(whole))
        tweets = source.read("data/tweets.js")
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as broken:
            broken.writestr("data/account.js", source.read("data/account.js"))
            broken.writestr("data/tweets.js", tweets[: len(tweets) * 2 // 3])  # cut in the middle of a post
        record = read(pr_admin, screening, buffer.getvalue(), "arsip.zip", django_capture_on_commit_callbacks)
        screening.refresh_from_db()
        assert record.status == ScreeningUpload.Status.FAILED
        assert record.failure
        assert not record.file
        assert not ScreenedPost.objects.exists()
        assert screening.status == Screening.Status.COLLECTING
        assert screening.level == ""

    def test_an_export_without_a_post_fails_with_a_clear_message(
        self, pr_admin: Membership, screening: Screening, django_capture_on_commit_callbacks
    ) -> None:
        record = read(pr_admin, screening, b"date,text,url\n", "kosong.csv", django_capture_on_commit_callbacks)
        screening.refresh_from_db()
        assert record.status == ScreeningUpload.Status.FAILED
        assert "postingan" in record.failure.lower()  # in the uploader's language (Indonesian by default)
        assert (screening.level, screening.status) == ("", Screening.Status.COLLECTING)

    def test_the_same_file_twice_is_counted_once(
        self, pr_admin: Membership, screening: Screening, django_capture_on_commit_callbacks
    ) -> None:
        content = x_archive_bytes(CAMPAIGN)
        read(pr_admin, screening, content, "arsip.zip", django_capture_on_commit_callbacks)
        second = read(pr_admin, screening, content, "arsip (1).zip", django_capture_on_commit_callbacks)
        screening.refresh_from_db()
        assert second.status == ScreeningUpload.Status.FAILED
        assert "sudah pernah diunggah" in second.failure  # in the uploader's language (Indonesian by default)
        assert screening.posts_total == len(CAMPAIGN)

    def test_the_candidate_uploads_their_own_export(
        self, ambassador: Membership, pr_admin: Membership, candidate: Candidate, django_capture_on_commit_callbacks
    ) -> None:
        screening = services.screening_start(member=pr_admin, candidate=candidate)
        services.screening_consent_give(member=ambassador, screening=screening, agreed=True)
        record = read(ambassador, screening, x_archive_bytes(PLAIN), "x.zip", django_capture_on_commit_callbacks)
        assert record.status == "done"
        assert record.uploaded_by == ambassador.user

    def test_an_organization_term_counts_next_to_a_campaign_word(
        self, pr_admin: Membership, screening: Screening, django_capture_on_commit_callbacks
    ) -> None:
        post = "Besok jangan lupa coblos Bang Jago untuk bupati kita"
        read(pr_admin, screening, x_archive_bytes([post]), "a.zip", django_capture_on_commit_callbacks)
        assert not ScreenedPost.objects.filter(text=post).exists()
        services.screening_term_add(member=pr_admin, kind="political", term="Bang  Jago", election="Pilkada 2029")
        assert ScreeningTerm.objects.get().term == "bang jago"
        read(pr_admin, screening, x_archive_bytes([post, PLAIN[0]]), "b.zip", django_capture_on_commit_callbacks)
        assert "political" in ScreenedPost.objects.get(text=post).categories


class TestReview:
    @pytest.fixture
    def read_screening(
        self, pr_admin: Membership, screening: Screening, django_capture_on_commit_callbacks
    ) -> Screening:
        read(pr_admin, screening, x_archive_bytes([RADICAL, *PLAIN]), "x.zip", django_capture_on_commit_callbacks)
        screening.refresh_from_db()
        return screening

    def test_a_wrong_flag_stops_counting_and_is_kept_for_training(
        self, pr_admin: Membership, read_screening: Screening
    ) -> None:
        assert read_screening.level == "high"
        post = ScreenedPost.objects.get(text=RADICAL)
        for category in post.categories:
            services.screening_flag_dismiss(member=pr_admin, post=post, category=category, note="kutipan berita")
        read_screening.refresh_from_db()
        assert read_screening.level == "clear"
        assert read_screening.posts_flagged == 0
        correction = FlagCorrection.objects.get(category="radicalism")
        assert (correction.text, correction.correct, correction.note) == (RADICAL, False, "kutipan berita")
        assert {"text": RADICAL, "category": "radicalism", "correct": False} in services.corrections_for_training()
        services.screening_flag_restore(member=pr_admin, post=post, category="radicalism")
        read_screening.refresh_from_db()
        assert read_screening.level == "high"
        assert not FlagCorrection.objects.filter(category="radicalism").exists()

    def test_an_admin_never_reviews_their_own_check(
        self, pr_admin: Membership, read_screening: Screening, candidate: Candidate
    ) -> None:
        Employee.objects.filter(pk=candidate.employee_id).update(user=pr_admin.user)
        post = ScreenedPost.objects.get(text=RADICAL)
        with pytest.raises(ApplicationError) as error:
            services.screening_flag_dismiss(member=pr_admin, post=post, category=post.categories[0])
        assert error.value.code == "forbidden"
        with pytest.raises(ApplicationError):
            services.screening_decide(member=pr_admin, screening=read_screening, decision="approve", reason="Saya.")
        assert not FlagCorrection.objects.exists()

    def test_a_read_cut_off_by_a_stopped_worker_starts_over(
        self, pr_admin: Membership, read_screening: Screening
    ) -> None:
        upload = ScreeningUpload.objects.get()
        flagged = ScreenedPost.objects.count()
        # as if the worker had stopped halfway: the posts stored so far stay, the file is still there
        upload.file.save("again.zip", ContentFile(x_archive_bytes([RADICAL, *PLAIN])), save=False)
        upload.status = ScreeningUpload.Status.READING
        upload.save()
        services.screening_upload_read(upload_id=upload.pk)
        upload.refresh_from_db()
        assert upload.status == ScreeningUpload.Status.DONE, upload.failure
        assert ScreenedPost.objects.count() == flagged

    def test_a_flag_the_post_does_not_have_cannot_be_dismissed(
        self, pr_admin: Membership, read_screening: Screening
    ) -> None:
        post = ScreenedPost.objects.get(text=RADICAL)
        with pytest.raises(ApplicationError, match="not flagged for that category"):
            services.screening_flag_dismiss(member=pr_admin, post=post, category="pornography")

    def test_approval_moves_the_candidate_to_the_interview(
        self, pr_admin: Membership, read_screening: Screening
    ) -> None:
        decided = services.screening_decide(
            member=pr_admin, screening=read_screening, decision="approve", reason="Kutipan berita, bukan sikapnya."
        )
        candidate = decided.candidate
        candidate.refresh_from_db()
        assert candidate.stage == Stage.INTERVIEW
        assert "Kutipan berita" in candidate.stage_reason
        assert decided.status == Screening.Status.DECIDED
        assert decided.purge_after is not None
        assert decided.purge_after - decided.decided_at == timedelta(days=30)
        with pytest.raises(ApplicationError, match="decided already"):
            services.screening_decide(member=pr_admin, screening=decided, decision="reject", reason="x")

    def test_rejection_and_talking_first(self, pr_admin: Membership, read_screening: Screening) -> None:
        talk = services.screening_decide(
            member=pr_admin, screening=read_screening, decision="talk", reason="Ajak bicara"
        )
        talk.candidate.refresh_from_db()
        assert (talk.status, talk.candidate.stage) == (Screening.Status.READY, Stage.SCREENING)
        rejected = services.screening_decide(member=pr_admin, screening=talk, decision="reject", reason="Tetap.")
        rejected.candidate.refresh_from_db()
        assert rejected.candidate.stage == Stage.REJECTED

    def test_a_decision_needs_a_reason_and_every_upload_read(self, pr_admin: Membership, screening: Screening) -> None:
        with pytest.raises(ApplicationError, match="Wait until every upload is read"):
            services.screening_decide(member=pr_admin, screening=screening, decision="approve", reason="ok")
        with pytest.raises(ApplicationError, match="Say why"):
            services.screening_decide(member=pr_admin, screening=screening, decision="approve", reason=" ")


class TestRetentionAndWithdrawal:
    def test_raw_posts_go_after_the_retention_period_and_the_decision_stays(
        self, pr_admin: Membership, screening: Screening, django_capture_on_commit_callbacks
    ) -> None:
        long_post = "Awal cerita yang panjang sekali. " * 20 + RADICAL + " Akhir cerita." * 20
        read(pr_admin, screening, x_archive_bytes([long_post, *CAMPAIGN]), "x.zip", django_capture_on_commit_callbacks)
        kept = ScreenedPost.objects.get(text=long_post)
        services.screening_excerpt_keep(member=pr_admin, post=kept, keep=True)
        decided = services.screening_decide(member=pr_admin, screening=screening, decision="reject", reason="Radikal.")
        assert services.screenings_purge(now=timezone.now() + timedelta(days=29)) == 0
        assert services.screenings_purge(now=timezone.now() + timedelta(days=31)) == 1
        decided.refresh_from_db()
        assert decided.raw_deleted_at is not None
        assert (decided.decision, decided.decision_reason, decided.level) == ("reject", "Radikal.", "high")
        assert decided.summary["posts"] == 4
        remaining = list(ScreenedPost.objects.filter(screening=decided))
        assert [post.pk for post in remaining] == [kept.pk]
        assert "halal darahnya" in remaining[0].text
        assert len(remaining[0].text) <= services.EXCERPT_CHARS + 2
        assert services.screenings_purge(now=timezone.now() + timedelta(days=60)) == 0
        assert AuditEvent.objects.filter(action="screening.purge").count() == 1

    def test_corrections_keep_only_the_words_around_their_evidence_after_the_purge(
        self, pr_admin: Membership, screening: Screening, django_capture_on_commit_callbacks
    ) -> None:
        long_post = "Awal cerita yang panjang sekali. " * 20 + RADICAL + " Akhir cerita." * 20
        read(pr_admin, screening, x_archive_bytes([long_post]), "x.zip", django_capture_on_commit_callbacks)
        post = ScreenedPost.objects.get()
        services.screening_flag_dismiss(member=pr_admin, post=post, category="radicalism")
        services.screening_decide(member=pr_admin, screening=screening, decision="approve", reason="Kutipan.")
        assert services.screenings_purge(now=timezone.now() + timedelta(days=31)) == 1
        assert not ScreenedPost.objects.exists()
        correction = FlagCorrection.objects.get()
        assert "halal darahnya" in correction.text
        assert len(correction.text) <= services.EXCERPT_CHARS + 2 < len(long_post)

    def test_talking_first_keeps_the_check_and_its_posts_until_the_decision(
        self, pr_admin: Membership, screening: Screening, django_capture_on_commit_callbacks
    ) -> None:
        read(pr_admin, screening, x_archive_bytes([RADICAL]), "x.zip", django_capture_on_commit_callbacks)
        talk = services.screening_decide(member=pr_admin, screening=screening, decision="talk", reason="Ajak bicara.")
        assert talk.purge_after is None
        assert services.screenings_purge(now=timezone.now() + timedelta(days=400)) == 0
        read(pr_admin, talk, x_archive_bytes([LEAK]), "y.zip", django_capture_on_commit_callbacks)
        services.screening_decide(member=pr_admin, screening=talk, decision="reject", reason="Tetap.")
        assert services.screenings_purge(now=timezone.now() + timedelta(days=31)) == 1
        assert not ScreenedPost.objects.exists()

    def test_a_check_left_open_after_the_candidate_moved_on_is_purged_too(
        self, pr_admin: Membership, screening: Screening, django_capture_on_commit_callbacks
    ) -> None:
        read(pr_admin, screening, x_archive_bytes([RADICAL]), "x.zip", django_capture_on_commit_callbacks)
        later = timezone.now() + timedelta(days=31)
        assert services.screenings_purge(now=later) == 0  # still in screening: the check waits for a decision
        Candidate.objects.filter(pk=screening.candidate_id).update(stage=Stage.REJECTED)
        assert services.screenings_purge(now=later) == 1
        assert not ScreenedPost.objects.exists()

    def test_withdrawing_consent_deletes_everything_at_once(
        self, pr_admin: Membership, ambassador: Membership, screening: Screening, django_capture_on_commit_callbacks
    ) -> None:
        read(pr_admin, screening, x_archive_bytes([RADICAL]), "x.zip", django_capture_on_commit_callbacks)
        post = ScreenedPost.objects.get()
        services.screening_flag_dismiss(member=pr_admin, post=post, category=post.categories[0])
        services.screening_consent_withdraw(member=ambassador, screening=screening)
        for model in (Screening, ScreeningUpload, ScreenedPost, FlagCorrection):
            assert not model.objects.exists()
        assert AuditEvent.objects.filter(action="screening.erase").exists()

    def test_after_erasure_the_audit_log_names_no_file_post_or_note(
        self, pr_admin: Membership, ambassador: Membership, screening: Screening, django_capture_on_commit_callbacks
    ) -> None:
        name = "twitter-putri_duta.zip"
        read(pr_admin, screening, x_archive_bytes([RADICAL]), name, django_capture_on_commit_callbacks)
        post = ScreenedPost.objects.get()
        services.screening_flag_dismiss(member=pr_admin, post=post, category=post.categories[0], note="kutipan Putri")
        services.screening_consent_withdraw(member=ambassador, screening=screening)
        rows = [
            f"{event.target_label} {event.changes}"
            for event in AuditEvent.objects.filter(action__startswith="screening.")
        ]
        assert any(event.action == "screening.flag_dismiss" for event in AuditEvent.objects.all())
        assert not any("putri_duta" in row or "kutipan" in row or post.source_id in row for row in rows)

    def test_withdrawing_the_program_consent_erases_the_checks_too(
        self,
        pr_admin: Membership,
        ambassador: Membership,
        screening: Screening,
        django_capture_on_commit_callbacks,
    ) -> None:
        candidate = screening.candidate
        Consent.objects.create(
            program=candidate.program, employee=candidate.employee, text="…", language="id", given_at=timezone.now()
        )
        read(pr_admin, screening, x_archive_bytes([RADICAL]), "x.zip", django_capture_on_commit_callbacks)
        with django_capture_on_commit_callbacks(execute=True):
            consent_withdraw(member=ambassador, program=candidate.program, employee=candidate.employee)
        assert not Screening.objects.exists()
        assert not ScreenedPost.objects.exists()

    def test_someone_else_cannot_withdraw(self, other_unit_member: Membership, screening: Screening) -> None:
        with pytest.raises(ApplicationError):
            services.screening_consent_withdraw(member=other_unit_member, screening=screening)
        assert Screening.objects.exists()


class TestTerms:
    def test_admins_add_and_remove_terms_with_audit_rows(self, pr_admin: Membership) -> None:
        term = services.screening_term_add(member=pr_admin, kind="employer", term=" Kemenkominfo ")
        with pytest.raises(ApplicationError, match="already"):
            services.screening_term_add(member=pr_admin, kind="employer", term="kemenkominfo")
        services.screening_term_delete(member=pr_admin, term=term)
        assert not ScreeningTerm.objects.exists()
        assert AuditEvent.objects.filter(action__startswith="screening.term_").count() == 2

    def test_others_cannot(self, coordinator: Membership, outsider_admin: Membership, pr_admin: Membership) -> None:
        with pytest.raises(ApplicationError):
            services.screening_term_add(member=coordinator, kind="political", term="bang jago")
        term = services.screening_term_add(member=pr_admin, kind="political", term="bang jago")
        with pytest.raises(ApplicationError):
            services.screening_term_delete(member=outsider_admin, term=term)
