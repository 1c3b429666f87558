"""Mounting the Chainlit chat UI (`app.py`) inside our FastAPI app at `/chat`.

Chainlit's server is one app per process: the first mount configures it from
the target file, later apps built in the same process (tests) mount that
same, already configured app.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI

from web.middleware import CHAT_PATH

CHAT_APP = Path(__file__).resolve().parents[1] / "app.py"

_configured = False


def mount_chat(app: FastAPI, target: Path) -> None:
    global _configured
    if not _configured:
        from chainlit.utils import mount_chainlit

        mount_chainlit(app=app, target=str(target), path=CHAT_PATH)
        _configured = True
        return
    from chainlit.server import app as chainlit_app

    app.mount(CHAT_PATH, chainlit_app)
