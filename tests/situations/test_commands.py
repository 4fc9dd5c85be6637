import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from situations.models import Topic
from tests.situations.helpers import published_fiche

pytestmark = pytest.mark.django_db

PENSIONER_IN_SPAIN = [
    "--direction", "leaving", "--nationality", "be", "--country", "es", "--status", "pensioner",
    "--topic", "pension", "--topic", "health-care",
]  # fmt: skip


def run(*args):
    out = io.StringIO()
    call_command("resolve", *args, stdout=out)
    return out.getvalue()


def test_resolve_prints_the_json_contract():
    fiche = published_fiche("health-care", regime_eu=True)
    answer = json.loads(run(*PENSIONER_IN_SPAIN, "--date", "2026-06-01", "--format", "json"))
    assert answer["situation"] == {
        "direction": "leaving",
        "nationality": "be",
        "country": "es",
        "status": "pensioner",
        "date": "2026-06-01",
        "lang": "en",
        "nationality_group": "belgian",
        "region": None,
    }
    assert answer["url"] == (
        "/en/leaving/result/?nationality=be&country=es&status=pensioner&topic=health-care&topic=pension&date=2026-06-01"
    )
    health, pension = answer["topics"]
    assert health["topic"] == "health-care"
    assert health["regime"]["kind"] == "eu"
    assert health["regime"]["instrument"] == "eu-regulation-883-2004"
    assert health["regime"]["name"] == "Regulations (EC) No 883/2004 and 987/2009"
    assert health["regime"]["in_force_since"] == "2010-05-01"
    [shown] = health["fiches"]
    assert shown["id"] == fiche.id
    assert shown["slug"] == fiche.slug
    assert shown["institution"] == fiche.institution.slug
    assert shown["title"].endswith("[en]")
    assert shown["text"] == fiche.revisions.get().body_en
    assert shown["url"] == f"/en/fiche/{fiche.slug}/"
    assert health["contact"]["institution"] == "inami"
    assert pension["fiches"] == []
    assert pension["contact"]["institution"] == "sfp"
    assert pension["contact"]["name"] == "Federal Pensions Service"


def test_resolve_answers_in_the_language_asked():
    answer = json.loads(run(*PENSIONER_IN_SPAIN, "--lang", "fr", "--format", "json"))
    assert answer["url"].startswith("/fr/leaving/result/?")
    assert answer["topics"][1]["contact"]["name"] == "Service fédéral des Pensions"


def test_resolve_prints_the_answer_for_a_person_by_default():
    text = run(*PENSIONER_IN_SPAIN)
    assert "Health care: Regulations (EC) No 883/2004 and 987/2009 (since 2010-05-01)" in text
    assert "Contact: SFPD – Federal Pensions Service" in text
    assert "No information sheet yet." in text


def test_resolve_accepts_upper_case_codes():
    answer = json.loads(run(*[a.upper() if a in ("be", "es") else a for a in PENSIONER_IN_SPAIN], "--format", "json"))
    assert answer["situation"]["country"] == "es"


@pytest.mark.parametrize(
    ("replace", "message"),
    [
        (("--country", "xx"), "invalid --country 'xx'"),
        (("--status", "astronaut"), "invalid --status 'astronaut'; accepted: employee, self-employed"),
        (("--topic", "holidays"), "invalid --topic 'holidays'; accepted: contributions, health-care, pension"),
        (("--date", "2026-13-01"), "invalid --date '2026-13-01'; accepted: YYYY-MM-DD"),
        (("--lang", "es"), "invalid --lang 'es'; accepted: fr, nl, de, en"),
        (("--format", "xml"), "invalid --format 'xml'; accepted: text, json"),
    ],
)
def test_resolve_exits_with_status_2_and_one_line_on_invalid_input(replace, message):
    args = list(PENSIONER_IN_SPAIN)
    if replace[0] in args:
        args[args.index(replace[0]) + 1] = replace[1]
    else:
        args += list(replace)
    with pytest.raises(CommandError) as error:
        run(*args)
    assert error.value.returncode == 2
    assert message in str(error.value)
    assert "\n" not in str(error.value)


def test_coverage_lists_the_gaps_and_exits_1():
    out = io.StringIO()
    with pytest.raises(SystemExit) as exit_status:
        call_command("coverage", "--topic", "pension", "--format", "json", stdout=out)
    assert exit_status.value.code == 1
    report = json.loads(out.getvalue())
    assert report["gaps"]
    gap = next(g for g in report["gaps"] if g["direction"] == "leaving" and g["status"] == "pensioner" and g["regime"] == "eu")
    assert "es" in gap["countries"]
    assert {g["topic"] for g in report["gaps"]} == {"pension"}


def test_coverage_exits_0_when_every_combination_has_a_fiche():
    for topic in Topic.objects.all():
        published_fiche(topic.slug)
    out = io.StringIO()
    call_command("coverage", stdout=out)
    assert out.getvalue().startswith("0 gaps in ")


def test_coverage_finds_the_one_missing_combination():
    for topic in Topic.objects.exclude(slug="unemployment"):
        published_fiche(topic.slug)
    published_fiche("unemployment", regime_eu=True)
    published_fiche("unemployment", regime_uk=True)
    published_fiche("unemployment", regime_bilateral=True)
    out = io.StringIO()
    with pytest.raises(SystemExit):
        call_command("coverage", "--format", "json", stdout=out)
    gaps = json.loads(out.getvalue())["gaps"]
    assert {(g["topic"], g["regime"]) for g in gaps} == {("unemployment", "none")}
    assert "th" in set().union(*(g["countries"] for g in gaps))


def test_architects_see_the_coverage_matrix_in_the_admin(admin_client):
    published_fiche("pension", regime_eu=True)
    response = admin_client.get("/admin/situations/criterion/coverage/?date=2026-11-23&topic=pension")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Combinations that no fiche answers" in html
    assert "<td>Pensioner</td>" in html
    assert "<td>none</td>" in html
    assert "<td>eu</td>" not in html


def test_the_coverage_matrix_refuses_a_bad_date_with_a_message(admin_client):
    response = admin_client.get("/admin/situations/criterion/coverage/?date=tomorrow")
    assert response.status_code == 200
    assert "Enter a date as YYYY-MM-DD." in response.content.decode()


def test_the_coverage_matrix_is_for_staff_only(client):
    response = client.get("/admin/situations/criterion/coverage/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_resolve_fills_in_named_amounts_for_the_date_and_language():
    from factsheets.models import Institution
    from tests.factories import AmountFactory, AmountValueFactory

    amount = AmountFactory(slug="test-minimum", unit="eur-month", institution=Institution.objects.get(slug="sfp"))
    AmountValueFactory(amount=amount, value="1720.33", applies_from="2023-01-01")
    AmountValueFactory(amount=amount, value="1773.35", applies_from="2024-05-01")
    fiche = published_fiche("pension", regime_eu=True)
    revision = fiche.revisions.get()
    revision.body_en = "At least {{ amount:test-minimum }}."
    revision.save()
    later = json.loads(run(*PENSIONER_IN_SPAIN, "--date", "2024-06-01", "--format", "json"))
    earlier = json.loads(run(*PENSIONER_IN_SPAIN, "--date", "2024-01-01", "--format", "json"))
    assert later["topics"][1]["fiches"][0]["text"] == "At least €1,773.35 a month (since 1 May 2024)."
    assert earlier["topics"][1]["fiches"][0]["text"] == "At least €1,720.33 a month (since 1 January 2023)."
