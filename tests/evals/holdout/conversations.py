"""Runs the held-out conversations through the real assistant and classifies the outcomes.

The over-long message is the one turn a `Script` cannot express: the assistant
refuses it by raising `InvalidInput`, and what the person reads is the chat's
rendering of that error. So it is judged here: the text they would read must be
in one language and state the limit, and the next, normal message must work.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from agents.assistant import Assistant
from agents.events import Final
from agents.offline.text import detect_locale
from songwish.services import Services
from store.errors import InvalidInput
from tests.agents.conftest import new_user
from tests.evals.grounding import Grounding
from tests.evals.harness import Record, Script, Step, run_script
from tests.evals.holdout.checks import shows_some
from tests.evals.holdout.conversations_en import SCRIPTS_EN
from tests.evals.holdout.conversations_fr import SCRIPTS_FR
from tests.evals.holdout.scenarios import SEARCH
from web.chat import texts

TOO_LONG = "too long"


@dataclass(frozen=True)
class TooLong:
    """An over-long message, then an ordinary request in the same language."""

    name: str
    locale: str
    sentence: str
    follow_up: str

    def script(self) -> Script:
        step = Step(self.follow_up, (SEARCH,))
        return Script(self.name, self.locale, (step,), final=(shows_some(0),),
                      user={"locale": self.locale})  # fmt: skip


TOO_LONG_CASES = (
    TooLong(
        "h_en_too_long_then_request",
        "en",
        "My dad loves jazz and old records and he has so many of them already. ",
        "ok short version: a jazz vinyl for my dad under 40",
    ),
    TooLong(
        "h_fr_trop_long_puis_demande",
        "fr",
        "Mon pere adore le jazz et les vieux disques, il en a deja plein chez lui. ",
        "bon en bref : un vinyle de jazz pour mon pere, 40 balles max",
    ),
)


@dataclass
class Outcome:
    kind: str
    record: Record

    @property
    def locale(self) -> str:
        return self.record.script.locale


def all_scripts() -> list[tuple[str, Script]]:
    return [
        (kind, script)
        for by_kind in (SCRIPTS_EN, SCRIPTS_FR)
        for kind, scripts in by_kind.items()
        for script in scripts
    ]


async def run_conversations(
    assistant: Assistant, services: Services, grounding: Grounding
) -> list[Outcome]:
    outcomes = []
    for number, (kind, script) in enumerate(all_scripts()):
        outcomes.append(Outcome(kind, await _run(assistant, services, grounding, number, script)))
    for number, case in enumerate(TOO_LONG_CASES):
        record = await _run(assistant, services, grounding, f"long{number}", case.script())
        limit = services.settings.max_message_chars
        record.problems[:0] = await _too_long_problems(assistant, services, case, limit)
        outcomes.append(Outcome(TOO_LONG, record))
    return outcomes


async def _run(
    assistant: Assistant, services: Services, grounding: Grounding, number: object, script: Script
) -> Record:
    user = await new_user(services, f"holdout{number}", **script.user)
    if script.setup:
        await script.setup(services, user.id)
    try:
        return await run_script(assistant, services, user.id, script, grounding)
    except Exception as error:  # noqa: BLE001 - a crash fails that conversation only
        return Record(script, problems=[f"crashed: {error!r}"])


async def _too_long_problems(
    assistant: Assistant, services: Services, case: TooLong, limit: int
) -> list[str]:
    user = await new_user(services, f"{case.name}-long", locale=case.locale)
    message = case.sentence * (limit // len(case.sentence) + 2)
    try:
        reply = ""
        async for event in assistant.stream(user_id=user.id, message=message):
            if isinstance(event, Final):
                reply = event.turn.response
    except InvalidInput as error:  # what the chat shows for a refused message
        reply = texts.say(case.locale, "error_invalid", message=error.message)
    except Exception as error:  # noqa: BLE001 - anything else is a failure, not a crash
        return [f"over-long message: {error!r}"]
    problems = []
    if not re.search(rf"{str(limit)[0]}[\s\u00a0\u202f.,]?{str(limit)[1:]}", reply):
        problems.append(f"over-long reply does not state the limit {limit}: {reply!r}")
    # One language: no clause of it reads as the other one ("Je n'ai pas pu : the message...").
    clauses = re.split(r"[.:;!?\n]+", reply)
    if any(detect_locale(clause, case.locale) != case.locale for clause in clauses):
        problems.append(f"over-long reply not all in {case.locale}: {reply!r}")
    return problems
