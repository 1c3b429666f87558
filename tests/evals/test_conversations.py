"""The conversation evals: 40+ scripted conversations through the real graph and services.

Each script runs against the offline model (no API key), the LangGraph graph,
the tools, SQLite, the shipped catalogue in Chroma and the commerce sandbox.
A conversation completes when every turn made the expected tool calls, no
tool failed, each reply is in the person's language and the saved state is
right. Every reply is also checked for groundedness.
"""

from __future__ import annotations

import time

import pytest

from agents.assistant import build_assistant
from knowledge.catalog import load_catalog
from tests.agents.conftest import new_user
from tests.evals.grounding import Grounding
from tests.evals.harness import Record, Script, run_script
from tests.evals.scripts_dialogue import SCRIPTS_DIALOGUE
from tests.evals.scripts_en import SCRIPTS_EN
from tests.evals.scripts_fr import SCRIPTS_FR

SCRIPTS = [*SCRIPTS_EN, *SCRIPTS_FR]
TARGET_COMPLETION = 0.95

pytestmark = pytest.mark.slow


# A cold catalogue index (first run on a machine) is embedded inside this test's setup.
@pytest.mark.timeout(900)
async def test_offline_model_conversations(eval_services, capsys) -> None:
    records, report = await _run_all(eval_services, SCRIPTS)
    with capsys.disabled():
        print(report)

    french = sum(script.locale == "fr" for script in SCRIPTS)
    assert len(SCRIPTS) >= 40 and french >= 20
    completed = sum(record.completed for record in records) / len(records)
    assert completed >= TARGET_COMPLETION, report
    assert not [v for record in records for v in record.violations], report


@pytest.mark.timeout(900)
async def test_dialogue_conversations(eval_services, capsys) -> None:
    """Issues 13 and 17: refinements, typed decisions, currency, languages, named products."""
    records, report = await _run_all(eval_services, SCRIPTS_DIALOGUE)
    with capsys.disabled():
        print(report)
    assert all(record.completed for record in records), report
    assert not [v for record in records for v in record.violations], report


async def _run_all(services, scripts: list[Script]) -> tuple[list[Record], str]:
    assistant = build_assistant(services)
    grounding = Grounding(load_catalog())
    records: list[Record] = []
    started = time.perf_counter()
    for number, script in enumerate(scripts):
        user = await new_user(services, f"eval{number}", **script.user)
        if script.setup:
            await script.setup(services, user.id)
        try:
            records.append(await run_script(assistant, services, user.id, script, grounding))
        except Exception as error:  # noqa: BLE001 - a crash fails that conversation only
            records.append(Record(script, problems=[f"crashed: {error!r}"]))
    return records, _report(records, time.perf_counter() - started)


def _report(records: list[Record], seconds: float) -> str:
    turns = sum(len(record.turns) for record in records)
    done = sum(record.completed for record in records)
    violations = [v for record in records for v in record.violations]
    lines = [
        "",
        f"offline model evals: {done}/{len(records)} conversations completed "
        f"({done / len(records):.1%}, target {TARGET_COMPLETION:.0%}); "
        f"{turns} turns in {seconds:.1f} s; groundedness violations: {len(violations)}",
    ]
    for record in records:
        for problem in record.problems + record.violations:
            lines.append(f"  {record.script.name}: {problem}")
    return "\n".join(lines)
