"""Pages rendered once per shape (portal/shapes.py) are byte for byte the pages rendered afresh.

The memo would show a wrong page if its key missed something the template printed: each address is
fetched once with the memo shared by all the addresses before it, then again with an empty memo,
and the two bodies must be equal. The test also checks that the memo was really shared."""

import random

import pytest

from portal.shapes import CLOSE, OPEN
from situations.data import current_data

pytestmark = pytest.mark.django_db

TOPICS = ("contributions", "health-care", "pension", "family-benefits", "unemployment", "annual-holidays")
SITUATIONS = {
    "leaving": {
        "nationality": ("be", "fr", "ma", "us", "stateless", "refugee", "ci"),
        "country": ("de", "th", "ma", "gb", "ca", "us", "nl", "ch"),
        "status": ("employee", "posted-worker", "pensioner", "self-employed", "student"),
    },
    "coming": {
        "nationality": ("fr", "ma", "in", "gb", "stateless", "ci"),
        "country": ("fr", "ma", "in", "gb", "tr", "jp"),
        "status": ("employee", "posted-worker", "self-employed", "frontier-worker-working-in-belgium", "pensioner"),
    },
}
DATES = (None, "1990-05-05", "2019-06-01", "2020-12-31", "2021-01-02", "2025-03-15")


def addresses(count=12, seed=17):
    """Result and question pages of many situations, in the four languages, each situation on every
    date of DATES and with two nationalities (pages that share their shape or almost do); fixed, so
    that a failure can be repeated."""
    pick = random.Random(seed)
    found = []
    for _ in range(count):
        direction = pick.choice(tuple(SITUATIONS))
        answers = {name: pick.choice(values) for name, values in SITUATIONS[direction].items()}
        language = pick.choice(("en", "fr", "nl", "de"))
        topics = "".join(f"&topic={t}" for t in pick.sample(TOPICS, pick.randint(1, 3)))
        for nationality in (answers["nationality"], pick.choice(SITUATIONS[direction]["nationality"])):
            rest = f"country={answers['country']}&status={answers['status']}{topics}"
            for date in DATES:
                found.append(f"/{language}/{direction}/result/?nationality={nationality}&{rest}" + (f"&date={date}" if date else ""))
            found.append(f"/{language}/{direction}/status/?nationality={nationality}&country={answers['country']}")
            found.append(f"/{language}/{direction}/country/?nationality={nationality}")
    found += [f"/{language}/" for language in ("en", "fr", "nl", "de")]
    found += [f"/{language}/{direction}/" for language in ("en", "fr") for direction in SITUATIONS]
    return found


def fetch(client, address, host="testserver"):
    response = client.get(address, follow=True, HTTP_HOST=host)
    assert response.status_code == 200, address
    return response.content.decode()


def test_pages_from_the_memo_equal_pages_rendered_afresh(client, settings):
    # Each request has a host of its own, so that the page cache never answers: only the memo of
    # shapes is under test (the host is a hole: it is filled in, and compared below).
    settings.ALLOWED_HOSTS = [".shapes.test"]
    data = current_data()
    data.shapes.items.clear()
    pages = list(dict.fromkeys(addresses()))
    shown = {address: fetch(client, address, f"a{n}.shapes.test") for n, address in enumerate(pages)}
    assert current_data() is data, "the snapshot changed during the test: its memo was not shared"
    assert len(data.shapes.items) < len(pages) * 0.8, "the shapes were not shared: the test would prove nothing"
    for n, address in enumerate(pages):
        data.shapes.items.clear()
        assert fetch(client, address, f"b{n}.shapes.test") == shown[address].replace(f"a{n}.shapes.test", f"b{n}.shapes.test"), address


def test_no_marker_is_left_in_a_page_and_its_values_are_escaped(client):
    current_data().shapes.items.clear()
    page = fetch(client, "/fr/leaving/result/?nationality=ci&country=de&status=employee&topic=pension&date=2019-06-01")
    assert OPEN not in page and CLOSE not in page
    assert "Côte d’Ivoire" in page  # the nationality, a hole
    assert "1er juin 2019" in page  # the date of the rules, a hole, in the language's style
    page = fetch(client, "/en/leaving/result/?nationality=ba&country=de&status=employee&topic=pension")
    assert "<dd>Bosnia &amp; Herzegovina</dd>" in page  # escaped as the template would
