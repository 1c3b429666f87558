"""The held-out evals (issues 13 and 17): retrieval and conversations the model was not tuned on.

`test_report` runs both sets once per session and prints the report; the target
tests read the same results. Targets the current code misses are marked
`xfail(strict=True)`: when the model work lands they pass, pytest then reports
XPASS as a failure, and the mark is removed. Print the report alone with
`python -m tests.evals.holdout`.
"""

from __future__ import annotations

import pytest

from agents.assistant import build_assistant
from knowledge.catalog import load_catalog
from knowledge.search import CatalogSearch
from songwish.services import Services
from tests.evals.grounding import Grounding
from tests.evals.holdout.conversations import TOO_LONG_CASES, all_scripts, run_conversations
from tests.evals.holdout.report import TARGET, Results, render
from tests.evals.holdout.retrieval import TOP, load_cases, run_retrieval

BELOW_TARGET = pytest.mark.xfail(strict=True, reason="baseline below target, issues 13/17")
_RESULTS = pytest.StashKey[Results]()


@pytest.fixture
async def holdout(request: pytest.FixtureRequest, eval_services: Services) -> Results:
    """Both sets, run once per session whichever target test asks first."""
    stash = request.config.stash
    if _RESULTS not in stash:
        retrieval = run_retrieval(CatalogSearch(eval_services.settings), load_cases())
        conversations = await run_conversations(
            build_assistant(eval_services), eval_services, Grounding(load_catalog())
        )
        stash[_RESULTS] = Results(retrieval, conversations)
    return stash[_RESULTS]


# --- the sets themselves (fast) ------------------------------------------------------
def test_retrieval_set_is_large_balanced_and_satisfiable() -> None:
    cases = load_cases()
    catalogue = load_catalog()
    assert len(cases) >= 150
    assert sum(case.lang == "fr" for case in cases) * 2 >= len(cases)
    assert len({case.id for case in cases}) == len(cases)
    kinds = {case.kind for case in cases}
    assert {"head_noun", "attribute", "by_name", "typo", "budget"} <= kinds
    # Every query has an answer in the catalogue within its budget (else it measures nothing).
    assert [case.id for case in cases if not case.fitting(catalogue)] == []
    # Predicates are not vacuous: none accepts more than a fifth of the catalogue.
    assert [c.id for c in cases if len(c.fitting(catalogue)) > len(catalogue) / 5] == []


def test_conversation_set_is_large_and_balanced() -> None:
    locales = [script.locale for _, script in all_scripts()] + [c.locale for c in TOO_LONG_CASES]
    assert len(locales) >= 60
    assert locales.count("fr") * 2 >= len(locales)
    names = [script.name for _, script in all_scripts()]
    assert len(set(names)) == len(names)


# --- the report and the targets (slow) ----------------------------------------------
@pytest.mark.slow
@pytest.mark.timeout(1200)  # a cold catalogue index is embedded in the fixture's setup
def test_report(holdout: Results, capsys: pytest.CaptureFixture[str]) -> None:
    with capsys.disabled():
        print(render(holdout))
    assert all(len(o.hits) <= TOP for o in holdout.retrieval.outcomes)


@pytest.mark.slow
@BELOW_TARGET
def test_retrieval_relevance_at_3(holdout: Results) -> None:
    assert holdout.retrieval.precision >= TARGET


@pytest.mark.slow
def test_retrieval_in_budget(holdout: Results) -> None:
    assert holdout.retrieval.in_budget >= TARGET


@pytest.mark.slow
@BELOW_TARGET
def test_conversation_completion(holdout: Results) -> None:
    assert holdout.completion >= TARGET


@pytest.mark.slow
def test_no_groundedness_violation(holdout: Results) -> None:
    assert holdout.violations == []
