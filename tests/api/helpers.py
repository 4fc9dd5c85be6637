"""Checking the API's answers against its own OpenAPI document (JSON Schema 2020-12, as OpenAPI 3.1
uses it), with `jsonschema` and `referencing`."""

import functools
import json

from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

DOCUMENT_URI = "urn:api-v1-openapi"


@functools.cache
def openapi_document() -> dict:
    from api.views import openapi_document as build

    return json.loads(json.dumps(build()))


def pointer(*parts) -> str:
    return "/" + "/".join(str(p).replace("~", "~0").replace("/", "~1") for p in parts)


def validator(path: str, status: int, content_type: str, method: str = "get") -> Draft202012Validator:
    document = openapi_document()
    registry = Registry().with_resource(DOCUMENT_URI, Resource.from_contents(document, default_specification=DRAFT202012))
    ref = DOCUMENT_URI + "#" + pointer("paths", path, method, "responses", str(status), "content", content_type, "schema")
    return Draft202012Validator({"$ref": ref}, registry=registry, format_checker=FormatChecker())


def template_of(url: str) -> str:
    """The document's path for an address: /api/v1/countries/ca → /api/v1/countries/{code}."""
    path = url.split("?")[0]
    for template in openapi_document()["paths"]:
        head, _, _tail = template.partition("{")
        if template == path or ("{" in template and path.startswith(head) and "/" not in path[len(head):]):
            return template
    raise AssertionError(f"{path} is not in the OpenAPI document")


def errors_against_document(response) -> list:
    """Every way the response breaks the document's schema for its path and status ([] when none)."""
    content_type = response["Content-Type"].split(";")[0]
    body = json.loads(response.content)
    found = validator(template_of(response.wsgi_request.path), response.status_code, content_type)
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in found.iter_errors(body)]
