"""Typed domain errors; the web layer maps them to HTTP statuses.

DomainError
├── NotFound          (404)  unknown id, or another user's id
├── InvalidInput      (400)  a value the domain rejects
└── Conflict          (409)  the request clashes with the current state
    ├── IllegalTransition    a gift status change the rules forbid
    ├── OverPledged          pledges would exceed a group gift's price
    └── NotFullyFunded       a group gift bought before its pledges cover it
"""

from __future__ import annotations

from typing import Any


class DomainError(Exception):
    """Base of every error a person may see; `code` is stable for API clients."""

    code = "domain_error"

    def __init__(self, message: str, **details: Any) -> None:
        super().__init__(message)
        self.message = message
        self.details = details


class NotFound(DomainError):
    code = "not_found"


class InvalidInput(DomainError):
    code = "invalid_input"


class Conflict(DomainError):
    code = "conflict"


class IllegalTransition(Conflict):
    code = "illegal_transition"


class OverPledged(Conflict):
    code = "over_pledged"


class NotFullyFunded(Conflict):
    code = "not_fully_funded"
