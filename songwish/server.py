"""Serving: get the database and the catalogue index ready, then run one uvicorn process.

One process serves the API, the chat UI and the sandbox on one port. Several
replicas scale it (see docs/scaling.md); workers inside one process would
split Chainlit's websocket sessions, so there is one.
"""

from __future__ import annotations

import logging

import uvicorn

from songwish.settings import Settings

logger = logging.getLogger("songwish.server")


def prepare(settings: Settings) -> None:
    """Refuse an incomplete production setup, migrate, build a missing or stale index.

    Logging is configured first, so each phase is visible as it starts (see
    `songwish.startup`) instead of a silent wait before uvicorn's first line.
    """
    from knowledge.index import ensure_index
    from songwish.logging import configure_logging
    from songwish.startup import StartupProgress
    from store.migrate import upgrade

    settings.check_production()
    configure_logging(settings)
    progress = StartupProgress()
    with progress.phase("migrate"):
        upgrade(settings)
    report = ensure_index(settings, progress=progress)
    logger.info(report.summary())


def serve(settings: Settings, host: str, port: int) -> None:
    """Run `web.app:create_app` under uvicorn until interrupted."""
    logger.info("start-up: serve on http://%s:%s", host, port)
    uvicorn.run(
        "web.app:create_app",
        factory=True,
        host=host,
        port=port,
        proxy_headers=True,
        forwarded_allow_ips=settings.forwarded_allow_ips,
        log_level=settings.log_level.lower(),
        # Our request log replaces uvicorn's access lines (no raw paths with tokens).
        access_log=False,
    )
