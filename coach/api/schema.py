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
# A wall-clock time ("23:30" or "23:30:00"). OpenAPI's "format: time" means RFC 3339's
# full-time, which needs a UTC offset; a bedtime has none.
LOCAL_TIME = {"type": "string", "pattern": "^([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\\.[0-9]+)?)?$"}


def _error(description: str) -> dict:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
    }


def add_error_responses(result, generator, request, public):
    """drf-spectacular post-processing hook: add 400, 401, 403, 404, 409, 413, 415, 422 and 429 where
    an operation can answer them, without replacing what a view declared itself; and, since
    the API refuses fields it does not know, say so in every request body's schema."""
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas["Error"] = ERROR_SCHEMA
    for name, schema in schemas.items():
        if name.endswith("Request") and schema.get("type") == "object":
            schema["additionalProperties"] = False
        _local_times(schema)
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
            if method in WRITES or "requestBody" in operation:
                errors["413"] = "The request body is too large"
                errors["415"] = "The body is not JSON"
            if method != "get":
                errors["409"] = "The request conflicts with the current state (e.g. no timer is running)"
            if any(parameter.get("name") == "page" for parameter in operation.get("parameters", [])):
                errors["404"] = "No such page of results"
            if any(
                parameter.get("name") == "Idempotency-Key" for parameter in operation.get("parameters", [])
            ):
                errors["422"] = "The Idempotency-Key was already used for a different request"
            for status, description in errors.items():
                responses.setdefault(status, _error(description))
    return result


def _local_times(node) -> None:
    """Replace `format: time` wherever it appears with the wall-clock pattern."""
    if isinstance(node, dict):
        if node.get("format") == "time" and node.get("type") == "string":
            node.pop("format")
            node.update(LOCAL_TIME)
        for value in node.values():
            _local_times(value)
    elif isinstance(node, list):
        for value in node:
            _local_times(value)
