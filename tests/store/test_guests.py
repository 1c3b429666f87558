"""A guest's claims in one place: keys, isolation, revoked lists, release/bought by the rules."""

import pytest

from store import guests, lists, sharing
from store.errors import Conflict, IllegalTransition, NotFound
from store.models import GiftStatus
from tests.store.factories import make_gift, make_list, make_user


async def _shared(session, owner_name, titles):
    owner = await make_user(session, owner_name)
    gift_list = await make_list(session, owner, title=f"{owner_name}'s birthday")
    made = [await make_gift(session, owner, gift_list, title=title) for title in titles]
    await lists.share_list(session, user_id=owner.id, list_id=gift_list.id)
    return owner, gift_list, made


async def test_claims_on_several_lists_grouped_by_list(db):
    async with db.session() as session:
        me = await guests.new_guest(session)
        _, ana_list, (capo, strings) = await _shared(session, "Ana", ["Capo", "Strings"])
        _, bob_list, (tuner,) = await _shared(session, "Bob", ["Tuner"])
        for gift_list, gift in ((ana_list, capo), (bob_list, tuner)):
            await sharing.claim_gift(
                session, token=gift_list.share_token, gift_id=gift.id, guest_id=me.guest.id
            )
        await sharing.claim_gift(session, token=ana_list.share_token, gift_id=strings.id)
        found = await guests.guest_claims(session, guest_id=me.guest.id)
        assert [(c.gift_list.title, c.owner_name, [g.title for g in c.gifts]) for c in found] == [
            ("Ana's birthday", "Ana", ["Capo"]),
            ("Bob's birthday", "Bob", ["Tuner"]),
        ]


async def test_key_opens_only_its_guest(db):
    async with db.session() as session:
        me = await guests.new_guest(session)
        other = await guests.new_guest(session)
        assert (await guests.guest_by_key(session, key=me.key)).id == me.guest.id
        _, gift_list, (gift,) = await _shared(session, "Ana", ["Capo"])
        await sharing.claim_gift(
            session, token=gift_list.share_token, gift_id=gift.id, guest_id=me.guest.id
        )
        assert await guests.guest_claims(session, guest_id=other.guest.id) == []
        with pytest.raises(NotFound):
            await guests.release(session, guest_id=other.guest.id, gift_id=gift.id)
        with pytest.raises(NotFound):
            await guests.mark_bought(session, guest_id=other.guest.id, gift_id=gift.id)
        for forged in ("", "x" * 65, me.key[:-1] + ("A" if me.key[-1] != "A" else "B"), None):
            with pytest.raises(NotFound):
                await guests.guest_by_key(session, key=forged)


async def test_release_then_bought_follow_the_share_rules(db):
    async with db.session() as session:
        me = await guests.new_guest(session)
        _, gift_list, (capo, tuner) = await _shared(session, "Ana", ["Capo", "Tuner"])
        for gift in (capo, tuner):
            await sharing.claim_gift(
                session, token=gift_list.share_token, gift_id=gift.id, guest_id=me.guest.id
            )
        released = await guests.release(session, guest_id=me.guest.id, gift_id=capo.id)
        assert released.status == GiftStatus.AVAILABLE and released.guest_id is None
        bought = await guests.mark_bought(session, guest_id=me.guest.id, gift_id=tuner.id)
        assert bought.status == GiftStatus.PURCHASED
        with pytest.raises(IllegalTransition):
            await guests.release(session, guest_id=me.guest.id, gift_id=tuner.id)
        found = await guests.guest_claims(session, guest_id=me.guest.id)
        assert [(g.title, g.status) for g in found[0].gifts] == [("Tuner", GiftStatus.PURCHASED)]
        # Released, the gift left the overview: claiming it again is someone else's business.
        with pytest.raises(NotFound):
            await guests.release(session, guest_id=me.guest.id, gift_id=capo.id)


async def test_revoked_share_hides_the_list_and_blocks_changes(db):
    async with db.session() as session:
        me = await guests.new_guest(session)
        owner, gift_list, (gift,) = await _shared(session, "Ana", ["Capo"])
        await sharing.claim_gift(
            session, token=gift_list.share_token, gift_id=gift.id, guest_id=me.guest.id
        )
        await lists.revoke_share(session, user_id=owner.id, list_id=gift_list.id)
        assert await guests.guest_claims(session, guest_id=me.guest.id) == []
        with pytest.raises(NotFound):
            await guests.release(session, guest_id=me.guest.id, gift_id=gift.id)


async def test_a_signed_in_person_has_one_guest_identity(db):
    async with db.session() as session:
        user = await make_user(session, "Léa")
        first = await guests.guest_of_user(session, user_id=user.id)
        assert (await guests.guest_of_user(session, user_id=user.id)).id == first.id


async def test_claim_secret_still_required_on_the_share_link(db):
    async with db.session() as session:
        me = await guests.new_guest(session)
        _, gift_list, (gift,) = await _shared(session, "Ana", ["Capo"])
        await sharing.claim_gift(
            session, token=gift_list.share_token, gift_id=gift.id, guest_id=me.guest.id
        )
        with pytest.raises(Conflict):
            await sharing.release_claim(
                session, token=gift_list.share_token, gift_id=gift.id, claim_secret=None
            )
