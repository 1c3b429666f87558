"""The shared page's words for group gifts and reveal dates, in en/fr, and its notices."""

from __future__ import annotations

from typing import Literal

GroupNotice = Literal[
    "pledged", "pledge_changed", "withdrawn", "organising", "group_bought",
    "too_much", "bad_amount", "not_funded", "not_allowed", "closed",
]  # fmt: skip
# Outcomes the page shows as warnings rather than confirmations.
GROUP_WARNINGS = ("too_much", "bad_amount", "not_funded", "not_allowed", "closed")

GROUP_WORDS: dict[str, dict[str, str]] = {
    "en": {
        "group": "Group gift",
        "funded": "{pledged} of {price} funded",
        "remaining": "{remaining} to go",
        "complete": "Fully funded!",
        "pledgers": "{count} pledge(s)",
        "organiser": "Organised by {name}",
        "a_guest": "a guest",
        "amount": "Your share",
        "pledge": "I'll chip in",
        "change": "Change my share",
        "withdraw": "Withdraw",
        "organise": "I'll organise (collect the money and buy it)",
        "take_over": "I'll organise instead",
        "sign": "Let {name} see my name once gifts are revealed",
        "yours": "Your share: {amount}",
        "you_organise": "You organise this gift: collect the shares, then buy it.",
        "contributions": "Who pledged what (only you see this)",
        "mark_bought": "I bought it",
        "pledged": "Thank you! Come back to this page to change or withdraw your share.",
        "pledge_changed": "Your share is changed.",
        "withdrawn": "Your share is withdrawn.",
        "organising": "You now organise this gift.",
        "group_bought": "Thank you! The gift is marked as bought.",
        "too_much": "That is more than what remains to fund. Try a smaller share?",
        "bad_amount": "Please type an amount, like 20 or 12.50.",
        "not_funded": "The gift is not fully funded yet.",
        "not_allowed": (
            "Only the guest who pledged can change a share, and only the organiser "
            "marks the gift bought."
        ),
        "closed": "This gift can no longer take pledges.",
        "owner_hidden": (
            "Group gift: guests chip in together (totals stay hidden to keep the surprise)."
        ),
        "reveal_on": "Claims stay hidden from you until {date}.",
    },
    "fr": {
        "group": "Cadeau commun",
        "funded": "{pledged} sur {price} financés",
        "remaining": "encore {remaining}",
        "complete": "Entièrement financé !",
        "pledgers": "{count} participation(s)",
        "organiser": "Organisé par {name}",
        "a_guest": "un invité",
        "amount": "Votre part",
        "pledge": "Je participe",
        "change": "Modifier ma part",
        "withdraw": "Retirer ma part",
        "organise": "J'organise (je collecte et j'achète)",
        "take_over": "J'organise à la place",
        "sign": "{name} pourra voir mon nom une fois les cadeaux révélés",
        "yours": "Votre part : {amount}",
        "you_organise": "Vous organisez ce cadeau : collectez les parts, puis achetez-le.",
        "contributions": "Qui a promis quoi (vous seul le voyez)",
        "mark_bought": "Je l'ai acheté",
        "pledged": "Merci ! Revenez sur cette page pour modifier ou retirer votre part.",
        "pledge_changed": "Votre part est modifiée.",
        "withdrawn": "Votre part est retirée.",
        "organising": "Vous organisez maintenant ce cadeau.",
        "group_bought": "Merci ! Le cadeau est marqué comme acheté.",
        "too_much": "C'est plus que ce qu'il reste à financer. Une part plus petite ?",
        "bad_amount": "Indiquez un montant, comme 20 ou 12,50.",
        "not_funded": "Le cadeau n'est pas encore entièrement financé.",
        "not_allowed": (
            "Seule la personne qui a promis une part peut la modifier, et seul "
            "l'organisateur marque le cadeau acheté."
        ),
        "closed": "Ce cadeau ne prend plus de participations.",
        "owner_hidden": (
            "Cadeau commun : vos invités se cotisent (les montants restent cachés "
            "pour garder la surprise)."
        ),
        "reveal_on": "Les réservations vous restent cachées jusqu'au {date}.",
    },
}


def group_words(locale: str) -> dict[str, str]:
    return GROUP_WORDS.get(locale, GROUP_WORDS["en"])

