"""The sandbox app: FastSpring and LicenseSpring stand-ins plus a hosted checkout page.

Mounted by the web app at `/sandbox` in development; it refuses to exist when
IS_PRODUCTION=true. Its memory lives in this app instance, so a restart starts
an empty shop, like a fresh vendor test account.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import Depends, FastAPI
from pydantic import BaseModel, Field

from commerce.sandbox import checkout, fastspring_api, licensespring_api
from commerce.sandbox.credentials import SandboxInProduction, sandbox_credentials
from commerce.sandbox.fastspring_api import fastspring_auth
from commerce.sandbox.state import Faults, SandboxState, sandbox_state
from songwish.settings import Settings

State = Annotated[SandboxState, Depends(sandbox_state)]


class FaultRequest(BaseModel):
    """Fields left out keep their current value; `reset` clears every fault first."""

    reset: bool = False
    fail_next: int | None = Field(default=None, ge=0, le=100)
    status: Literal[429, 500, 502, 503, 504] | None = None
    timeout_next: int | None = Field(default=None, ge=0, le=100)
    timeout_seconds: float | None = Field(default=None, gt=0, le=120)
    only_path: str | None = Field(default=None, max_length=200)
    decline_next: int | None = Field(default=None, ge=0, le=100)
    duplicate_webhooks: bool | None = None
    drop_webhooks: bool | None = None
    live_orders: bool | None = None


def create_sandbox_app(settings: Settings) -> FastAPI:
    if settings.is_production:
        raise SandboxInProduction("the commerce sandbox is refused when IS_PRODUCTION=true")
    app = FastAPI(
        title="SongWish commerce sandbox", docs_url=None, redoc_url=None, openapi_url=None
    )
    app.state.sandbox = SandboxState(settings=settings, credentials=sandbox_credentials(settings))
    app.add_exception_handler(
        licensespring_api.LicenseApiError, licensespring_api.license_api_error
    )
    app.include_router(fastspring_api.router)
    app.include_router(licensespring_api.management)
    app.include_router(licensespring_api.license_api)
    app.include_router(checkout.router)

    @app.get("/_control", dependencies=[Depends(fastspring_auth)])
    def control_status(state: State) -> dict[str, Any]:
        return state.snapshot()

    @app.post("/_control", dependencies=[Depends(fastspring_auth)])
    def control(state: State, faults: FaultRequest) -> dict[str, Any]:
        """Tests' lever: make the next vendor calls fail, hang, decline or repeat webhooks."""
        if faults.reset:
            state.faults = Faults()
        for name, value in faults.model_dump(exclude={"reset"}, exclude_none=True).items():
            setattr(state.faults, name, value)
        return state.snapshot()

    return app
