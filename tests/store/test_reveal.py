"""The surprise rule with a reveal date, and what the owner may see of givers and funding."""

from datetime import date, timedelta

from store import gifts, lists, pledges, reveal, sharing
from store.models import GiftStatus
from tests.store.factories import make_gift, make_list, make_user

TODAY = date(2026, 12, 6)


async def _claimed_list(session):
    owner = await make_user(session, "ana")
    gift_list = await make_list(session, owner)
    gift = await make_gift(session, owner, gift_list)
    group = await make_gift(session, owner, gift_list, "Guitar")
    await lists.share_list(session, user_id=owner.id, list_id=gift_list.id)
    await pledges.mark_group(session, user_id=owner.id, gift_id=group.id)
    token = gift_list.share_token
    await sharing.claim_gift(session, token=token, gift_id=gift.id, claimer_name="Léa", signed=True)
    await pledges.pledge(
        session, token=token, gift_id=group.id, amount=400, name="Tom", signed=True
    )
    await pledges.pledge(session, token=token, gift_id=group.id, amount=300, name="Zoé")
    return owner, gift_list, gift, group


async def test_before_the_reveal_date_nothing_shows_whatever_the_setting(db):
    async with db.session() as session:
        owner, gift_list, gift, group = await _claimed_list(session)
        await lists.update_list(
            session, user_id=owner.id, list_id=gift_list.id,
            owner_sees_status=True, reveal_on=TODAY + timedelta(days=1),
        )
        assert gifts.owner_visible_status(gift, gift_list, today=TODAY) == GiftStatus.AVAILABLE
        views = await reveal.owner_views(
            session, gift_list=gift_list, gifts=[gift, group], today=TODAY
        )
        assert views[gift.id] == reveal.OwnerView() == views[group.id]


async def test_from_the_reveal_date_claims_show_with_signed_names_only(db):
    async with db.session() as session:
        owner, gift_list, gift, group = await _claimed_list(session)
        await lists.update_list(
            session, user_id=owner.id, list_id=gift_list.id,
            owner_sees_status=False, reveal_on=TODAY,
        )
        assert gifts.owner_visible_status(gift, gift_list, today=TODAY) == GiftStatus.CLAIMED
        views = await reveal.owner_views(
            session, gift_list=gift_list, gifts=[gift, group], today=TODAY
        )
        assert views[gift.id].given_by == ("Léa",)
        assert views[group.id].given_by == ("Tom",)
        assert (views[group.id].funding.pledged, views[group.id].funding.remaining) == (700, 599)


async def test_without_a_reveal_date_the_opt_in_decides_and_can_be_cleared(db):
    async with db.session() as session:
        owner, gift_list, gift, _ = await _claimed_list(session)
        await lists.update_list(
            session, user_id=owner.id, list_id=gift_list.id, reveal_on=TODAY + timedelta(days=9)
        )
        await lists.update_list(session, user_id=owner.id, list_id=gift_list.id, reveal_on=None)
        assert gift_list.reveal_on is None
        assert gifts.owner_visible_status(gift, gift_list, today=TODAY) == GiftStatus.AVAILABLE
        await lists.update_list(
            session, user_id=owner.id, list_id=gift_list.id, owner_sees_status=True
        )
        assert gifts.owner_visible_status(gift, gift_list, today=TODAY) == GiftStatus.CLAIMED


async def test_unsigned_claims_stay_anonymous_after_the_reveal(db):
    async with db.session() as session:
        owner = await make_user(session, "ana")
        gift_list = await make_list(session, owner)
        gift = await make_gift(session, owner, gift_list)
        await lists.share_list(session, user_id=owner.id, list_id=gift_list.id)
        await sharing.claim_gift(
            session, token=gift_list.share_token, gift_id=gift.id, claimer_name="Léa"
        )
        await lists.update_list(session, user_id=owner.id, list_id=gift_list.id, reveal_on=TODAY)
        views = await reveal.owner_views(session, gift_list=gift_list, gifts=[gift], today=TODAY)
        assert views[gift.id].given_by == ()
