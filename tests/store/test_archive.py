"""Received gifts put away, and next year's list copied from this one (« comme l'an dernier »)."""

import pytest

from store import archive, gifts, lists, pledges, sharing
from store.errors import NotFound
from store.models import GiftStatus
from tests.store.factories import make_gift, make_list, make_user


async def _bought_and_wished(session):
    owner = await make_user(session, "ana")
    gift_list = await make_list(session, owner, "Noël 2025")
    bought = await make_gift(session, owner, gift_list, "Capo")
    wished = await make_gift(session, owner, gift_list, "Guitar")
    await pledges.mark_group(session, user_id=owner.id, gift_id=wished.id)
    await lists.share_list(session, user_id=owner.id, list_id=gift_list.id)
    claim = await sharing.claim_gift(session, token=gift_list.share_token, gift_id=bought.id)
    await sharing.mark_purchased_as_guest(
        session, token=gift_list.share_token, gift_id=bought.id, claim_secret=claim.claim_secret
    )
    return owner, gift_list, bought, wished


async def test_archiving_everything_received_respects_the_surprise(db):
    async with db.session() as session:
        owner, gift_list, bought, wished = await _bought_and_wished(session)
        hidden = await archive.archive_gifts(session, user_id=owner.id, list_id=gift_list.id)
        assert hidden == []  # the owner cannot see the purchase yet: nothing is revealed
        await lists.update_list(
            session, user_id=owner.id, list_id=gift_list.id, owner_sees_status=True
        )
        done = await archive.archive_gifts(session, user_id=owner.id, list_id=gift_list.id)
        assert [gift.id for gift in done] == [bought.id]
        on_list = await gifts.list_gifts(session, user_id=owner.id, list_id=gift_list.id)
        shelf = await gifts.list_gifts(
            session, user_id=owner.id, list_id=gift_list.id, archived=True
        )
        assert [g.id for g in on_list] == [wished.id] and [g.id for g in shelf] == [bought.id]
        guests = await sharing.view_shared_list(session, token=gift_list.share_token)
        assert [g.id for g in guests.gifts] == [wished.id]


async def test_named_gifts_are_archived_and_can_come_back(db):
    async with db.session() as session:
        owner, gift_list, _, wished = await _bought_and_wished(session)
        await archive.archive_gifts(
            session, user_id=owner.id, list_id=gift_list.id, gift_ids=[wished.id]
        )
        assert wished.archived_at is not None
        back = await archive.unarchive_gift(session, user_id=owner.id, gift_id=wished.id)
        assert back.archived_at is None


async def test_copy_like_last_year(db):
    async with db.session() as session:
        owner, gift_list, bought, wished = await _bought_and_wished(session)
        await archive.archive_gifts(
            session, user_id=owner.id, list_id=gift_list.id, gift_ids=[bought.id]
        )
        copies = {}
        for which in ("unreceived", "received", "all"):
            copy = await archive.copy_list(
                session, user_id=owner.id, list_id=gift_list.id, title=f"Noël 2026 {which}",
                which=which,
            )
            found = await gifts.list_gifts(session, user_id=owner.id, list_id=copy.id)
            copies[which] = [(g.title, g.status, g.is_group, g.price) for g in found]
        assert copies["unreceived"] == [("Guitar", GiftStatus.AVAILABLE, True, 1299)]
        assert copies["received"] == [("Capo", GiftStatus.AVAILABLE, False, 1299)]
        assert [title for title, *_ in copies["all"]] == ["Capo", "Guitar"]
        assert bought.status == GiftStatus.PURCHASED  # the source is untouched


async def test_other_owners_lists_and_gifts_are_not_found(db):
    async with db.session() as session:
        _, gift_list, bought, _ = await _bought_and_wished(session)
        bob = await make_user(session, "bob")
        bobs = await make_list(session, bob)
        for call in (
            archive.archive_gifts(session, user_id=bob.id, list_id=gift_list.id),
            archive.archive_gifts(
                session, user_id=bob.id, list_id=bobs.id, gift_ids=[bought.id]
            ),
            archive.unarchive_gift(session, user_id=bob.id, gift_id=bought.id),
            archive.copy_list(session, user_id=bob.id, list_id=gift_list.id, title="Mine"),
        ):
            with pytest.raises(NotFound):
                await call


def test_next_years_title():
    assert archive.next_title("Noël 2025", 2026) == "Noël 2026"
    assert archive.next_title("Léa's 2025 birthday", 2026) == "Léa's 2026 birthday"
    assert archive.next_title("Birthday", 2026) == "Birthday 2026"
