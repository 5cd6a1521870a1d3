"""The HTTP API (the `server` extra): `create_app()` builds the Starlette application.

Run it with `ion-mentoring serve` or any ASGI server
(`uvicorn --factory ion_mentoring.server:create_app`). See docs/api.md.
"""

from __future__ import annotations

from .app import OPENAPI_PATH, create_app

__all__ = ["OPENAPI_PATH", "create_app"]
