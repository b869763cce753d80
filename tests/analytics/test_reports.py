"""The monthly report for leadership: the PDF and XLSX builders, asking for a report, making it in the background
(progress, failure), and the pages that list, follow and download reports."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import openpyxl
import pytest
from django.core.files.storage import InMemoryStorage, storages
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from pypdf import PdfReader

from duta.analytics.forms_reports import MonthlyReportForm
from duta.analytics.models import MonthlyReport
from duta.analytics.reports import pdf, xlsx
from duta.analytics.reports.data import report_data_collect
from duta.analytics.reports.text import download_name
from duta.analytics.services import reports as services
from duta.core.exceptions import ApplicationError
from duta.core.models import AuditEvent
from duta.core.progress import progress_set
from duta.organizations.models import Membership, Organization

HTMX_STATUS = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "status"}


def url(name: str, org: Organization, **kwargs: Any) -> str:
    return reverse(f"analytics:{name}", kwargs={"org_slug": org.slug, **kwargs})


def pdf_text(content: bytes) -> str:
    """Every page's text, with runs of white space made one space (table cells wrap)."""
    reader = PdfReader(io.BytesIO(content))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def pdf_pages(content: bytes) -> int:
    return len(PdfReader(io.BytesIO(content)).pages)


def workbook(content: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(content))


def in_language(language: str, words: str) -> str:
    with translation.override(language):
        return gettext(words)


def stored_names() -> set[str]:
    """Every file in the reports' (in-memory) storage."""
    storage = storages["reports"]
    found: set[str] = set()

    def walk(path: str) -> None:
        folders, files = storage.listdir(path)
        found.update(f"{path}/{name}".lstrip("/") for name in files)
        for folder in folders:
            walk(f"{path}/{folder}".lstrip("/"))

    walk("")
    return found


def last_month() -> dt.date:
    return (timezone.localdate().replace(day=1) - dt.timedelta(days=1)).replace(day=1)


# --- the builders (no database) ----------------------------------------------------------------------------------


class TestReportPdf:
    def test_it_opens_with_the_organization_the_month_and_indonesian_headings(self, rep_data: Any) -> None:
        with translation.override("id"):
            content = pdf.report_pdf(rep_data())

        assert content.startswith(b"%PDF")
        assert pdf_pages(content) >= 2
        words = pdf_text(content)
        assert "Kementerian Contoh" in words
        assert "Oktober 2026" in words
        assert "September 2026" in words  # the month before, for comparison
        for heading in ("Duta Program Monthly Report", "Summary", "Campaigns of the month", "Crisis responses"):
            assert in_language("id", heading) in words
        assert "Ringkasan" in words  # already in the Indonesian catalogue
        assert f"{pdf_pages(content)}" in words  # "page X of Y" at the foot

    def test_english_on_request(self, rep_data: Any) -> None:
        with translation.override("en"):
            words = pdf_text(pdf.report_pdf(rep_data(language="en")))

        assert "Duta Program Monthly Report" in words
        assert "October 2026" in words
        assert "Summary" in words
        assert "Oktober" not in words

    def test_it_shows_both_reaches_apart_the_crisis_times_and_the_money_value_with_its_inputs(
        self, rep_data: Any
    ) -> None:
        with translation.override("en"):
            words = pdf_text(pdf.report_pdf(rep_data(language="en")))

        assert "Potential reach" in words
        assert "Observed reach" in words
        assert "56,789" in words
        assert "4,321" in words
        assert "1 h 10 min" in words  # median time to share after the crisis broadcast
        assert "6 min" in words
        assert "Earned media value (estimate)" in words
        assert "Rp 500" in words  # the rate it comes from
        assert "CPC (per click)" in words

    def test_earned_media_value_is_left_out_when_it_is_off(self, rep_data: Any) -> None:
        with translation.override("en"):
            words = pdf_text(pdf.report_pdf(rep_data(language="en", emv=None, emv_previous=None)))

        assert "Earned media value" not in words.replace("Earned media value, when shown", "")
        assert "CPC" not in words

    def test_without_leaderboards_the_ranking_is_replaced_by_a_note(self, rep_data: Any) -> None:
        with translation.override("en"):
            words = pdf_text(pdf.report_pdf(rep_data(language="en", ambassadors=None)))

        assert "Leaderboards are off in this organization" in words
        assert "Putri Duta" not in words

    def test_names_with_any_latin_letters_render(self, rep_data: Any) -> None:
        name = "Dinas Kominfo & Persandian <Ñusa Tenggara> Ærø Łódź"
        with translation.override("id"):
            words = pdf_text(pdf.report_pdf(rep_data(organization=name)))

        assert name in words

    def test_an_empty_month_still_makes_a_report(self, rep_data: Any) -> None:
        from duta.analytics.selectors.dashboards import Figures

        empty = rep_data(
            current=Figures(),
            previous=Figures(),
            weeks=[],
            platforms=[],
            units=[],
            ambassadors=[],
            campaigns=[],
            crises=[],
        )
        with translation.override("en"):
            words = pdf_text(pdf.report_pdf(empty))

        assert "No crisis broadcast was sent this month." in words
        assert "No campaign ran this month." in words


class TestReportXlsx:
    def test_it_has_one_sheet_per_table_in_the_reports_language(self, rep_data: Any) -> None:
        with translation.override("id"):
            book = workbook(xlsx.report_xlsx(rep_data()))
            expected = [
                gettext(name)
                for name in ("Summary", "Weeks", "Platforms", "Units", "Ambassadors", "Campaigns", "Crisis responses")
            ]

        assert book.sheetnames[: len(expected)] == expected
        assert book.sheetnames[0] == "Ringkasan"
        assert book.sheetnames[-1] == in_language("id", "Earned media value")  # on in this organization

    def test_numbers_stay_numbers_under_a_header_row(self, rep_data: Any) -> None:
        with translation.override("en"):
            book = workbook(xlsx.report_xlsx(rep_data(language="en")))

        summary = book["Summary"]
        assert [cell.value for cell in summary[1]][:4] == ["Figure", "October 2026", "September 2026", "Difference"]
        rows = {row[0]: row[1:] for row in summary.iter_rows(min_row=2, values_only=True)}
        assert rows["Active ambassadors"][:3] == (40, 36, 4)
        assert rows["Participation"][0] == pytest.approx(0.45)
        assert summary.cell(row=3, column=2).number_format == "0.0%"
        assert rows["Clicks"][0] == 1234
        weeks = book["Weeks"]
        assert weeks.max_row == 28  # a header and 27 weeks
        assert isinstance(weeks.cell(row=2, column=2).value, dt.datetime)
        crisis = list(book["Crisis responses"].iter_rows(min_row=2, values_only=True))
        assert crisis[0][0] == "Isu kebocoran data"
        assert crisis[0][1] == dt.datetime(2026, 10, 14, 10, 0)  # WIB wall-clock time
        assert crisis[0][-1] == 70  # median minutes

    def test_text_is_never_a_formula(self, rep_data: Any) -> None:
        from duta.analytics.reports.data import CampaignLine
        from duta.analytics.selectors.dashboards import Figures

        attack = '=HYPERLINK("https://evil.example","klik")'
        with translation.override("en"):
            book = workbook(
                xlsx.report_xlsx(rep_data(language="en", campaigns=[CampaignLine(attack, False, "Normal", Figures())]))
            )

        cell = book["Campaigns"].cell(row=2, column=1)
        assert cell.value == attack
        assert cell.data_type == "s"

    def test_without_leaderboards_the_sheet_says_so(self, rep_data: Any) -> None:
        with translation.override("en"):
            book = workbook(xlsx.report_xlsx(rep_data(language="en", ambassadors=None)))

        rows = list(book["Ambassadors"].iter_rows(values_only=True))
        assert rows[0][:2] == ("#", "Ambassador")
        assert "Leaderboards are off" in rows[1][1]


def test_the_download_name_names_the_organization_and_month() -> None:
    assert download_name("contoh", dt.date(2026, 10, 1), "id", "pdf") == "laporan-duta-contoh-2026-10.pdf"
    assert download_name("contoh", dt.date(2026, 10, 1), "en", "xlsx") == "laporan-duta-contoh-2026-10-en.xlsx"


# --- the figures -------------------------------------------------------------------------------------------------


@pytest.mark.django_db
class TestReportDataCollect:
    def test_it_reads_the_months_figures_units_leaderboard_and_money_value(
        self, org: Organization, viewer: Membership, rep_activity: dict[str, Any]
    ) -> None:
        report = MonthlyReport.objects.create(
            organization=org, month=rep_activity["month"], language="id", requested_by=viewer.user
        )

        data = report_data_collect(report)

        assert (data.current.active, data.current.sharers) == (3, 2)
        assert data.current.clicks == 12
        assert data.current.observed_reach == 350
        assert {line.name for line in data.units} == {"Sekretariat Jenderal", "Direktorat Jenderal A"}
        assert data.weeks[-1].end >= timezone.localdate()
        assert data.ambassadors is not None
        names = [line.name for line in data.ambassadors]
        assert "Wulan Terlihat" in names
        assert "Rahasia Tersembunyi" not in names
        assert data.emv is not None
        assert data.emv.total > 0
        assert [line.name for line in data.campaigns] == ["Kanal Aduan 24 Jam"]

    def test_crisis_broadcasts_of_the_month_are_listed(
        self, org: Organization, pr_admin: Membership, make_ambassador: Any, unit_media: Any, crisis: Any
    ) -> None:
        from uuid import uuid4

        from duta.campaigns import selectors as campaign_selectors
        from duta.campaigns import services as campaign_services

        make_ambassador(unit=unit_media)
        segment = campaign_selectors.Segment()
        campaign_services.crisis_broadcast(
            member=pr_admin,
            campaign=crisis,
            message="Tetap tenang, tunggu keterangan resmi.",
            segment=segment,
            confirmed_size=1,
            confirmation=uuid4().hex,
        )
        report = MonthlyReport.objects.create(
            organization=org, month=timezone.localdate().replace(day=1), language="id", requested_by=pr_admin.user
        )

        data = report_data_collect(report)

        assert [(line.campaign, line.audience, line.shared) for line in data.crises] == [("Isu kebocoran data", 1, 0)]
        assert data.crises[0].first_share is None


# --- asking for a report -----------------------------------------------------------------------------------------


@pytest.mark.django_db
class TestMonthlyReportRequest:
    def test_the_pr_team_and_leadership_ask_for_a_report_with_an_audit_row(
        self, pr_admin: Membership, viewer: Membership
    ) -> None:
        for number, member in enumerate((pr_admin, viewer), start=3):
            report = services.monthly_report_request(member=member, month=dt.date(2026, number, 17), language="en")

            assert (report.month, report.language, report.status) == (dt.date(2026, number, 1), "en", "queued")
            assert report.requested_by == member.user
            event = AuditEvent.objects.get(action="report.request", actor_id=member.user.pk)
            assert event.changes == {"month": f"2026-{number:02d}-01", "language": "en"}

    @pytest.mark.parametrize("persona", ["coordinator", "ambassador"])
    def test_other_roles_are_refused(self, persona: str, request: pytest.FixtureRequest) -> None:
        member = request.getfixturevalue(persona)
        with pytest.raises(ApplicationError) as refused:
            services.monthly_report_request(member=member, month=last_month(), language="id")

        assert refused.value.code == "forbidden"
        assert not MonthlyReport.objects.exists()

    def test_a_month_in_the_future_is_refused(self, pr_admin: Membership) -> None:
        next_month = (timezone.localdate().replace(day=1) + dt.timedelta(days=32)).replace(day=1)
        with pytest.raises(ApplicationError) as refused:
            services.monthly_report_request(member=pr_admin, month=next_month, language="id")

        assert refused.value.field == "month"

    def test_an_unknown_language_is_refused(self, pr_admin: Membership) -> None:
        with pytest.raises(ApplicationError) as refused:
            services.monthly_report_request(member=pr_admin, month=last_month(), language="fr")

        assert refused.value.field == "language"

    def test_the_same_request_while_one_is_pending_returns_that_one(
        self, pr_admin: Membership, viewer: Membership
    ) -> None:
        first = services.monthly_report_request(member=pr_admin, month=last_month(), language="id")

        again = services.monthly_report_request(member=viewer, month=last_month(), language="id")
        english = services.monthly_report_request(member=viewer, month=last_month(), language="en")

        assert again == first
        assert english != first
        assert MonthlyReport.objects.count() == 2
        assert AuditEvent.objects.filter(action="report.request").count() == 2

    def test_a_pending_report_left_for_over_an_hour_is_replaced(self, pr_admin: Membership) -> None:
        lost = services.monthly_report_request(member=pr_admin, month=last_month(), language="id")
        MonthlyReport.objects.filter(pk=lost.pk).update(
            status=MonthlyReport.Status.RUNNING, updated_at=timezone.now() - dt.timedelta(hours=2)
        )

        fresh = services.monthly_report_request(member=pr_admin, month=last_month(), language="id")

        lost.refresh_from_db()
        assert fresh != lost
        assert lost.status == MonthlyReport.Status.FAILED
        assert lost.error


# --- making it in the background ---------------------------------------------------------------------------------


@pytest.mark.django_db
class TestMonthlyReportBuild:
    def test_it_stores_both_files_and_reports_progress_in_four_phases(
        self, org: Organization, viewer: Membership, rep_activity: dict[str, Any], rep_make: Any, monkeypatch: Any
    ) -> None:
        seen: list[tuple[str, int, int, str]] = []

        def record(name: str, *, done: int, total: int, phase: str) -> None:
            seen.append((name, done, total, phase))
            progress_set(name, done=done, total=total, phase=phase)

        monkeypatch.setattr(services, "progress_set", record)

        report = rep_make(viewer, month=rep_activity["month"])

        assert report.status == MonthlyReport.Status.DONE
        assert report.finished_at is not None
        assert [phase for _name, _done, _total, phase in seen][:4] == ["collecting", "charts", "pdf", "xlsx"]
        assert {name for name, *_rest in seen} == {f"report:{report.pk}"}
        assert seen[-1][1:3] == (4, 4)
        assert report.pdf.name.endswith(".pdf")
        with report.pdf.open("rb") as stored:
            words = pdf_text(stored.read())
        assert org.name in words
        assert "Wulan Terlihat" in words
        assert "Rahasia Tersembunyi" not in words  # they hid their name on leaderboards
        with report.xlsx.open("rb") as stored:
            book = workbook(stored.read())
        cells = [value for sheet in book.worksheets for row in sheet.iter_rows(values_only=True) for value in row]
        assert "Wulan Terlihat" in cells
        assert "Rahasia Tersembunyi" not in cells
        event = AuditEvent.objects.get(action="report.done")
        assert event.target_id == str(report.pk)

    def test_a_failure_leaves_the_report_failed_with_no_file(
        self, viewer: Membership, rep_make: Any, monkeypatch: Any
    ) -> None:
        def broken(_data: Any) -> bytes:
            raise RuntimeError("disk full")

        monkeypatch.setattr(xlsx, "report_xlsx", broken)
        before = stored_names()

        report = rep_make(viewer, month=last_month())

        assert report.status == MonthlyReport.Status.FAILED
        assert report.error == in_language("id", report.error) != ""
        assert "disk full" not in report.error
        assert not report.pdf
        assert not report.xlsx
        assert stored_names() == before
        assert AuditEvent.objects.filter(action="report.fail", target_id=str(report.pk)).exists()

    def test_a_failure_while_storing_removes_the_file_already_stored(
        self, viewer: Membership, rep_make: Any, monkeypatch: Any
    ) -> None:
        original = InMemoryStorage.save

        def save(storage: InMemoryStorage, name: str, *args: Any, **kwargs: Any) -> str:
            if name.endswith(".xlsx"):
                raise OSError("no space left")
            return original(storage, name, *args, **kwargs)

        monkeypatch.setattr(InMemoryStorage, "save", save)
        before = stored_names()

        report = rep_make(viewer, month=last_month())

        assert report.status == MonthlyReport.Status.FAILED
        assert stored_names() == before

    def test_the_error_is_in_the_reports_language(self, viewer: Membership, rep_make: Any, monkeypatch: Any) -> None:
        monkeypatch.setattr(xlsx, "report_xlsx", lambda _data: 1 / 0)

        report = rep_make(viewer, month=last_month(), language="en")

        assert report.error.startswith("The report could not be made.")

    def test_a_requester_who_may_no_longer_read_the_figures_gets_a_failed_report(
        self, viewer: Membership, django_capture_on_commit_callbacks: Any
    ) -> None:
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            report = services.monthly_report_request(member=viewer, month=last_month(), language="en")
        Membership.objects.filter(pk=viewer.pk).update(is_active=False)
        for callback in callbacks:
            callback()

        report.refresh_from_db()
        assert report.status == MonthlyReport.Status.FAILED
        assert "may no longer read" in report.error

    def test_a_report_is_made_once(self, viewer: Membership, rep_make: Any) -> None:
        report = rep_make(viewer, month=last_month())

        assert services.monthly_report_build(report_id=report.pk) is None
        assert AuditEvent.objects.filter(action="report.done").count() == 1


# --- the pages ---------------------------------------------------------------------------------------------------


@pytest.mark.django_db
class TestReportPages:
    def test_the_pr_team_and_leadership_see_the_list_with_last_month_chosen(
        self, org: Organization, pr_admin: Membership, viewer: Membership, client_for: Any
    ) -> None:
        for member in (pr_admin, viewer):
            response = client_for(member).get(url("reports", org))

            assert response.status_code == 200
            body = response.content.decode()
            assert f'value="{last_month():%Y-%m}" selected' in body
            assert 'value="id" selected' in body

    @pytest.mark.parametrize("persona", ["coordinator", "ambassador"])
    def test_other_roles_get_403(self, persona: str, org: Organization, client_for: Any, request: Any) -> None:
        client = client_for(request.getfixturevalue(persona))

        assert client.get(url("reports", org)).status_code == 403
        assert client.post(url("reports", org), {"month": f"{last_month():%Y-%m}", "language": "id"}).status_code == 403
        assert not MonthlyReport.objects.exists()

    def test_a_member_of_another_organization_gets_404(
        self, org: Organization, viewer: Membership, outsider_admin: Membership, client_for: Any, rep_make: Any
    ) -> None:
        report = rep_make(viewer, month=last_month())
        client = client_for(outsider_admin)

        assert client.get(url("reports", org)).status_code == 404
        assert client.get(url("report_detail", org, report_id=report.pk)).status_code == 404
        assert client.get(url("report_download", org, report_id=report.pk, kind="pdf")).status_code == 404
        # their own organization's address with this report's number: not found either
        own = outsider_admin.organization
        assert client.get(url("report_detail", own, report_id=report.pk)).status_code == 404
        assert client.get(url("report_download", own, report_id=report.pk, kind="pdf")).status_code == 404
        assert client.post(url("reports", org), {"month": f"{last_month():%Y-%m}", "language": "id"}).status_code == 404

    def test_asking_makes_the_report_and_leads_to_its_page(
        self, org: Organization, viewer: Membership, client_for: Any, django_capture_on_commit_callbacks: Any
    ) -> None:
        client = client_for(viewer)
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(url("reports", org), {"month": f"{last_month():%Y-%m}", "language": "en"})

        report = MonthlyReport.objects.get()
        assert response.status_code == 302
        assert response["Location"] == url("report_detail", org, report_id=report.pk)
        assert (report.month, report.language, report.status) == (last_month(), "en", "done")
        assert AuditEvent.objects.filter(action="report.request", actor_id=viewer.user.pk).exists()
        page = client.get(response["Location"]).content.decode()
        assert 'hx-trigger="every 2s"' not in page
        assert url("report_download", org, report_id=report.pk, kind="pdf") in page
        assert url("report_download", org, report_id=report.pk, kind="xlsx") in page

    def test_posting_needs_the_csrf_token(self, org: Organization, viewer: Membership) -> None:
        client = Client(enforce_csrf_checks=True)
        client.force_login(viewer.user)

        response = client.post(url("reports", org), {"month": f"{last_month():%Y-%m}", "language": "id"})

        assert response.status_code == 403
        assert not MonthlyReport.objects.exists()

    def test_a_month_outside_the_choices_is_refused_on_the_form(
        self, org: Organization, viewer: Membership, client_for: Any
    ) -> None:
        response = client_for(viewer).post(url("reports", org), {"month": "2099-01", "language": "id"})

        assert response.status_code == 200
        assert response.context["form"].errors["month"]
        assert not MonthlyReport.objects.exists()

    def test_a_pending_report_polls_its_progress_every_two_seconds(
        self, org: Organization, viewer: Membership, client_for: Any
    ) -> None:
        viewer.user.language = "en"
        viewer.user.save(update_fields=["language"])
        report = services.monthly_report_request(member=viewer, month=last_month(), language="id")  # not run
        progress_set(f"report:{report.pk}", done=2, total=4, phase="pdf")
        client = client_for(viewer)

        page = client.get(url("report_detail", org, report_id=report.pk)).content.decode()
        partial = client.get(url("report_detail", org, report_id=report.pk), **HTMX_STATUS).content.decode()

        assert 'hx-trigger="every 2s"' in page
        assert "Writing the PDF" in page
        assert "50% done" in page
        assert partial.lstrip().startswith('<div id="status"')
        assert "<html" not in partial
        assert 'hx-trigger="every 2s"' in partial
        list_page = client.get(url("reports", org)).content.decode()
        assert 'hx-trigger="every 2s"' in list_page  # the list follows it too

    def test_a_failed_report_shows_why_and_stops_polling(
        self, org: Organization, viewer: Membership, client_for: Any, rep_make: Any, monkeypatch: Any
    ) -> None:
        monkeypatch.setattr(xlsx, "report_xlsx", lambda _data: 1 / 0)
        report = rep_make(viewer, month=last_month())

        response = client_for(viewer).get(url("report_detail", org, report_id=report.pk), **HTMX_STATUS)

        body = response.content.decode()
        assert report.error in body
        assert "hx-trigger" not in body
        assert client_for(viewer).get(url("report_download", org, report_id=report.pk, kind="pdf")).status_code == 404

    def test_the_files_download_with_the_organization_and_month_in_their_names(
        self, org: Organization, pr_admin: Membership, viewer: Membership, client_for: Any, rep_make: Any
    ) -> None:
        report = rep_make(pr_admin, month=last_month())
        client = client_for(viewer)

        pdf_response = client.get(url("report_download", org, report_id=report.pk, kind="pdf"))
        xlsx_response = client.get(url("report_download", org, report_id=report.pk, kind="xlsx"))

        assert pdf_response.status_code == 200
        assert pdf_response["Content-Type"] == "application/pdf"
        assert (
            f'attachment; filename="laporan-duta-contoh-{last_month():%Y-%m}.pdf"'
            == pdf_response["Content-Disposition"]
        )
        assert b"".join(pdf_response.streaming_content).startswith(b"%PDF")
        assert xlsx_response.status_code == 200
        assert workbook(b"".join(xlsx_response.streaming_content)).sheetnames[0] == in_language("id", "Summary")
        assert client.get(url("report_download", org, report_id=report.pk, kind="csv")).status_code == 404

    def test_a_report_not_ready_yet_cannot_be_downloaded(
        self, org: Organization, viewer: Membership, client_for: Any
    ) -> None:
        report = services.monthly_report_request(member=viewer, month=last_month(), language="id")  # not run

        response = client_for(viewer).get(url("report_download", org, report_id=report.pk, kind="pdf"))

        assert response.status_code == 404

    def test_the_list_names_each_reports_month_and_status(
        self, org: Organization, viewer: Membership, client_for: Any, rep_make: Any
    ) -> None:
        viewer.user.language = "en"
        viewer.user.save(update_fields=["language"])
        rep_make(viewer, month=last_month())

        body = client_for(viewer).get(url("reports", org)).content.decode()

        with translation.override("en"):
            month = last_month().strftime("%B %Y")
        assert month in body
        assert "Ready" in body


def test_the_form_offers_this_month_so_far_and_the_two_years_before() -> None:
    with translation.override("en"):
        form = MonthlyReportForm(today=dt.date(2026, 11, 3))
        choices = form.fields["month"].choices

    assert choices[0] == ("2026-11", "November 2026 (so far)")
    assert choices[1] == ("2026-10", "October 2026")
    assert len(choices) == 24
    assert form.fields["month"].initial == "2026-10"
