"""POST /chat/login: the chat's sign-in form, answered with the reason when it fails.

Chainlit's own /login turns every refusal into a bare "credentialssignin" (its
password callback returns a user or None and it swallows exceptions), and its
login page then says "Unable to sign in". This route is registered before the chat
is mounted, so it answers first. Chainlit's page words its error box after the
answer's status text, so each reason gets its own status (401 wrong password,
400 password rule, 422 e-mail format; texts in .chainlit/translations under
`auth.login.errors`), and `detail`, which its toast shows, says it in words.
On success Chainlit takes over and sets the session cookie.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse, Response
from fastapi.security import OAuth2PasswordRequestForm

from web.chat import identity, texts
from web.deps import ServicesDep, guest_locale, limit_ip
from web.middleware import CHAT_PATH

router = APIRouter(include_in_schema=False)
STATUS = {"wrongpassword": 401, "passwordrule": 400, "invalidemail": 422}


@router.post(f"{CHAT_PATH}/login", dependencies=[Depends(limit_ip)])
async def chat_login(
    request: Request,
    services: ServicesDep,
    form: Annotated[OAuth2PasswordRequestForm, Depends()],
) -> Response:
    from chainlit.server import _authenticate_user  # its cookie, as for its own /login

    try:
        async with services.database.session() as session:
            user = await identity.local_login(session, email=form.username, password=form.password)
    except identity.LoginRefused as refused:
        text = texts.say(guest_locale(request), f"login_{refused.reason}")
        return JSONResponse({"detail": text}, status_code=STATUS[refused.reason])
    return await _authenticate_user(request, user)
