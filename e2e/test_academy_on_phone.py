"""The academy on a phone: a candidate in training reads the required courses, passes their quizzes (each answer
explained at once), becomes an active ambassador without anyone moving them, downloads a certificate whose code
verifies on the public page; their mentor logs a session with a follow-up; the PR team sees which unit lags."""

from __future__ import annotations

import io
from typing import Any

import pytest
from pypdf import PdfReader

from duta.academy.models import Completion, Course, FollowUp, Mentorship
from duta.academy.services.curriculum import curriculum_install
from duta.organizations.models import Role
from duta.programs.models import Candidate, Stage
from e2e.steps import log_in
from tests.academy.builders import candidacy, course_make
from tests.factories import MembershipFactory, OrganizationFactory, ProgramFactory, UnitFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _take_course(phone: Any, course: Course, *, wrong_first: bool) -> None:
    """From the course page: every lesson, then the quiz, the first answer wrong when asked."""
    from playwright.sync_api import expect

    phone.get_by_role("link", name="Start the course").click()
    while phone.get_by_role("button", name="Done: next lesson").count():
        phone.get_by_role("button", name="Done: next lesson").click()
    phone.get_by_role("button", name="Done: back to the course").click()
    phone.get_by_role("button", name="Start the quiz").click()
    questions = {question.pk: question for question in course.questions.prefetch_related("choices")}
    blocks = phone.locator("section.quiz-question")
    for index in range(blocks.count()):
        block = blocks.nth(index)
        question = questions[int(block.get_attribute("id").removeprefix("q-"))]
        choices = list(question.choices.all())
        chosen = [choice for choice in choices if choice.is_correct]
        if wrong_first and index == 0:
            chosen = [next(choice for choice in choices if not choice.is_correct)]
        for choice in chosen:
            block.locator(f"#c-{choice.pk}").check()
        block.get_by_role("button", name="Check my answer").click()
        marked = phone.locator(f"#q-{question.pk}")
        expect(marked.locator(".quiz-verdict")).to_contain_text("Not quite" if wrong_first and index == 0 else "Right")
        if question.explanation:
            expect(marked.locator(".quiz-explanation")).to_contain_text(question.explanation[:40])
    expect(phone.locator("#quiz-result")).to_contain_text("Passed")


def test_a_candidate_trains_on_a_phone_becomes_active_and_is_mentored(live_server: Any, phone: Any) -> None:
    from playwright.sync_api import expect

    organization = OrganizationFactory(name="Dinas Kominfo Sukamaju", slug="sukamaju")
    curriculum_install(organization=organization)
    humas = UnitFactory(organization=organization, name="Bagian Humas")
    layanan = UnitFactory(organization=organization, name="Bagian Layanan")
    admin = MembershipFactory(
        organization=organization,
        role=Role.ADMIN,
        user=UserFactory(email="humas@sukamaju.test", full_name="Dewi Humas", language="en"),
    )
    putri = MembershipFactory(
        organization=organization,
        role=Role.AMBASSADOR,
        unit=humas,
        user=UserFactory(email="putri@sukamaju.test", full_name="Putri Maharani", language="en"),
    )
    program = ProgramFactory(organization=organization, name="Duta Digital Sukamaju")
    conduct = Course.objects.get(organization=organization, slug="etika-bermedia-sosial")
    short = course_make(organization, slug="kenali-duta", lessons=2, questions=3, passing_score=60, shuffle=True)
    for course in (conduct, short):
        course.required_for.add(program)
    candidate = candidacy(putri, program, Stage.TRAINING)
    slow = MembershipFactory(organization=organization, role=Role.AMBASSADOR, unit=layanan, user=UserFactory())
    candidacy(slow, program, Stage.TRAINING)  # nothing passed: Bagian Layanan lags
    base = live_server.url

    # the candidate, on her phone
    log_in(phone, base, "putri@sukamaju.test")
    phone.get_by_role("link", name="Academy").click()
    expect(phone.get_by_text("0 of 2 passed")).to_be_visible()
    phone.get_by_role("link", name=conduct.title).click()
    _take_course(phone, conduct, wrong_first=True)
    candidate.refresh_from_db()
    assert candidate.stage == Stage.TRAINING  # one required course still to go
    phone.get_by_role("link", name="Back to the courses").click()
    phone.get_by_role("link", name=short.title).click()
    _take_course(phone, short, wrong_first=False)
    candidate.refresh_from_db()
    assert candidate.stage == Stage.ACTIVE  # moved by the pipeline, with its history
    assert candidate.history.filter(to_stage=Stage.ACTIVE, actor__isnull=True).exists()

    with phone.expect_download() as waiting:
        phone.get_by_role("link", name="Download the certificate (PDF)").click()
    with open(waiting.value.path(), "rb") as handle:
        content = handle.read()
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    code = Completion.objects.get(member=putri, course=short).code
    assert code in text
    assert "Putri Maharani" in text

    # anyone checks the code, typed the lazy way, without logging in (the public page speaks Indonesian first)
    visitor = phone.context.browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    page = visitor.new_page()
    page.goto(f"{base}/verify/")
    page.get_by_label("Kode verifikasi").fill(code.replace("-", "").lower())
    page.get_by_role("button", name="Periksa", exact=True).click()
    expect(page.get_by_role("heading", name="Sertifikat terverifikasi")).to_be_visible()
    expect(page.get_by_text("Putri Maharani")).to_be_visible()
    expect(page.get_by_text(short.title)).to_be_visible()
    visitor.close()
    phone.get_by_role("button", name="Log out").click()

    # the PR team pairs her with a mentor, who logs a session and its follow-up
    log_in(phone, base, "humas@sukamaju.test")
    phone.get_by_role("link", name="Academy").click()
    phone.get_by_role("navigation", name="Academy").get_by_role("link", name="Mentoring").click()
    phone.get_by_role("link", name="New pairing").click()
    phone.get_by_label("Mentor").select_option(str(admin.pk))
    phone.get_by_label("Mentee").select_option(str(putri.pk))
    phone.get_by_role("button", name="Pair them").click()
    phone.get_by_role("link", name="Log a session").click()
    phone.get_by_label("Topic").fill("Opening a story with a real moment")
    phone.get_by_label("Notes").fill("We read her last three posts together.")
    phone.locator("[name=follow_up_1_text]").fill("Rewrite two captions with a hook")
    phone.locator("[name=follow_up_1_due_on]").fill("2026-12-01")
    phone.get_by_role("button", name="Log the session").click()
    expect(phone.get_by_text("Rewrite two captions with a hook")).to_be_visible()
    mentorship = Mentorship.objects.get(mentee=putri)
    assert FollowUp.objects.get(session__mentorship=mentorship).owner == putri

    # and sees which unit lags in training
    phone.get_by_role("navigation", name="Academy").get_by_role("link", name="Training progress").click()
    lagging = phone.locator("tr.lagging")
    expect(lagging).to_have_count(1)
    expect(lagging).to_contain_text("Bagian Layanan")
    expect(phone.locator("tr", has_text="Bagian Humas")).to_contain_text("100%")
    assert Candidate.objects.get(pk=candidate.pk).stage == Stage.ACTIVE
