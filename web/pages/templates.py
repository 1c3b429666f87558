"""Rendering the pages: one Jinja2 environment (autoescaped) and the pages' words in en/fr."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, select_autoescape

TEMPLATES = Path(__file__).parent / "templates"
STATIC = Path(__file__).parent / "static"

_environment = Environment(
    loader=FileSystemLoader(TEMPLATES),
    autoescape=select_autoescape(["html"]),
    trim_blocks=True,
    lstrip_blocks=True,
)

WORDS: dict[str, dict[str, str]] = {
    "en": {
        "shared_by": "A gift list shared by {name}",
        "shared_intro": (
            "Reserve a gift so nobody else buys it. {name} won't see who reserved what."
        ),
        "shared_anonymous": "A gift list shared with you",
        "shared_intro_anonymous": (
            "Reserve a gift so nobody else buys it. "
            "The person who made this list won't see who reserved what."
        ),
        "default_title": "{name}'s gift list",
        "default_title_anonymous": "A gift list",
        "owner_banner": (
            "This is your list as your guests see it, except for one thing: to keep the "
            "surprise, you don't see what they reserved or bought."
        ),
        "your_name": "Your name (optional)",
        "claim": "I'll give this",
        "release": "Release",
        "mark_bought": "I bought it",
        "yours": "You reserved this gift",
        "status_available": "Available",
        "status_claimed": "Reserved",
        "status_purchased": "Bought",
        "empty": "This list has no gifts yet.",
        "missing_title": "This link doesn't work",
        "missing_text": "The list is unknown, or its owner stopped sharing it.",
        "taken": "Someone reserved this gift a moment ago. Pick another one?",
        "not_yours": "Only the person who reserved this gift can change it.",
        "done_claim": "Reserved! Come back to this page to release it or mark it bought.",
        "done_release": "The gift is available again.",
        "done_bought": "Thank you! The gift is marked as bought.",
        "made_with": "Made with SongWish, the assistant for music gifts",
        "open_chat": "Open SongWish",
        "occasion": "Occasion",
    },
    "fr": {
        "shared_by": "Une liste de cadeaux partagée par {name}",
        "shared_intro": (
            "Réservez un cadeau pour que personne d'autre ne l'achète. "
            "{name} ne verra pas qui a réservé quoi."
        ),
        "shared_anonymous": "Une liste de cadeaux partagée avec vous",
        "shared_intro_anonymous": (
            "Réservez un cadeau pour que personne d'autre ne l'achète. "
            "La personne qui a créé cette liste ne verra pas qui a réservé quoi."
        ),
        "default_title": "La liste de cadeaux de {name}",
        "default_title_anonymous": "Une liste de cadeaux",
        "owner_banner": (
            "Voici votre liste telle que vos invités la voient, à un détail près : pour "
            "garder la surprise, vous ne voyez pas ce qu'ils ont réservé ou acheté."
        ),
        "your_name": "Votre prénom (facultatif)",
        "claim": "Je l'offre",
        "release": "Libérer",
        "mark_bought": "Je l'ai acheté",
        "yours": "Vous avez réservé ce cadeau",
        "status_available": "Disponible",
        "status_claimed": "Réservé",
        "status_purchased": "Acheté",
        "empty": "Cette liste ne contient encore aucun cadeau.",
        "missing_title": "Ce lien ne fonctionne pas",
        "missing_text": "La liste est inconnue, ou sa propriétaire a arrêté de la partager.",
        "taken": "Quelqu'un vient de réserver ce cadeau. Un autre peut-être ?",
        "not_yours": "Seule la personne qui a réservé ce cadeau peut le modifier.",
        "done_claim": "Réservé ! Revenez sur cette page pour le libérer ou le marquer acheté.",
        "done_release": "Le cadeau est de nouveau disponible.",
        "done_bought": "Merci ! Le cadeau est marqué comme acheté.",
        "made_with": "Créé avec SongWish, l'assistant des cadeaux musicaux",
        "open_chat": "Ouvrir SongWish",
        "occasion": "Occasion",
    },
}


def words(locale: str) -> dict[str, str]:
    return WORDS.get(locale, WORDS["en"])


def page(name: str, *, status_code: int = 200, **context: Any) -> HTMLResponse:
    html = _environment.get_template(name).render(**context)
    return HTMLResponse(html, status_code=status_code, headers={"Cache-Control": "no-store"})
