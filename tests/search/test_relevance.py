"""Relevance with the real content of fixtures/: for each query, the fiche a reader means must come
among the first three results. PostgreSQL's full-text search is what production ranks with; the
SQLite fallback is for development only and is not held to this table."""

import pytest
from django.core.management import call_command
from django.db import connection  # noqa: F401 (the skipif condition reads it)
from django.utils import timezone

from search.query import ranked
from situations.data import current_data
from situations.management.commands.load_reference_data import content_fixtures

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        "connection.vendor != 'postgresql'", reason="ranks with PostgreSQL full-text search (PostgreSQL only)"
    ),
]

# (query, the fiche that must be in the top three)
TABLE = {
    "fr": [
        ("A1", "contributions-eu-posting"),
        ("S1", "health-care-pensioners-abroad"),
        ("pension Maroc", "health-care-morocco-pensioners"),
        ("pécule de vacances", "annual-holidays-belgian-system"),
        ("allocations familiales", "family-benefits-wallonia"),
        ("maladie professionnelle", "occupational-diseases-fedris"),
        ("carte européenne d'assurance maladie", "health-care-ehic-s1-s2"),
        ("détachement Japon", "contributions-posting-japan"),
        ("detachement Etats-Unis", "contributions-posting-united-states"),  # accents left out
        ("certificat de vie", "pension-paid-abroad-life-certificate"),
        ("pension minimum", "pension-minimum-pension"),
        ("âge de la pension", "pension-belgian-pension-age"),
        ("Limosa", "contributions-limosa"),
        ("stage d'attente", "incapacity-waiting-period-coming"),
        ("Sécurité sociale d'Outre-Mer", "overseas-social-security-voluntary-insurance"),
        ("U2", "unemployment-eu-u2-looking-for-work"),
        ("indépendant cotisations", "contributions-self-employed-eu"),
    ],
    "nl": [
        ("A1", "contributions-eu-posting"),
        ("S1", "health-care-pensioners-abroad"),
        ("S2", "health-care-ehic-s1-s2"),
        ("pensioen Marokko", "health-care-morocco-pensioners"),
        ("vakantiegeld", "annual-holidays-belgian-system"),
        ("kinderbijslag", "family-benefits-wallonia"),
        ("groeipakket", "family-benefits-flanders-groeipakket"),
        ("beroepsziekte", "occupational-diseases-fedris"),
        ("Europese ziekteverzekeringskaart", "health-care-ehic-s1-s2"),
        ("detachering Japan", "contributions-posting-japan"),
        ("detachering Verenigde Staten", "contributions-posting-united-states"),
        ("levensbewijs", "pension-paid-abroad-life-certificate"),
        ("minimumpensioen", "pension-minimum-pension"),
        ("pensioenleeftijd", "pension-belgian-pension-age"),
        ("aansluiten bij een ziekenfonds", "health-care-joining-a-fund"),
        ("wachttijd arbeidsongeschiktheid", "incapacity-waiting-period-coming"),
        ("Overzeese Sociale Zekerheid", "overseas-social-security-voluntary-insurance"),
        ("zelfstandige bijdragen", "contributions-self-employed-eu"),
    ],
    "de": [
        ("A1", "contributions-eu-posting"),
        ("S1", "health-care-pensioners-abroad"),
        ("Pension Marokko", "health-care-morocco-pensioners"),
        ("Urlaubsgeld", "annual-holidays-belgian-system"),
        ("Kindergeld", "family-benefits-german-speaking-community"),
        ("Arbeitsunfall", "work-accidents-eu"),
        ("Berufskrankheit", "occupational-diseases-fedris"),
        ("Europäische Krankenversicherungskarte", "health-care-ehic-s1-s2"),
        ("Entsendung Japan", "contributions-posting-japan"),
        ("Entsendung Vereinigte Staaten", "contributions-posting-united-states"),
        ("Lebensbescheinigung", "pension-paid-abroad-life-certificate"),
        ("Mindestpension", "pension-minimum-pension"),
        ("Pensionsalter", "pension-belgian-pension-age"),
        ("Familienbeihilfen Wallonie", "family-benefits-wallonia"),
        ("Wartezeit Arbeitsunfähigkeit", "incapacity-waiting-period-coming"),
        ("Krankenkasse beitreten", "health-care-joining-a-fund"),
        ("U2", "unemployment-eu-u2-looking-for-work"),
    ],
    "en": [
        ("A1", "contributions-eu-posting"),
        ("S1", "health-care-pensioners-abroad"),
        ("pension Morocco", "health-care-morocco-pensioners"),
        ("holiday pay", "annual-holidays-belgian-system"),
        ("child benefit", "family-benefits-german-speaking-community"),
        ("occupational disease", "occupational-diseases-fedris"),
        ("European Health Insurance Card", "health-care-ehic-s1-s2"),
        ("posting United States", "contributions-posting-united-states"),
        ("posting Canada", "contributions-posting-canada"),
        ("life certificate", "pension-paid-abroad-life-certificate"),
        ("minimum pension", "pension-minimum-pension"),
        ("pension age", "pension-belgian-pension-age"),
        ("Overseas Social Security", "overseas-social-security-voluntary-insurance"),
        ("waiting period incapacity", "incapacity-waiting-period-coming"),
        ("unemployment benefit looking for work", "unemployment-eu-u2-looking-for-work"),
        ("Groeipakket", "family-benefits-flanders-groeipakket"),
        ("Limosa", "contributions-limosa"),
    ],
}


@pytest.fixture
def fixture_content():
    """The fiches of fixtures/ (the content tests' fixtures), loaded inside this test's transaction:
    they are rolled back with it, so the tests that run later start without content."""
    call_command("loaddata", *content_fixtures(), verbosity=0)


def test_each_query_finds_its_fiche_in_the_top_three(fixture_content):
    """One test for the whole table, so that the content is loaded once (it takes seconds)."""
    data = current_data()
    now = timezone.now()
    misses = {}
    for language, rows in TABLE.items():
        assert len(rows) >= 10, language
        for query, expected in rows:
            assert expected in data.fiches, expected  # the table names fiches that exist
            found, _matcher = ranked(data, query, language, now)
            top = [fiche.slug for fiche, _revision, _entry, _rank in found[:3]]
            if expected not in top:
                misses[(language, query)] = (expected, top)
    assert misses == {}
