"""Logged-out tokens, kept in the database so every replica refuses them.

A row lives until the token would have expired anyway; logging out sweeps
the rows that are past that point, so the table stays small.
"""

from __future__ import annotations

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from store.models import RevokedToken, utcnow
from web.auth.identity import Identity


async def is_revoked(session: AsyncSession, *, token_id: str) -> bool:
    found = await session.scalar(select(RevokedToken.jti).where(RevokedToken.jti == token_id))
    return found is not None


async def revoke(session: AsyncSession, identity: Identity) -> None:
    await session.execute(delete(RevokedToken).where(RevokedToken.expires_at < utcnow()))
    if not await is_revoked(session, token_id=identity.token_id):
        session.add(RevokedToken(jti=identity.token_id, expires_at=identity.expires_at))
    await session.flush()
