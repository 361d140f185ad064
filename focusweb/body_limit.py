"""A limit on request bodies, enforced as the body arrives, before Django reads it.

Django's ASGI handler reads a whole body into a temporary file before any view or setting
can refuse it, so a 100 MB upload was read in full, and a chunked body (no Content-Length)
slipped past DATA_UPLOAD_MAX_MEMORY_SIZE. This middleware answers 413 as soon as the
declared or received length passes MAX_REQUEST_BODY_BYTES: JSON on the API, text elsewhere.
A few paths take larger bodies (file imports, IMPORT_MAX_BYTES), named by their prefix."""

import json


class RequestBodyLimit:
    def __init__(self, application, *, max_bytes: int, larger_for: dict[str, int] | None = None):
        self.application = application
        self.max_bytes = max_bytes
        self.larger_for = larger_for or {}

    def limit_for(self, path: str) -> int:
        for prefix, limit in self.larger_for.items():
            if path.startswith(prefix):
                return limit
        return self.max_bytes

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.application(scope, receive, send)
        max_bytes = self.limit_for(scope.get("path", ""))
        declared = dict(scope.get("headers", [])).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > max_bytes):
            return await self.too_large(scope, send, max_bytes)
        chunks, size = [], 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return None
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > max_bytes:
                return await self.too_large(scope, send, max_bytes)
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        body = b"".join(chunks)
        delivered = False

        async def replay():
            nonlocal delivered
            if not delivered:
                delivered = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        return await self.application(scope, replay, send)

    async def too_large(self, scope, send, max_bytes: int):
        reason = f"The request body is larger than {max_bytes} bytes ({max_bytes / 1048576:.1f} MB)."
        if scope.get("path", "").startswith("/api/"):
            body, content_type = json.dumps({"detail": reason}).encode(), b"application/json"
        else:
            body, content_type = reason.encode(), b"text/plain; charset=utf-8"
        await send(
            {
                "type": "http.response.start",
                "status": 413,
                "headers": [
                    (b"content-type", content_type),
                    (b"content-length", str(len(body)).encode()),
                    (b"connection", b"close"),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})
