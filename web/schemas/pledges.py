"""Group gifts: funding as guests and owners see it, and the pledges guests send."""

from __future__ import annotations

from pydantic import BaseModel, Field

from store.models import Pledge
from store.pledges import Funding, GroupView
from store.sharing import MAX_CLAIMER_NAME
from web.schemas.common import MajorAmount, RequestModel, money
from web.schemas.gifts import GiftSummary, OwnerFundingOut

PledgeSecret = Field(min_length=1, max_length=64, description="from your pledge's answer")
Amount = Field(description="major units of the gift's currency, like `price`: 25.5 is 25,50 €")


class FundingOut(OwnerFundingOut):
    """What every guest sees: the totals, how many pledged and who organises."""

    pledgers: int
    organiser_name: str | None = Field(description="who buys the gift once it is funded")

    @classmethod
    def of(cls, funding: Funding, locale: str) -> FundingOut:
        totals = OwnerFundingOut.of(funding, locale).model_dump()
        return cls(**totals, pledgers=funding.pledgers, organiser_name=funding.organiser_name)


class PledgeOut(BaseModel):
    """One pledge: your own, or, for the organiser, each of them."""

    name: str | None
    amount: float
    amount_display: str
    signed: bool
    organiser: bool

    @classmethod
    def of(cls, pledge: Pledge, currency: str, locale: str) -> PledgeOut:
        shown = money(pledge.amount, currency, locale)
        return cls(name=pledge.pledger_name, amount=shown["price"],
                   amount_display=shown["price_display"], signed=pledge.signed,
                   organiser=pledge.is_organiser)


class GroupGiftOut(BaseModel):
    gift: GiftSummary
    funding: FundingOut
    mine: PledgeOut | None = Field(description="your pledge, when you sent its secret")
    contributions: list[PledgeOut] = Field(
        description="who pledged what: for the organiser only, who collects the money"
    )

    @classmethod
    def of(cls, view: GroupView, locale: str) -> GroupGiftOut:
        currency = view.funding.currency
        return cls(
            gift=GiftSummary(**GiftSummary.fields(view.gift, locale)),
            funding=FundingOut.of(view.funding, locale),
            mine=PledgeOut.of(view.mine, currency, locale) if view.mine else None,
            contributions=[PledgeOut.of(p, currency, locale) for p in view.contributions],
        )


class NewPledgeOut(GroupGiftOut):
    pledge_secret: str = Field(description="keep it: changing or withdrawing the pledge needs it")


class PledgeIn(RequestModel):
    amount: MajorAmount = Amount
    name: str | None = Field(None, max_length=MAX_CLAIMER_NAME,
                             description="shown to the other guests")
    signed: bool = Field(False, description="let the owner see your name once claims show")
    organise: bool = Field(False, description="volunteer to collect the money and buy the gift")


class PledgeChange(RequestModel):
    pledge_secret: str = PledgeSecret
    amount: MajorAmount = Amount
    signed: bool | None = None


class PledgeSecretIn(RequestModel):
    pledge_secret: str = PledgeSecret
