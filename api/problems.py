"""Errors as RFC 9457 problem details (application/problem+json).

Each problem type has a stable address under /api/v1/problems/ that leads to its description on the
documentation page. A bad parameter is a 400 that names every wrong parameter in `invalid-params`;
an unknown object or address is a 404."""

import json

from django.http import HttpResponse

CONTENT_TYPE = "application/problem+json"
MAX_ECHO = 60  # a wrong value is quoted back, cut to this length

TYPES = {
    "invalid-parameters": (400, "Your request parameters didn't validate."),
    "not-found": (404, "There is nothing at this address."),
    "method-not-allowed": (405, "The API is read-only: only GET and HEAD are accepted."),
}


def type_uri(name: str) -> str:
    return f"/api/v1/problems/{name}"


def problem(name: str, detail: str, *, instance: str | None = None, invalid_params=None) -> HttpResponse:
    status, title = TYPES[name]
    body = {"type": type_uri(name), "title": title, "status": status, "detail": detail}
    if instance:
        body["instance"] = instance
    if invalid_params is not None:
        body["invalid-params"] = invalid_params
    response = HttpResponse(json.dumps(body, ensure_ascii=False), status=status, content_type=CONTENT_TYPE)
    response["Access-Control-Allow-Origin"] = "*"
    response["Cache-Control"] = "no-store"
    return response


def echo(value) -> str:
    text = "" if value is None else str(value)
    return text if len(text) <= MAX_ECHO else text[:MAX_ECHO] + "…"


def invalid_param(name: str, value, reason: str, accepted=None) -> dict:
    entry = {"name": name, "reason": reason, "value": echo(value)}
    if accepted is not None:
        entry["accepted"] = [str(a) for a in accepted]
    return entry


class InvalidParameters(Exception):
    """Raised by an endpoint; answered with a 400 problem."""

    def __init__(self, params: list):
        self.params = params
        super().__init__("; ".join(f"{p['name']}: {p['reason']}" for p in params))


class NotFound(Exception):
    def __init__(self, detail: str):
        self.detail = detail
        super().__init__(detail)
