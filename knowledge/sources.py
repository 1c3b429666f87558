"""Which records make up a deployment's catalogue: the shipped files plus imported items.

Imports land in `data_dir/catalog_extra.jsonl` rather than in the shipped
files, so the shipped data stays reproducible and an import survives upgrades.
An imported item replaces a shipped one with the same id.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from knowledge.catalog import SHIPPED_CATALOG_DIR, CatalogItem, load_catalog, read_jsonl
from knowledge.errors import CatalogError
from songwish.settings import Settings

EXTRA_FILE_NAME = "catalog_extra.jsonl"


def catalog_dir(settings: Settings) -> Path:
    """`CATALOG_DIR`, or the data shipped with the package."""
    return settings.catalog_dir or SHIPPED_CATALOG_DIR


def extra_catalog_path(settings: Settings) -> Path:
    """Where `songwish catalog import` keeps the user's own items."""
    return settings.data_dir / EXTRA_FILE_NAME


def load_extra(settings: Settings) -> list[CatalogItem]:
    """Imported items (none when nothing was imported yet)."""
    path = extra_catalog_path(settings)
    if not path.exists():
        return []
    located, problems = read_jsonl(path)
    if problems:
        raise CatalogError(problems)
    return [item for _, item in located]


def merge_by_id(base: Iterable[CatalogItem], overrides: Iterable[CatalogItem]) -> list[CatalogItem]:
    """`base` in order with same-id items replaced, then the new ones; the last override wins."""
    merged = {item.id: item for item in base}
    merged.update((item.id, item) for item in overrides)
    return list(merged.values())


def deployment_catalog(settings: Settings) -> list[CatalogItem]:
    """The validated catalogue the index is built from."""
    return merge_by_id(load_catalog(catalog_dir(settings)), load_extra(settings))
