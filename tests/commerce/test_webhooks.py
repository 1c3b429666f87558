"""Webhook signature verification and envelope parsing, without a server."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json

import pytest

from commerce.errors import InvalidSignature, MalformedWebhook
from commerce.webhooks import header_value, parse_events, sign, verify_signature
from tests.commerce.conftest import FIXTURES

SECRET = "whsec-test"
RAW = (FIXTURES / "fastspring_webhook_order_completed.json").read_bytes()


def test_signature_is_base64_hmac_sha256_of_the_raw_body():
    expected = base64.b64encode(hmac.new(SECRET.encode(), RAW, hashlib.sha256).digest()).decode()
    assert sign(RAW, SECRET) == expected
    verify_signature(RAW, expected, SECRET)
    verify_signature(RAW, f"  {expected}\n", SECRET)  # header whitespace is not the signature


def test_the_raw_bytes_are_signed_not_the_parsed_json():
    signature = sign(RAW, SECRET)
    reserialised = json.dumps(json.loads(RAW)).encode()
    assert reserialised != RAW
    with pytest.raises(InvalidSignature):
        verify_signature(reserialised, signature, SECRET)


@pytest.mark.parametrize(
    "signature",
    [None, "", "not base64!", sign(RAW, "another-secret"), sign(RAW + b" ", SECRET)],
)
def test_bad_signatures_are_refused(signature):
    with pytest.raises(InvalidSignature):
        verify_signature(RAW, signature, SECRET)


def test_a_flipped_last_byte_is_refused():
    digest = bytearray(hmac.new(SECRET.encode(), RAW, hashlib.sha256).digest())
    digest[-1] ^= 1
    with pytest.raises(InvalidSignature):
        verify_signature(RAW, base64.b64encode(bytes(digest)).decode(), SECRET)


def test_no_secret_verifies_nothing():
    with pytest.raises(InvalidSignature):
        verify_signature(RAW, sign(RAW, ""), "")


def test_comparison_is_constant_time(monkeypatch):
    compared = []
    real = hmac.compare_digest
    monkeypatch.setattr(hmac, "compare_digest", lambda a, b: compared.append((a, b)) or real(a, b))
    verify_signature(RAW, sign(RAW, SECRET), SECRET)
    assert compared and all(isinstance(a, bytes) and len(a) == 32 for a, _ in compared)


def test_header_lookup_ignores_letter_case():
    for name in ("X-FS-Signature", "x-fs-signature", "X-Fs-Signature"):
        assert header_value({name: "sig"}, "X-FS-Signature") == "sig"
        assert header_value([(name, "sig")], "x-fs-SIGNATURE") == "sig"
    assert header_value({"Other": "x"}, "X-FS-Signature") is None


def test_events_are_parsed_from_the_documented_envelope():
    [event] = parse_events(RAW)
    assert (event.id, event.type, event.live) == (
        "fZ3uM7Ue8kq9xTEoAl0S0w",
        "order.completed",
        False,
    )
    assert event.data["reference"] == "SWS250604-4954-44172"
    two = {"events": [{"id": "a", "type": "order.failed"}, {"id": "b", "type": "x", "live": True}]}
    assert [(e.id, e.live) for e in parse_events(json.dumps(two).encode())] == [
        ("a", False),
        ("b", True),
    ]


@pytest.mark.parametrize(
    "body",
    [
        b"",
        b"\xff\xfe",
        b"[]",
        b'{"events": {}}',
        b'{"events": [42]}',
        b'{"events": [{"id": 7, "type": "order.completed"}]}',
        b'{"events": [{"id": "", "type": "order.completed"}]}',
        b'{"events": [{"id": "e1"}]}',
    ],
)
def test_malformed_envelopes_are_refused(body):
    with pytest.raises(MalformedWebhook):
        parse_events(body)
