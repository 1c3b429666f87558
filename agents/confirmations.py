"""A typed answer to the purchase question: "yes", "vas-y", "no, don't buy it", "annule".

While a purchase waits for approval, a message that only says yes or no
decides THAT purchase, exactly as the Approve/Cancel buttons would; it never
reaches the model, which could read "don't buy it" as a new purchase. A
message that says more ("no, show me cheaper ones") is a new request: the
graph cancels the proposal and the model answers it. Any model, offline or
OpenAI, gets the same rule because it lives before the graph.
"""

from __future__ import annotations

import re

from knowledge.vocabulary import fold

# Longer than this, a message is a new request rather than an answer.
_MAX_WORDS = 8
_NO = re.compile(
    r"^(?:no+|non+|nope|nah|cancel|annule[rz]?|annulation|laisse tomber|laissez tomber|stop|"
    r"abort|forget it|never ?mind|nevermind|oublie|oubliez|pas (?:la peine|maintenant)|"
    r"surtout pas|finalement non|en fait non|actually no|no thanks|non merci|"
    r"(?:don'?t|do not|ne l'achete pas|n'achete pas|ne commande pas|n'achetez pas) ?\w*|"
    r"je (?:ne )?(?:veux|souhaite) (?:pas|plus)|i (?:don'?t|do not) want|i changed my mind|"
    r"j'ai change d'avis|refuse[rz]?|decline)\b"
)
_YES = re.compile(
    r"^(?:yes+|yeah|yep|yup|ya|sure|ok(?:ay)?|oui+|ouais|go(?: ahead| for it)?|do it|"
    r"let'?s (?:do it|go)|confirm(?:e|ed|er|ez)?|je confirme|i confirm|approve[dr]?|"
    r"valide[rz]?|je valide|vas-?y|allez-?y|d'accord|dac|c'est bon|parfait|perfect|"
    r"(?:buy|achete|commande|prends)[- ](?:it|le|la)|please do|absolument|bien sur|of course)\b"
)
# Words that turn a short answer into a request ("yes but cheaper", "non, plutôt un vinyle").
_MORE = re.compile(
    r"\b(?:but|mais|instead|plutot|rather|cheaper|moins cher|autre|other|else|show|montre)\b"
)


def typed_decision(text: str) -> bool | None:
    """True (buy), False (cancel) or None when the message is not a plain yes or no."""
    folded = " ".join(re.sub(r"[^\w' -]", " ", fold(text.replace("’", "'"))).split())
    if not folded or len(folded.split()) > _MAX_WORDS or _MORE.search(folded):
        return None
    if _NO.search(folded):
        return False
    if _YES.search(folded):
        return True
    return None
