"""The OpenAPI schema's error answers: every operation declares each status it can return,
with the one error shape (coach/api/errors.py), so a client and a schema-driven test know
what to expect."""

ERROR_SCHEMA = {
    "type": "object",
    "description": "`detail` with a reason, or each refused field with its list of reasons.",
    "properties": {"detail": {"type": "string"}},
    "additionalProperties": {"type": "array", "items": {"type": "string"}},
}
WRITES = {"post", "put", "patch"}


def _error(description: str) -> dict:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
    }


def add_error_responses(result, generator, request, public):
    """drf-spectacular post-processing hook: add 400, 401, 403, 404, 413, 415 and 429 where an
    operation can answer them, without replacing what a view declared itself."""
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
    for path, operations in result.get("paths", {}).items():
        for method, operation in operations.items():
            if method not in {"get", "post", "put", "patch", "delete"}:
                continue
            responses = operation.setdefault("responses", {})
            anonymous = operation.get("security", []) in ([], [{}])
            errors = {
                "400": "A parameter or field was refused; the body names it",
                "429": "Too many requests; Retry-After says when to try again",
            }
            if not anonymous:
                errors["401"] = "No valid credentials"
                errors["403"] = "Not allowed, or a form post without its CSRF token"
            if "{" in path:
                errors["404"] = "Not found, or not yours"
            if method in WRITES:
                errors["413"] = "The request body is too large"
                errors["415"] = "The body is not JSON"
            for status, description in errors.items():
                responses.setdefault(status, _error(description))
    return result
