"""The sandbox's hosted checkout page, where a person pays or cancels a session.

Paying creates a FastSpring-shaped order and sends the signed `order.completed`
webhook to the app before showing the receipt, so the app already knows when
the buyer clicks back. A declined payment (fault `decline_next`) sends
`order.failed`. Canceling charges nothing and, as on FastSpring, the session
stays payable until it expires.
"""

from __future__ import annotations

from html import escape
from pathlib import Path
from string import Template
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from commerce.sandbox.delivery import deliver
from commerce.sandbox.products import Charge
from commerce.sandbox.shapes import new_order, product_title
from commerce.sandbox.state import SandboxState, now_ms, sandbox_state
from store.money import format_money

router = APIRouter(prefix="/checkout")
State = Annotated[SandboxState, Depends(sandbox_state)]
PAGE = Template((Path(__file__).parent / "checkout.html").read_text(encoding="utf-8"))

LABELS = {
    "en": {
        "badge": "Test checkout · no real payment",
        "open": "Complete your purchase",
        "open_status": "Review your order, then pay.",
        "paid": "Thank you!",
        "paid_status": "Payment received. Order $reference.",
        "canceled": "Payment canceled",
        "canceled_status": "Nothing was charged. You can still pay until this checkout expires.",
        "declined": "Payment declined",
        "declined_status": "Your card was declined. Nothing was charged.",
        "expired": "This checkout has expired",
        "expired_status": "Ask SongWish for a new checkout link.",
        "item": "Item",
        "quantity": "Quantity",
        "tax": "Tax included",
        "tax_added": "Sales tax",
        "total": "Total",
        "pay": "Pay $total",
        "cancel": "Cancel",
        "pay_anyway": "Pay after all",
        "back": "Back to SongWish",
        "fine": "SongWish sandbox: it behaves like FastSpring's checkout, and no money moves.",
    },
    "fr": {
        "badge": "Paiement de test · aucun débit réel",
        "open": "Finalisez votre achat",
        "open_status": "Vérifiez votre commande, puis payez.",
        "paid": "Merci !",
        "paid_status": "Paiement reçu. Commande $reference.",
        "canceled": "Paiement annulé",
        "canceled_status": "Rien n’a été débité. "
        "Vous pouvez encore payer tant que ce lien est valide.",
        "declined": "Paiement refusé",
        "declined_status": "Votre carte a été refusée. Rien n’a été débité.",
        "expired": "Ce lien de paiement a expiré",
        "expired_status": "Demandez un nouveau lien à SongWish.",
        "item": "Article",
        "quantity": "Quantité",
        "tax": "Dont taxes",
        "tax_added": "Taxe de vente",
        "total": "Total",
        "pay": "Payer $total",
        "cancel": "Annuler",
        "pay_anyway": "Payer quand même",
        "back": "Retour à SongWish",
        "fine": "Bac à sable SongWish : il se comporte comme le paiement FastSpring, "
        "sans aucun mouvement d’argent.",
    },
}


def _return_url(value: str | None) -> str:
    """Only paths on this site: a checkout link must not redirect anywhere else."""
    return value if value and value.startswith("/") and not value.startswith("//") else "/"


def _status(session: dict[str, Any]) -> str:
    if session["status"] in ("open", "declined") and now_ms() > session["expires"]:
        return "expired"
    return session["status"]


def _form(request: Request, session_id: str, action: str, label: str, css: str, back: str) -> str:
    url = escape(str(request.url_for(f"checkout_{action}", session_id=session_id)))
    return (
        f'<form method="post" action="{url}">'
        f'<input type="hidden" name="return_url" value="{escape(back)}">'
        f'<button class="{css}" type="submit">{escape(label)}</button></form>'
    )


def _actions(
    request: Request,
    session: dict[str, Any],
    status: str,
    text: dict[str, str],
    total: str,
    back: str,
) -> str:
    link = f'<a class="link secondary" href="{escape(back)}">{escape(text["back"])}</a>'
    pay = Template(text["pay"]).safe_substitute(total=total)
    if status in ("open", "declined"):
        return _form(request, session["id"], "pay", pay, "primary", back) + _form(
            request, session["id"], "cancel", text["cancel"], "secondary", back
        )
    if status == "canceled":
        return _form(request, session["id"], "pay", text["pay_anyway"], "primary", back) + link
    return link.replace("link secondary", "link primary") if status == "paid" else link


def render(request: Request, state: SandboxState, session: dict[str, Any], back: str) -> str:
    account = state.accounts[session["account"]]
    language = account["language"] if account["language"] in LABELS else "en"
    text, status = LABELS[language], _status(session)
    currency = session["currency"]
    charge = Charge.of(session["subtotal_minor"], account["country"])
    total = format_money(charge.total, currency, language)
    reference = state.orders[session["order"]]["reference"] if session["order"] else ""
    values = {
        "lang": language,
        "page_title": escape(text[status]),
        "badge": escape(text["badge"]),
        "heading": escape(text[status]),
        "status": escape(Template(text[f"{status}_status"]).safe_substitute(reference=reference)),
        "status_class": {"paid": "ok", "declined": "warn", "expired": "warn"}.get(status, ""),
        "item_label": escape(text["item"]),
        "item": escape(", ".join(product_title(line["product"]) for line in session["items"])),
        "quantity_label": escape(text["quantity"]),
        "quantity": str(sum(line["quantity"] for line in session["items"])),
        "tax_label": escape(text["tax_added" if charge.tax_added else "tax"]),
        "tax": escape(format_money(charge.tax, currency, language)),
        "total_label": escape(text["total"]),
        "total": escape(total),
        "actions": _actions(request, session, status, text, total, back),
        "fine_print": escape(text["fine"]),
    }
    return PAGE.substitute(values)


def _not_found() -> HTMLResponse:
    return HTMLResponse(
        "<!doctype html><title>Not found</title><p>Unknown checkout session.</p>", status_code=404
    )


@router.get("/{session_id}", name="checkout_page", response_class=HTMLResponse)
def checkout_page(
    request: Request, state: State, session_id: str, return_url: str | None = None
) -> HTMLResponse:
    session = state.sessions.get(session_id)
    if session is None:
        return _not_found()
    return HTMLResponse(render(request, state, session, _return_url(return_url)))


def _back_to_page(request: Request, session_id: str, back: str) -> RedirectResponse:
    url = request.url_for("checkout_page", session_id=session_id).include_query_params(
        return_url=back
    )
    return RedirectResponse(str(url), status_code=303)


@router.post("/{session_id}/pay", name="checkout_pay", response_model=None)
async def pay(
    request: Request,
    state: State,
    session_id: str,
    return_url: Annotated[str | None, Form()] = None,
) -> RedirectResponse | HTMLResponse:
    session = state.sessions.get(session_id)
    if session is None:
        return _not_found()
    back = _return_url(return_url)
    if _status(session) not in ("open", "declined", "canceled"):
        return _back_to_page(request, session_id, back)  # paid already (double click) or expired
    declined = state.faults.decline_next > 0
    state.faults.decline_next -= int(declined)
    # Set the state before the first await so a second click sees it.
    order = new_order(state, session, completed=not declined)
    session["status"] = "declined" if declined else "paid"
    session["order"] = None if declined else order["id"]
    await deliver(state, ("order.failed" if declined else "order.completed", order))
    return _back_to_page(request, session_id, back)


@router.post("/{session_id}/cancel", name="checkout_cancel", response_model=None)
def cancel(
    request: Request,
    state: State,
    session_id: str,
    return_url: Annotated[str | None, Form()] = None,
) -> RedirectResponse | HTMLResponse:
    session = state.sessions.get(session_id)
    if session is None:
        return _not_found()
    if _status(session) in ("open", "declined"):
        session["status"] = "canceled"
    return _back_to_page(request, session_id, _return_url(return_url))
