"""The words of the chat UI in English and French (the assistant's own words live in agents/).

`say(locale, key, **values)` picks the locale's text (English when unknown) and
fills its `{placeholders}`; a missing key is a programming error, not a blank.
"""

from __future__ import annotations

from chainlit.types import Starter

LOCALES = ("en", "fr")

TEXTS: dict[str, dict[str, str]] = {
    "en": {
        "add_to_list": "Add to my list",
        "more_like_this": "More like this",
        "buy": "Buy",
        "add_to_cart": "Add to cart",
        "approve": "Approve and pay",
        "cancel": "Cancel",
        "approval_title": "Confirm this purchase",
        "approval_quantity": "Quantity",
        "approved": "Approved",
        "paid": "Paid",
        "declined": "Cancelled",
        "checkout": "Pay on the secure checkout",
        "checkout_hint": "The checkout opens in a new tab; come back here once you have paid.",
        "order_waiting": "Waiting for the payment…",
        "order_completed": "Order completed: **{title}** ({total}).",
        "order_failed": "The payment for **{title}** did not go through; nothing was charged.",
        "licence_keys": "Your licence key",
        "licence_pending": "Your licence key is being issued; it will appear here in a moment.",
        "licence_failed": (
            "Your payment went through, but we could not issue your licence key yet. "
            "We have been alerted and will send it to you; nothing more to pay."
        ),
        "panel_title": "My gift list",
        "panel_empty": "No gifts yet. Ask for ideas, then press “Add to my list”.",
        "share": "Create a share link",
        "copy_link": "Copy link",
        "copied": "Copied!",
        "share_hint": "Guests with this link can claim gifts; you won't see who claimed what.",
        "status_available": "available",
        "status_claimed": "claimed",
        "status_purchased": "purchased",
        "added": "Added **{title}** to “{list}”.",
        "item_gone": "That item is no longer in the catalogue.",
        "step_failed": "failed",
        "show_list": "See my list",
        "login_wrongpassword": "Wrong password for this email address.",
        "login_passwordrule": "Passwords have at least 8 characters.",
        "login_invalidemail": "That email address does not look right (example: name@example.com).",
        "more_like": "More ideas like “{title}”",
        "buy_item": "I'd like to buy “{title}”",
        "setting_language": "Language",
        "setting_currency": "Currency",
        "settings_saved": "Settings saved: {language}, prices in {currency}.",
        "error_busy": "You are sending messages very fast. Please wait {seconds} s and try again.",
        "error_provider": (
            "The assistant is not reachable right now. Your conversation is safe; "
            "please try again in a moment."
        ),
        "error_provider_limit": (
            "The assistant is very busy right now (rate limit). Please try again in a minute."
        ),
        "error_invalid": "I couldn't do that: {message}",
        "error_unexpected": (
            "Something went wrong on our side; your conversation is safe. Please try again."
        ),
        "welcome": "Hello {name}! Who are you looking for a music gift for?",
        "welcome_back": "Welcome back, {name}. Let's carry on.",
    },
    "fr": {
        "add_to_list": "Ajouter à ma liste",
        "more_like_this": "Plus d'idées comme ça",
        "buy": "Acheter",
        "add_to_cart": "Ajouter au panier",
        "approve": "Valider et payer",
        "cancel": "Annuler",
        "approval_title": "Confirmer cet achat",
        "approval_quantity": "Quantité",
        "approved": "Validé",
        "paid": "Payé",
        "declined": "Annulé",
        "checkout": "Payer sur la page sécurisée",
        "checkout_hint": "Le paiement s'ouvre dans un nouvel onglet ; revenez ici une fois payé.",
        "order_waiting": "En attente du paiement…",
        "order_completed": "Commande réglée : **{title}** ({total}).",
        "order_failed": "Le paiement de **{title}** n'a pas abouti ; rien n'a été débité.",
        "licence_keys": "Votre clé de licence",
        "licence_pending": "Votre clé de licence est en cours d'émission ; elle s'affichera ici.",
        "licence_failed": (
            "Votre paiement est bien passé, mais votre clé de licence n'a pas encore pu être "
            "émise. Nous sommes prévenus et vous l'enverrons ; rien de plus à payer."
        ),
        "panel_title": "Ma liste de cadeaux",
        "panel_empty": (
            "Aucun cadeau pour l'instant. Demandez des idées, puis « Ajouter à ma liste »."
        ),
        "share": "Créer un lien de partage",
        "copy_link": "Copier le lien",
        "copied": "Copié !",
        "share_hint": (
            "Vos proches peuvent réserver un cadeau avec ce lien ; vous ne verrez pas qui."
        ),
        "status_available": "disponible",
        "status_claimed": "réservé",
        "status_purchased": "acheté",
        "added": "**{title}** ajouté à « {list} ».",
        "item_gone": "Cet article n'est plus au catalogue.",
        "step_failed": "échec",
        "show_list": "Voir ma liste",
        "login_wrongpassword": "Mot de passe incorrect pour cette adresse e-mail.",
        "login_passwordrule": "Le mot de passe doit contenir au moins 8 caractères.",
        "login_invalidemail": (
            "Cette adresse e-mail ne semble pas valide (exemple : nom@exemple.fr)."
        ),
        "more_like": "D'autres idées comme « {title} »",
        "buy_item": "Je voudrais acheter « {title} »",
        "setting_language": "Langue",
        "setting_currency": "Devise",
        "settings_saved": "Réglages enregistrés : {language}, prix en {currency}.",
        "error_busy": "Vous envoyez des messages très vite. Patientez {seconds} s puis réessayez.",
        "error_provider": (
            "L'assistant est injoignable pour le moment. Votre conversation est conservée ; "
            "réessayez dans un instant."
        ),
        "error_provider_limit": (
            "L'assistant est très sollicité (limite atteinte). Réessayez dans une minute."
        ),
        "error_invalid": "Je n'ai pas pu le faire : {message}",
        "error_unexpected": (
            "Un problème est survenu de notre côté ; votre conversation est conservée. Réessayez."
        ),
        "welcome": "Bonjour {name} ! Pour qui cherchez-vous un cadeau musical ?",
        "welcome_back": "Bon retour, {name}. Reprenons.",
    },
}

LANGUAGE_NAMES = {"en": "English", "fr": "Français"}

STARTERS = {
    "en": [
        ("Jazz piano gift", "My sister plays jazz piano, something around €60?"),
        ("Beginner guitarist", "Gift ideas for a beginner guitarist under $100"),
        ("Vinyl lover", "A vinyl for my dad who loves soul music"),
        ("My gift list", "Show my gift list"),
    ],
    "fr": [
        ("Piano jazz", "Ma sœur joue du piano jazz, une idée autour de 60 € ?"),
        ("Guitariste débutant", "Un cadeau pour un guitariste débutant à moins de 50 €"),
        ("Amateur de vinyles", "Un vinyle pour mon père qui adore la soul"),
        ("Ma liste", "Montre ma liste de cadeaux"),
    ],
}


def locale_of(language: str | None) -> str:
    """`fr-FR`, `fr`, `FR` → `fr`; anything else → `en`."""
    code = (language or "").strip().lower()[:2]
    return code if code in LOCALES else "en"


def say(locale: str, key: str, **values: object) -> str:
    text = TEXTS[locale_of(locale)][key]
    return text.format(**values) if values else text


def labels(locale: str, *keys: str) -> dict[str, str]:
    """Several texts at once, for a custom element's props."""
    return {key: say(locale, key) for key in keys}


def starters(language: str | None) -> list[Starter]:
    return [
        Starter(label=label, message=message) for label, message in STARTERS[locale_of(language)]
    ]
