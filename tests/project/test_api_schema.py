"""The OpenAPI 3 schema at /api/schema/ is valid and covers every endpoint."""

import re

import yaml
from django.urls import URLPattern, URLResolver, get_resolver
from openapi_spec_validator import validate


def api_paths() -> set[str]:
    resolver = get_resolver()
    found = set()

    def walk(patterns, prefix):
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, route)
            elif isinstance(pattern, URLPattern) and route.startswith("api/v1/"):
                found.add("/" + re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", route))

    walk(resolver.url_patterns, "")
    return found


def test_the_schema_is_valid_openapi_3_and_covers_every_endpoint(alice_client):
    response = alice_client.get("/api/schema/")

    assert response.status_code == 200
    schema = yaml.safe_load(response.content)
    validate(schema)
    assert schema["openapi"].startswith("3.")
    assert api_paths() <= set(schema["paths"])
    assert len(api_paths()) >= 10


def test_the_docs_page_is_served_from_our_own_static_files(alice_client):
    page = alice_client.get("/api/docs/").content.decode()
    assert "swagger-ui" in page
    assert "cdn." not in page


def test_every_operation_declares_the_errors_it_can_answer(alice_client):
    schema = yaml.safe_load(alice_client.get("/api/schema/").content)

    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            statuses = set(operation["responses"])
            assert {"400", "429"} <= statuses, (method, path)
            if method in ("post", "put", "patch"):
                assert {"413", "415"} <= statuses, (method, path)
            if "{" in path:
                assert "404" in statuses, (method, path)
            # Logging in, and verifying an address, where the mailed token is the credential.
            logging_in = (path, method) in {
                ("/api/v1/auth/token/", "post"),
                ("/api/v1/profile/email/verify/", "post"),
            }
            assert ({"401", "403"} <= statuses) != logging_in, (method, path)
