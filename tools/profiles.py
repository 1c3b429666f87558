"""Memory tools: the people the person shops for, and their own defaults."""

from __future__ import annotations

from langchain.tools import ToolRuntime, tool
from pydantic import Field

from store import profiles, users
from store.money import format_money, normalize_currency
from tools.common import ToolArgs, ToolResult, result, unit_of_work
from tools.gift_search import minor


class RememberArgs(ToolArgs):
    name: str = Field(max_length=120, description="their name, or the relationship ('my sister')")
    relationship: str | None = Field(None, max_length=60, description="e.g. sister, dad, friend")
    tastes: list[str] | None = Field(None, max_length=20, description="genres, artists; replaces")
    instruments: list[str] | None = Field(
        None, max_length=20, description="replaces the stored ones"
    )
    skill_level: str | None = Field(None, description="beginner, intermediate, advanced")
    occasion: str | None = Field(None, max_length=60, description="e.g. birthday")
    occasion_date: str | None = Field(None, description="YYYY-MM-DD, or MM-DD every year")
    budget: float | None = Field(None, ge=0, description="usual budget for them, major units")


class NameArgs(ToolArgs):
    name: str = Field(max_length=120, description="name or relationship of a saved person")


class NoArgs(ToolArgs):
    pass


class PreferencesArgs(ToolArgs):
    language: str | None = Field(None, description="en or fr")
    currency: str | None = Field(None, description="EUR, USD, GBP, CAD, AUD or JPY")
    usual_budget: float | None = Field(None, ge=0, description="major units of the currency")


@tool("remember_recipient", args_schema=RememberArgs, response_format="content_and_artifact")
async def remember_recipient(
    name: str,
    runtime: ToolRuntime,
    relationship: str | None = None,
    tastes: list[str] | None = None,
    instruments: list[str] | None = None,
    skill_level: str | None = None,
    occasion: str | None = None,
    occasion_date: str | None = None,
    budget: float | None = None,
) -> ToolResult:
    """Save or correct what the person tells about someone they shop for."""
    async with unit_of_work(runtime) as (session, context):
        profile = await profiles.remember_recipient(
            session,
            user_id=context.user_id,
            name=name,
            relationship=relationship,
            tastes=tastes,
            instruments=instruments,
            skill_level=skill_level,
            occasion=occasion,
            occasion_date=occasion_date,
            budget=minor(budget, context.currency),
            currency=context.currency if budget is not None else None,
        )
        return result({"recipient": profiles.profile_summary(profile, context.locale)})


@tool("show_recipients", args_schema=NoArgs, response_format="content_and_artifact")
async def show_recipients(runtime: ToolRuntime) -> ToolResult:
    """Everything remembered about the people the person shops for."""
    async with unit_of_work(runtime) as (session, context):
        saved = await profiles.list_recipients(session, user_id=context.user_id)
        return result({"recipients": [profiles.profile_summary(p, context.locale) for p in saved]})


@tool("forget_recipient", args_schema=NameArgs, response_format="content_and_artifact")
async def forget_recipient(name: str, runtime: ToolRuntime) -> ToolResult:
    """Delete everything remembered about one person."""
    async with unit_of_work(runtime) as (session, context):
        forgotten = await profiles.forget_recipient(session, user_id=context.user_id, name=name)
        return result({"forgotten": forgotten})


@tool("set_preferences", args_schema=PreferencesArgs, response_format="content_and_artifact")
async def set_preferences(
    runtime: ToolRuntime,
    language: str | None = None,
    currency: str | None = None,
    usual_budget: float | None = None,
) -> ToolResult:
    """Change the person's defaults: language, currency, usual budget."""
    async with unit_of_work(runtime) as (session, context):
        code = normalize_currency(currency) if currency else context.currency
        user = await users.update_preferences(
            session,
            user_id=context.user_id,
            locale=language.strip().lower()[:2] if language else None,
            currency=currency,
            usual_budget=minor(usual_budget, code),
        )
        budget = (
            format_money(user.usual_budget, user.currency, user.locale)
            if user.usual_budget is not None
            else None
        )
        shown = {"locale": user.locale, "currency": user.currency, "usual_budget_display": budget}
        return result({"preferences": shown})
