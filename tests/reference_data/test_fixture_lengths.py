"""Every text in fixtures/ fits its column. SQLite does not enforce a CharField's max_length, so a
text too long for PostgreSQL would load in one and fail in the other: this test makes it fail in both."""

import json
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.core.exceptions import FieldDoesNotExist

FIXTURES = sorted((Path(settings.BASE_DIR) / "fixtures").glob("*.json"))


@pytest.mark.parametrize("path", FIXTURES, ids=[p.name for p in FIXTURES])
def test_every_text_fits_its_column(path):
    too_long = []
    for entry in json.loads(path.read_text()):
        model = apps.get_model(entry["model"])
        for name, value in entry["fields"].items():
            try:
                limit = getattr(model._meta.get_field(name), "max_length", None)
            except FieldDoesNotExist:
                continue
            if limit and isinstance(value, str) and len(value) > limit:
                too_long.append(f"{entry['model']}.{name}: {len(value)} > {limit}: {value[:60]}…")
    assert too_long == []
