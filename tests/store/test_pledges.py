"""Group gifts: pledges add up to the price at most, on SQLite and PostgreSQL, even at once."""

import asyncio

import pytest

from store import gifts, lists, pledges, sharing
from store.errors import Conflict, IllegalTransition, InvalidInput, NotFound
from store.models import GiftStatus
from tests.store.factories import make_gift, make_list, make_user

PRICE = 1299


async def _group_gift(session, owner_name="ana"):
    owner = await make_user(session, owner_name)
    gift_list = await make_list(session, owner)
    gift = await make_gift(session, owner, gift_list)
    await lists.share_list(session, user_id=owner.id, list_id=gift_list.id)
    await pledges.mark_group(session, user_id=owner.id, gift_id=gift.id)
    return owner, gift_list, gift


async def test_pledges_fund_the_gift_and_the_organiser_buys_it(db):
    async with db.session() as session:
        _, gift_list, gift = await _group_gift(session)
        token = gift_list.share_token
        first = await pledges.pledge(session, token=token, gift_id=gift.id, amount=500, name="Léa")
        second = await pledges.pledge(session, token=token, gift_id=gift.id, amount=799)
        funding = second.view.funding
        assert (funding.pledged, funding.remaining, funding.pledgers) == (PRICE, 0, 2)
        assert funding.complete and funding.organiser_name == "Léa"
        assert first.view.mine.is_organiser and not second.view.mine.is_organiser
        with pytest.raises(Conflict):
            await pledges.mark_group_purchased(
                session, token=token, gift_id=gift.id, pledge_secret=second.pledge_secret
            )
        bought = await pledges.mark_group_purchased(
            session, token=token, gift_id=gift.id, pledge_secret=first.pledge_secret
        )
        assert bought.gift.status == GiftStatus.PURCHASED
        with pytest.raises(IllegalTransition):
            await pledges.withdraw_pledge(
                session, token=token, gift_id=gift.id, pledge_secret=second.pledge_secret
            )


async def test_over_pledging_is_refused_with_what_remains(db):
    async with db.session() as session:
        _, gift_list, gift = await _group_gift(session)
        token = gift_list.share_token
        mine = await pledges.pledge(session, token=token, gift_id=gift.id, amount=1000)
        with pytest.raises(Conflict) as refused:
            await pledges.pledge(session, token=token, gift_id=gift.id, amount=300)
        assert refused.value.details["remaining"] == 299
        with pytest.raises(Conflict):
            await pledges.change_pledge(
                session, token=token, gift_id=gift.id, pledge_secret=mine.pledge_secret,
                amount=PRICE + 1,
            )
        for amount in (0, -5):
            with pytest.raises(InvalidInput):
                await pledges.pledge(session, token=token, gift_id=gift.id, amount=amount)
        view = await pledges.view_group_gift(session, token=token, gift_id=gift.id)
        assert view.funding.pledged == 1000


async def test_only_the_pledger_changes_or_withdraws_and_the_role_passes_on(db):
    async with db.session() as session:
        _, gift_list, gift = await _group_gift(session)
        token = gift_list.share_token
        first = await pledges.pledge(session, token=token, gift_id=gift.id, amount=300, name="A")
        second = await pledges.pledge(session, token=token, gift_id=gift.id, amount=300, name="B")
        with pytest.raises(Conflict):
            await pledges.change_pledge(
                session, token=token, gift_id=gift.id, pledge_secret="forged", amount=1
            )
        changed = await pledges.change_pledge(
            session, token=token, gift_id=gift.id, pledge_secret=second.pledge_secret, amount=999
        )
        assert changed.funding.pledged == 1299 and changed.contributions == []
        after = await pledges.withdraw_pledge(
            session, token=token, gift_id=gift.id, pledge_secret=first.pledge_secret
        )
        assert after.funding.pledged == 999 and after.funding.organiser_name == "B"
        organiser = await pledges.view_group_gift(
            session, token=token, gift_id=gift.id, pledge_secret=second.pledge_secret
        )
        assert [p.amount for p in organiser.contributions] == [999]


async def test_a_volunteer_takes_over_organising(db):
    async with db.session() as session:
        _, gift_list, gift = await _group_gift(session)
        token = gift_list.share_token
        await pledges.pledge(session, token=token, gift_id=gift.id, amount=300, name="A")
        late = await pledges.pledge(
            session, token=token, gift_id=gift.id, amount=300, name="B", organise=True
        )
        assert late.view.funding.organiser_name == "B"
        guest = await pledges.view_group_gift(session, token=token, gift_id=gift.id)
        assert guest.mine is None and guest.contributions == []


async def test_group_gifts_cannot_be_claimed_and_plain_gifts_take_no_pledge(db):
    async with db.session() as session:
        owner, gift_list, gift = await _group_gift(session)
        plain = await make_gift(session, owner, gift_list, "Strings")
        token = gift_list.share_token
        with pytest.raises(Conflict):
            await sharing.claim_gift(session, token=token, gift_id=gift.id)
        with pytest.raises(Conflict):
            await pledges.pledge(session, token=token, gift_id=plain.id, amount=100)


async def test_the_owner_marks_and_unmarks_only_while_nobody_pledged(db):
    async with db.session() as session:
        owner, gift_list, gift = await _group_gift(session)
        unpriced = await gifts.add_gift(
            session, user_id=owner.id, list_id=gift_list.id, title="Surprise me"
        )
        with pytest.raises(InvalidInput):
            await pledges.mark_group(session, user_id=owner.id, gift_id=unpriced.id)
        await pledges.pledge(session, token=gift_list.share_token, gift_id=gift.id, amount=100)
        with pytest.raises(Conflict):
            await pledges.unmark_group(session, user_id=owner.id, gift_id=gift.id)
        with pytest.raises(Conflict):
            await gifts.update_gift(session, user_id=owner.id, gift_id=gift.id, currency="USD")


async def test_isolation_other_owners_and_forged_tokens(db):
    async with db.session() as session:
        _, list_a, gift_a = await _group_gift(session, "ana")
        bob, list_b, gift_b = await _group_gift(session, "bob")
        with pytest.raises(NotFound):
            await pledges.mark_group(session, user_id=bob.id, gift_id=gift_a.id)
        with pytest.raises(NotFound):
            await pledges.pledge(session, token=list_b.share_token, gift_id=gift_a.id, amount=1)
        with pytest.raises(NotFound):
            await pledges.pledge(session, token="forged-token", gift_id=gift_a.id, amount=1)
        await lists.revoke_share(session, user_id=bob.id, list_id=list_b.id)
        with pytest.raises(NotFound):
            await pledges.view_group_gift(session, token=list_b.share_token, gift_id=gift_b.id)


async def test_concurrent_pledges_never_exceed_the_price(db):
    async with db.session() as session:
        _, gift_list, gift = await _group_gift(session)
    token = gift_list.share_token

    async def pledge(amount):
        try:
            async with db.session() as session:
                await pledges.pledge(session, token=token, gift_id=gift.id, amount=amount)
            return amount
        except Conflict:
            return 0

    # 12 guests at once offer 300 each towards 1299: at most four fit (1200).
    accepted = await asyncio.gather(*(pledge(300) for _ in range(12)))
    async with db.session() as session:
        view = await pledges.view_group_gift(session, token=token, gift_id=gift.id)
    assert sum(accepted) == view.funding.pledged == 1200
    assert view.funding.pledgers == 4
