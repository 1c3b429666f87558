import asyncio

import pytest

from store import gifts, lists, sharing
from store.errors import Conflict, IllegalTransition, NotFound
from store.models import GiftStatus
from tests.store.factories import make_gift, make_list, make_user


async def _shared_gift(session, owner_name="ana"):
    owner = await make_user(session, owner_name)
    gift_list = await make_list(session, owner)
    gift = await make_gift(session, owner, gift_list)
    await lists.share_list(session, user_id=owner.id, list_id=gift_list.id)
    return owner, gift_list, gift


async def test_guest_sees_the_list_and_claims(db):
    async with db.session() as session:
        _, gift_list, gift = await _shared_gift(session)
        view = await sharing.view_shared_list(session, token=gift_list.share_token)
        assert [g.id for g in view.gifts] == [gift.id]
        claim = await sharing.claim_gift(
            session, token=gift_list.share_token, gift_id=gift.id, claimer_name="Léa"
        )
        assert claim.gift.status == GiftStatus.CLAIMED and claim.claim_secret


async def test_full_cycle_claim_release_claim_purchase(db):
    async with db.session() as session:
        _, gift_list, gift = await _shared_gift(session)
        token = gift_list.share_token
        first = await sharing.claim_gift(session, token=token, gift_id=gift.id)
        with pytest.raises(Conflict):
            await sharing.release_claim(session, token=token, gift_id=gift.id, claim_secret="wrong")
        released = await sharing.release_claim(
            session, token=token, gift_id=gift.id, claim_secret=first.claim_secret
        )
        assert released.status == GiftStatus.AVAILABLE
        second = await sharing.claim_gift(session, token=token, gift_id=gift.id)
        with pytest.raises(Conflict):
            await sharing.mark_purchased_as_guest(
                session, token=token, gift_id=gift.id, claim_secret=first.claim_secret
            )
        bought = await sharing.mark_purchased_as_guest(
            session, token=token, gift_id=gift.id, claim_secret=second.claim_secret
        )
        assert bought.status == GiftStatus.PURCHASED


async def test_illegal_transitions(db):
    async with db.session() as session:
        _, gift_list, gift = await _shared_gift(session)
        token = gift_list.share_token
        with pytest.raises(IllegalTransition):
            await sharing.release_claim(session, token=token, gift_id=gift.id, claim_secret=None)
        with pytest.raises(IllegalTransition):
            await sharing.mark_purchased_as_guest(
                session, token=token, gift_id=gift.id, claim_secret=None
            )
        claim = await sharing.claim_gift(session, token=token, gift_id=gift.id)
        with pytest.raises(Conflict):
            await sharing.claim_gift(session, token=token, gift_id=gift.id)
        await sharing.mark_purchased_as_guest(
            session, token=token, gift_id=gift.id, claim_secret=claim.claim_secret
        )
        for call in (
            sharing.claim_gift(session, token=token, gift_id=gift.id),
            sharing.release_claim(
                session, token=token, gift_id=gift.id, claim_secret=claim.claim_secret
            ),
            sharing.mark_purchased_as_guest(
                session, token=token, gift_id=gift.id, claim_secret=claim.claim_secret
            ),
        ):
            with pytest.raises(Conflict):
                await call


async def test_owner_sees_claims_only_after_opting_in_and_never_who(db):
    async with db.session() as session:
        owner, gift_list, gift = await _shared_gift(session)
        await sharing.claim_gift(
            session, token=gift_list.share_token, gift_id=gift.id, claimer_name="Léa"
        )
        assert gifts.owner_visible_status(gift, gift_list) == GiftStatus.AVAILABLE
        await lists.update_list(
            session, user_id=owner.id, list_id=gift_list.id, owner_sees_status=True
        )
        assert gifts.owner_visible_status(gift, gift_list) == GiftStatus.CLAIMED


async def test_unknown_and_revoked_links_show_nothing(db):
    async with db.session() as session:
        owner, gift_list, gift = await _shared_gift(session)
        token = gift_list.share_token
        with pytest.raises(NotFound):
            await sharing.view_shared_list(session, token="not-a-token")
        with pytest.raises(NotFound):
            await sharing.view_shared_list(session, token="")
        await lists.revoke_share(session, user_id=owner.id, list_id=gift_list.id)
        with pytest.raises(NotFound):
            await sharing.view_shared_list(session, token=token)
        with pytest.raises(NotFound):
            await sharing.claim_gift(session, token=token, gift_id=gift.id)


async def test_a_token_cannot_reach_another_lists_gift(db):
    async with db.session() as session:
        _, list_a, _ = await _shared_gift(session, "ana")
        _, _, gift_b = await _shared_gift(session, "bob")
        with pytest.raises(NotFound):
            await sharing.claim_gift(session, token=list_a.share_token, gift_id=gift_b.id)


async def test_concurrent_claims_have_exactly_one_winner(db):
    async with db.session() as session:
        _, gift_list, gift = await _shared_gift(session)
    token = gift_list.share_token

    async def claim(name):
        try:
            async with db.session() as session:
                await sharing.claim_gift(session, token=token, gift_id=gift.id, claimer_name=name)
            return "won"
        except Conflict:
            return "conflict"

    outcomes = await asyncio.gather(*(claim(f"guest{i}") for i in range(8)))
    assert sorted(outcomes) == ["conflict"] * 7 + ["won"]
