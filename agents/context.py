"""The per-run `Context`: who is chatting, in which language and currency.

It is built by the entry point from the verified login (never from the model)
and read as `runtime.context` by nodes and tools. `services` is the process's
infrastructure (database, catalogue, commerce); the offline model ignores it.
`saved_recipients` and `usual_budget` are the user's remembered people and
defaults, loaded with the user when the turn starts.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from songwish.services import Services

Locale = Literal["en", "fr"]


@dataclass(frozen=True)
class Context:
    user_id: str
    locale: Locale = "en"
    currency: str = "EUR"
    public_url: str = "http://localhost:8000"
    services: Services | None = field(default=None, repr=False, compare=False)
    # What the user saved, read by the entry point with the user (one query for both).
    saved_recipients: tuple[dict[str, Any], ...] = ()
    usual_budget: float | None = None

    def require_services(self) -> Services:
        """Tools and nodes that reach data need the services; a bare Context is for models."""
        if self.services is None:
            raise RuntimeError("this run has no services: build Context(services=...)")
        return self.services
