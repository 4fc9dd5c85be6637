"""What the API serves beside its endpoints: the OpenAPI document, the documentation page (in the four
languages, server-rendered: no script, so it keeps the site's Content-Security-Policy), the addresses
of the problem types and a problem for any other address under /api/."""

import copy
import functools

from django.conf import settings
from django.http import HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.views.decorators.http import require_safe

from portal.caching import cached_page

from .endpoints import DEFAULT_LANGUAGE, NAMESPACE, RESOLVE_REQUIRED, api
from .problems import CONTENT_TYPE, TYPES, problem

LANGUAGES = [code for code, _name in settings.LANGUAGES]


@functools.cache
def openapi_document() -> dict:
    """ninja's document, with the error answers declared as application/problem+json."""
    document = copy.deepcopy(dict(api.get_openapi_schema()))
    for operations in document.get("paths", {}).values():
        for operation in operations.values():
            for status, response in operation.get("responses", {}).items():
                content = response.get("content", {})
                if str(status).startswith("4") and "application/json" in content:
                    response["content"] = {CONTENT_TYPE: content["application/json"]}
    # ninja names properties by field name; the problem's list is written with a hyphen.
    problem = document["components"]["schemas"]["Problem"]["properties"]
    problem["invalid-params"] = problem.pop("invalid_params")
    for parameter in document["paths"]["/api/v1/resolve"]["get"]["parameters"]:
        if parameter["name"] in RESOLVE_REQUIRED:
            parameter["required"] = True
    document["info"]["license"] = {"name": "EUPL-1.2", "identifier": "EUPL-1.2"}
    return document


def cors(view):
    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response["Access-Control-Allow-Origin"] = "*"
        return response

    return wrapper


@cors
@require_safe
@cached_page(query=False)
def openapi(request):
    return JsonResponse(openapi_document(), json_dumps_params={"ensure_ascii": False})


def endpoints() -> list:
    """Every operation of the document, for the documentation page."""
    found = []
    for path, operations in openapi_document()["paths"].items():
        for method, operation in operations.items():
            found.append(
                {
                    "method": method.upper(),
                    "path": path,
                    "summary": operation.get("summary", ""),
                    "description": operation.get("description", ""),
                    "anchor": operation.get("operationId", path),
                    "parameters": [
                        {
                            "name": p["name"],
                            "in": p["in"],
                            "required": p.get("required", False),
                            "description": p.get("schema", {}).get("description", p.get("description", "")),
                        }
                        for p in operation.get("parameters", [])
                    ],
                }
            )
    return found


EXAMPLES = [
    "/api/v1/resolve?direction=leaving&nationality=be&country=es&status=pensioner&topic=health-care&topic=pension&lang=en",
    "/api/v1/countries?lang=fr",
    "/api/v1/countries/ca?date=2026-06-01",
    "/api/v1/instruments",
    "/api/v1/instruments/eu-regulation-883-2004",
    "/api/v1/institutions",
    "/api/v1/institutions/sfp?lang=nl",
    "/api/v1/fiches?institution=sfp",
    "/api/v1/statuses?lang=de",
    "/api/v1/topics",
    "/api/v1/questions",
    "/api/v1/openapi.json",
]


@require_safe
@cached_page(query=False)
def docs(request, language):
    base = f"{request.scheme}://{request.get_host()}"
    alternates = [
        {"code": code, "name": name, "url": reverse("api-docs", args=[code]), "is_current": code == language}
        for code, name in settings.LANGUAGES
    ]
    context = {
        "alternates": alternates,
        "base": base,
        "endpoints": endpoints(),
        "examples": [f"curl -s '{base}{example}'" for example in EXAMPLES],
        "bad_example": f"curl -s '{base}/api/v1/resolve?direction=leaving&country=zz'",
        "problem_types": [
            {"name": name, "status": status, "title": title, "uri": f"/api/v1/problems/{name}"}
            for name, (status, title) in TYPES.items()
        ],
        "openapi_url": reverse("api-openapi"),
        "problem_content_type": CONTENT_TYPE,
    }
    return render(request, "api/docs.html", context)


@require_safe
def docs_redirect(request):
    """/api/ and /api/v1/ lead to the documentation in the visitor's language."""
    language = translation.get_language()
    return HttpResponseRedirect(reverse("api-docs", args=[language if language in LANGUAGES else DEFAULT_LANGUAGE]))


@require_safe
def problem_type(request, name):
    if name not in TYPES:
        return not_found(request)
    return HttpResponseRedirect(reverse("api-docs", args=[DEFAULT_LANGUAGE]) + f"#problem-{name}")


def not_found(request, rest=""):
    if request.method not in ("GET", "HEAD", "OPTIONS"):
        return problem("method-not-allowed", f"{request.method} is not accepted.", instance=request.path)
    return problem("not-found", "There is nothing at this address.", instance=request.path)


__all__ = ["NAMESPACE", "docs", "openapi"]
