"""The MCP SDK's token check, answered by the same `Auth` as the REST API."""

from __future__ import annotations

from mcp.server.auth.provider import AccessToken

from songwish.services import Services
from web.auth import Auth, InvalidToken

SCOPE = "gifts"


class SongWishTokenVerifier:
    """Signature, claims, logout denylist and user, exactly as `CurrentUser` does.

    The SDK answers 401 with `WWW-Authenticate` when this returns None, so a
    forged, expired or revoked token never reaches a tool.
    """

    def __init__(self, services: Services, auth: Auth) -> None:
        self.services = services
        self.auth = auth

    async def verify_token(self, token: str) -> AccessToken | None:
        try:
            async with self.services.database.session() as session:
                principal = await self.auth.authenticate(session, token)
        except InvalidToken:
            return None
        user = principal.user
        return AccessToken(
            token=token,
            client_id=self.auth.mode,
            scopes=[SCOPE],
            expires_at=int(principal.identity.expires_at.timestamp()),
            subject=user.id,
            claims={"locale": user.locale, "currency": user.currency},
        )
