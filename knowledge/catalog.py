"""The catalogue item model and the JSON Lines files it is read from.

Validation is strict because every recommendation the assistant makes is
grounded in these records: a price in the wrong unit or a licence item without
its LicenseSpring product would surface as a wrong answer or a failed order.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictInt,
    ValidationError,
    field_validator,
    model_validator,
)

from knowledge.errors import CatalogError, RecordProblem

CATEGORIES: tuple[str, ...] = (
    "vinyl_cd",
    "instruments",
    "accessories",
    "audio_gear",
    "studio_recording",
    "software",
    "lessons",
    "experiences",
    "subscriptions",
    "books",
    "merch",
    "kids",
)
FULFILMENTS: tuple[str, ...] = ("physical", "digital", "licence")
# ISO 4217 codes we sell in; the first four are required on every item.
CURRENCIES: tuple[str, ...] = ("EUR", "USD", "GBP", "CAD", "AUD", "JPY")
REQUIRED_CURRENCIES: tuple[str, ...] = CURRENCIES[:4]
TAG_FIELDS: tuple[str, ...] = ("genres", "instruments", "levels", "recipients", "occasions")

# Where a record came from: file name, line number, the validated item.
Located = tuple[str, int, "CatalogItem"]

SHIPPED_CATALOG_DIR = Path(__file__).parent / "data" / "catalog"

ID_PATTERN = r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)+$"
_TAG = re.compile(r"^[a-z0-9]+(?:_[a-z0-9]+)*$")
# A sentence ends at . ! ? or … followed by the end, or by a space and a capital
# or digit: "e.g. a" and "Vol. 2" do not split, which is what "sentence-ish" means.
_SENTENCE_END = re.compile(r"[.!?…](?=\s+[A-ZÀ-Ý0-9«\"'(]|\s*$)")


def _sentences(text: str) -> str:
    count = len(_SENTENCE_END.findall(text))
    if not 2 <= count <= 4:
        raise ValueError(f"should be 2 to 4 sentences ending with . ! or ?, found {count}")
    return text


def slugify(value: str) -> str:
    """Tags are compared as flags in Chroma metadata: one spelling per tag."""
    return re.sub(r"[\s-]+", "_", value.strip().lower())


def _slug(value: object) -> object:
    return slugify(value) if isinstance(value, str) else value


def _tag(value: str) -> str:
    if not _TAG.match(value):
        raise ValueError(f"tag {value!r} should be lowercase letters, digits and underscores")
    return value


Title = Annotated[str, Field(min_length=2, max_length=120)]
Description = Annotated[str, Field(min_length=20, max_length=1000), AfterValidator(_sentences)]
Tag = Annotated[str, BeforeValidator(_slug), AfterValidator(_tag)]
Tags = Annotated[tuple[Tag, ...], Field(max_length=20)]
ProductRef = Annotated[str, Field(min_length=1, max_length=200, pattern=r"^\S+$")]


class CatalogItem(BaseModel):
    """One giftable product; prices are integer minor units (JPY has none)."""

    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)

    id: Annotated[str, Field(pattern=ID_PATTERN, max_length=64)]
    category: Literal[CATEGORIES]  # type: ignore[valid-type]
    title: Title
    title_fr: Title
    description: Description
    description_fr: Description
    genres: Tags = ()
    instruments: Tags = ()
    levels: Tags = ()
    recipients: Tags = ()
    occasions: Tags = ()
    prices: dict[str, StrictInt]
    fulfilment: Literal[FULFILMENTS]  # type: ignore[valid-type]
    fastspring_product: ProductRef | None = None
    licensespring_product: ProductRef | None = None

    @field_validator("genres", "instruments", "levels", "recipients", "occasions")
    @classmethod
    def _unique_tags(cls, tags: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(dict.fromkeys(tags))

    @field_validator("prices")
    @classmethod
    def _known_positive_prices(cls, prices: dict[str, int]) -> dict[str, int]:
        unknown = sorted(set(prices) - set(CURRENCIES))
        if unknown:
            raise ValueError(f"unknown currency {', '.join(unknown)}; use {', '.join(CURRENCIES)}")
        missing = [code for code in REQUIRED_CURRENCIES if code not in prices]
        if missing:
            raise ValueError(f"missing price in {', '.join(missing)}")
        bad = [code for code, amount in prices.items() if amount <= 0]
        if bad:
            raise ValueError(f"prices must be > 0 minor units, not in {', '.join(bad)}")
        return {code: prices[code] for code in CURRENCIES if code in prices}

    @model_validator(mode="after")
    def _sellable(self) -> CatalogItem:
        """The order service needs these product references to take the payment."""
        if self.fulfilment in ("digital", "licence") and not self.fastspring_product:
            raise ValueError(f"{self.fulfilment} items need a fastspring_product")
        if self.fulfilment == "licence" and not self.licensespring_product:
            raise ValueError("licence items need a licensespring_product")
        return self

    def price_in(self, currency: str) -> int | None:
        """Price in minor units of `currency`, or None when the item is not sold in it."""
        return self.prices.get(currency.upper())

    def localized_title(self, locale: str | None) -> str:
        """The French title for any `fr*` locale, else the English one."""
        return self.title_fr if _is_french(locale) else self.title

    def localized_description(self, locale: str | None) -> str:
        """The French description for any `fr*` locale, else the English one."""
        return self.description_fr if _is_french(locale) else self.description

    def content_hash(self) -> str:
        """A digest of every field: the index re-embeds an item only when this changes."""
        canonical = json.dumps(
            self.model_dump(mode="json"), sort_keys=True, ensure_ascii=False, separators=(",", ":")
        )
        return hashlib.sha256(canonical.encode()).hexdigest()[:32]


def _is_french(locale: str | None) -> bool:
    return locale is not None and locale.lower().replace("_", "-").split("-")[0] == "fr"


def validate_records(
    records: Iterable[tuple[int, dict[str, Any]]], source: str
) -> tuple[list[tuple[int, CatalogItem]], list[RecordProblem]]:
    """Validate numbered records: the good items with their line, and every problem."""
    items: list[tuple[int, CatalogItem]] = []
    problems: list[RecordProblem] = []
    for line, record in records:
        try:
            items.append((line, CatalogItem.model_validate(record)))
        except ValidationError as error:
            problems.extend(_problems(error, source, line))
    return items, problems


def _problems(error: ValidationError, source: str, line: int) -> Iterator[RecordProblem]:
    for detail in error.errors(include_url=False):
        field = ".".join(str(part) for part in detail["loc"]) or "record"
        message = detail["msg"].removeprefix("Value error, ")
        yield RecordProblem(source, line, field, message)


def read_jsonl(path: Path) -> tuple[list[tuple[int, CatalogItem]], list[RecordProblem]]:
    """Items of one JSON Lines file with their line numbers, and the problems of bad lines."""
    records: list[tuple[int, dict[str, Any]]] = []
    problems: list[RecordProblem] = []
    with path.open(encoding="utf-8") as lines:
        for number, text in enumerate(lines, start=1):
            if not text.strip():
                continue
            try:
                record = json.loads(text)
            except json.JSONDecodeError as error:
                problems.append(RecordProblem(path.name, number, "record", f"bad JSON: {error}"))
                continue
            if not isinstance(record, dict):
                problems.append(RecordProblem(path.name, number, "record", "not a JSON object"))
                continue
            records.append((number, record))
    items, invalid = validate_records(records, path.name)
    return items, problems + invalid


def load_catalog(directory: Path | None = None) -> list[CatalogItem]:
    """Every item of the `*.jsonl` files in `directory` (default: the shipped catalogue).

    Raises `CatalogError` listing each bad record as file:line: field: problem,
    including an id seen twice and a record filed under another category's file.
    """
    directory = directory or SHIPPED_CATALOG_DIR
    located: list[Located] = []
    problems: list[RecordProblem] = []
    for path in sorted(directory.glob("*.jsonl")):
        file_items, file_problems = read_jsonl(path)
        problems.extend(file_problems)
        for line, item in file_items:
            if path.stem in CATEGORIES and item.category != path.stem:
                misfiled = f"{item.category!r} in the {path.stem!r} file"
                problems.append(RecordProblem(path.name, line, "category", misfiled))
            located.append((path.name, line, item))
    problems.extend(repeated_ids(located))
    if problems:
        raise CatalogError(problems)
    return [item for _, _, item in located]


def repeated_ids(located: Iterable[Located]) -> list[RecordProblem]:
    """Each later occurrence of an id, pointing at the first one."""
    first: dict[str, str] = {}
    problems = []
    for source, line, item in located:
        if item.id in first:
            problems.append(
                RecordProblem(source, line, "id", f"{item.id} already at {first[item.id]}")
            )
        first.setdefault(item.id, f"{source}:{line}")
    return problems
