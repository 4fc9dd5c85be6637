"""The statistics pages and the feedback in the admin: who sees what, and the threshold everywhere."""

import csv
import io

import pytest
from django.utils import timezone

from factsheets.models import Editor, Institution
from stats.models import DailyCount, Feedback, FeedbackInstitution
from tests.factsheets.workspace import account

pytestmark = pytest.mark.django_db

Kind = DailyCount.Kind


def situation_count(topic, count, *, country="es", kind=Kind.SITUATION):
    DailyCount.objects.create(
        day=timezone.localdate(), kind=kind, page_type="result", language="en", direction="leaving",
        nationality_group="eu", country=country, status="pensioner", topic=topic, count=count,
    )  # fmt: skip


def answer(institution_slug, comment, useful=False):
    feedback = Feedback.objects.create(
        created=timezone.localdate(), page_type="fiche", path="/en/fiche/x/", language="en", useful=useful,
        comment=comment, fiche="x",
    )  # fmt: skip
    FeedbackInstitution.objects.create(feedback=feedback, institution=Institution.objects.get(slug=institution_slug))
    return feedback


@pytest.fixture
def sfp_editor(client):
    user = account("sfp-ed", Editor.Role.EDITOR, Institution.objects.get(slug="sfp"))
    client.force_login(user)
    return client


@pytest.fixture
def architect(client):
    client.force_login(account("arch", Editor.Role.ARCHITECT))
    return client


def test_an_editor_sees_the_feedback_of_their_own_institution_only(sfp_editor):
    mine = answer("sfp", "About my pension fiche")
    other = answer("onem", "About unemployment")
    listing = sfp_editor.get("/admin/stats/feedback/").content.decode()
    assert "About my pension fiche" in listing and "About unemployment" not in listing
    assert sfp_editor.get(f"/admin/stats/feedback/{mine.pk}/change/").status_code == 200
    assert sfp_editor.get(f"/admin/stats/feedback/{other.pk}/change/").status_code == 302  # "does not exist"
    page = sfp_editor.get("/admin/stats/").content.decode()
    assert "About my pension fiche" in page and "About unemployment" not in page


def test_an_editor_cannot_choose_another_institution(sfp_editor):
    situation_count("unemployment", 50)
    situation_count("pension", 40)
    page = sfp_editor.get("/admin/stats/?institution=onem").content.decode()
    assert "Statistics: SFP" in page
    assert "Unemployment" not in page.split('id="situations"')[1].split('id="no-fiche"')[0]
    assert "Pension" in page


def test_an_architect_sees_everything_and_may_choose_an_institution(architect):
    answer("sfp", "About pensions")
    answer("onem", "About unemployment")
    situation_count("unemployment", 50)
    page = architect.get("/admin/stats/").content.decode()
    assert "About pensions" in page and "About unemployment" in page and "Unemployment" in page
    chosen = architect.get("/admin/stats/?institution=sfp").content.decode()
    assert "About pensions" in chosen and "About unemployment" not in chosen


def test_staff_without_a_role_are_refused(client):
    user = account("nobody")
    user.is_staff = True
    user.save()
    client.force_login(user)
    assert client.get("/admin/stats/").status_code == 403
    assert client.get("/admin/stats/export.csv").status_code == 403
    assert client.get("/admin/stats/feedback/").status_code == 403


def test_the_public_cannot_see_statistics(client):
    assert client.get("/admin/stats/").status_code == 302
    assert client.get("/admin/stats/export.csv").status_code == 302


def test_counts_under_the_threshold_are_hidden_on_the_page(architect):
    situation_count("pension", 4, country="es")
    situation_count("pension", 5, country="pt")
    situation_count("health-care", 4, country="es", kind=Kind.NO_FICHE)
    page = architect.get("/admin/stats/").content.decode()
    table = page.split('id="situations"')[1].split('id="no-fiche"')[0]
    assert "Portugal" in table and "<td>5</td>" in table
    assert "<td>4</td>" not in page and "fewer than 5" in table
    no_fiche = page.split('id="no-fiche"')[1].split('id="pages"')[0]
    assert "fewer than 5" in no_fiche and "<td>4</td>" not in no_fiche


def test_the_charts_are_svg_with_a_title_and_a_table_of_the_same_figures(architect):
    situation_count("pension", 12)
    page = architect.get("/admin/stats/").content.decode()
    assert page.count('<svg class="stats-chart" role="img"') == 2
    assert '<title id="chart-lookups-title">Subjects looked up per day</title>' in page
    assert "<desc" in page and "the highest, 12" in page
    assert "<script" not in page.split('<div class="stats">')[1]
    assert "The figures of the charts as a table" in page


def test_the_csv_export_applies_the_threshold(architect):
    situation_count("pension", 4, country="es")
    situation_count("pension", 9, country="pt")
    response = architect.get("/admin/stats/export.csv?table=situations&days=7")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["direction", "nationality_group", "country", "status", "topic", "region", "count"]
    assert ["leaving", "eu", "pt", "pensioner", "pension", "", "9"] in rows
    assert ["leaving", "eu", "es", "pensioner", "pension", "", "fewer than 5"] in rows
    days = list(csv.reader(io.StringIO(architect.get("/admin/stats/export.csv?table=days&days=7").content.decode())))
    assert len(days) == 8 and days[-1] == [timezone.localdate().isoformat(), "13", "fewer than 5"]


def test_an_editors_export_holds_only_their_subjects(sfp_editor):
    situation_count("pension", 30)
    situation_count("unemployment", 30)
    rows = list(csv.reader(io.StringIO(sfp_editor.get("/admin/stats/export.csv?table=situations").content.decode())))
    assert [row[4] for row in rows[1:]] == ["pension"]


def test_feedback_totals_under_the_threshold_are_hidden(architect):
    for _ in range(3):
        answer("sfp", "", useful=True)
    page = architect.get("/admin/stats/").content.decode()
    summary = page.split('class="stats-summary"')[1].split("</dl>")[0]
    assert "fewer than 5" in summary and ">3<" not in summary


def test_the_admin_index_leads_staff_to_the_statistics(sfp_editor):
    index = sfp_editor.get("/admin/").content.decode()
    assert 'href="/admin/stats/"' in index and 'href="/admin/stats/feedback/"' in index


def test_page_views_are_shown_by_page_type_name(architect):
    DailyCount.objects.create(day=timezone.localdate(), kind=Kind.PAGE, page_type="country", language="nl", count=7)
    pages = architect.get("/admin/stats/").content.decode().split('id="pages"')[1].split('id="feedback"')[0]
    assert "<td>Country page</td><td>nl</td><td>7</td>" in pages
