from tests.agents.catalogue import ITEMS
from tools.reasons import reason_for

PIANO_APP = next(item for item in ITEMS if item.id == "sw-piano")


def test_reason_names_only_tags_the_item_carries_in_the_persons_language():
    wanted = {"instruments": ("piano", "guitar"), "levels": ("beginner",), "genres": ("metal",)}
    english = reason_for(PIANO_APP, wanted=wanted, budget_display="€80.00", profile_name=None,
                         locale="en")  # fmt: skip
    assert english == "matches piano, beginner; within your €80.00 budget"
    french = reason_for(PIANO_APP, wanted=wanted, budget_display="80,00 €", profile_name="Léa",
                        locale="fr")  # fmt: skip
    assert french == "pour Léa ; correspond à : piano, débutant ; dans votre budget de 80,00 €"


def test_without_any_match_the_reason_says_it_is_close_to_the_request():
    assert reason_for(PIANO_APP, wanted={}, budget_display=None, profile_name=None,
                      locale="fr") == "proche de votre demande"  # fmt: skip
