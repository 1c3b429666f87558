"""`songwish catalog import FILE`: a shop's own items, from JSON Lines or CSV.

All or nothing: every line is validated first and one bad line rejects the
file, listing each problem as `line N: field: problem`. Accepted items are
merged by id into `data_dir/catalog_extra.jsonl` (shipped files stay as
released) and the index is brought up to date, which embeds only them.
"""

from __future__ import annotations

import csv
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from knowledge.catalog import (
    CURRENCIES,
    TAG_FIELDS,
    CatalogItem,
    read_jsonl,
    repeated_ids,
    validate_records,
)
from knowledge.errors import ImportRejected, RecordProblem
from knowledge.index import BuildReport, build_index
from knowledge.sources import deployment_catalog, extra_catalog_path, load_extra, merge_by_id
from songwish.settings import Settings

CSV_COLUMNS = (
    "id",
    "category",
    "title",
    "title_fr",
    "description",
    "description_fr",
    *TAG_FIELDS,
    *(f"price_{code}" for code in CURRENCIES),
    "fulfilment",
    "fastspring_product",
    "licensespring_product",
)
JSONL_SUFFIXES = (".jsonl", ".ndjson", ".json")
_INTEGER = re.compile(r"^[+-]?\d+$")


@dataclass(frozen=True)
class ImportReport:
    """What an import changed in the catalogue and in the index."""

    source: str
    new: int
    replaced: int
    build: BuildReport

    def summary(self) -> str:
        return (
            f"imported {self.new + self.replaced} item(s) from {self.source} "
            f"({self.new} new, {self.replaced} replacing an existing id)\n{self.build.summary()}"
        )


def import_file(settings: Settings, path: str | Path) -> ImportReport:
    """Validate the whole file, then store and index its items; `ImportRejected` otherwise."""
    path = Path(path)
    items = read_import_file(path)
    catalogue = deployment_catalog(settings)
    known = {item.id for item in catalogue}
    _write_jsonl(extra_catalog_path(settings), merge_by_id(load_extra(settings), items))
    build = build_index(settings, items=merge_by_id(catalogue, items))
    new = sum(item.id not in known for item in items)
    return ImportReport(path.name, new, len(items) - new, build)


def read_import_file(path: Path) -> list[CatalogItem]:
    """Every item of a JSONL or CSV file, or `ImportRejected` listing all bad lines."""
    if not path.is_file():
        raise ImportRejected([RecordProblem(path.name, 0, "file", "not found")])
    suffix = path.suffix.lower()
    if suffix in JSONL_SUFFIXES:
        located, problems = read_jsonl(path)
    elif suffix == ".csv":
        located, problems = _read_csv(path)
    else:
        expected = ", ".join((*JSONL_SUFFIXES, ".csv"))
        raise ImportRejected([RecordProblem(path.name, 0, "file", f"use a {expected} file")])
    problems += repeated_ids((path.name, line, item) for line, item in located)
    if not located and not problems:
        problems.append(RecordProblem(path.name, 0, "file", "no items in the file"))
    if problems:
        raise ImportRejected(sorted(problems, key=lambda problem: problem.line))
    return [item for _, item in located]


def _read_csv(path: Path) -> tuple[list[tuple[int, CatalogItem]], list[RecordProblem]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        header = reader.fieldnames or []
        missing = [column for column in CSV_COLUMNS if column not in header]
        unknown = [column for column in header if column not in CSV_COLUMNS]
        if missing or unknown:
            problem = f"missing columns {missing}, unknown columns {unknown}"
            return [], [RecordProblem(path.name, 1, "header", problem)]
        rows = [(reader.line_num, _csv_record(row)) for row in reader if any(row.values())]
    return validate_records(rows, path.name)


def _csv_record(row: dict[str, Any]) -> dict[str, Any]:
    """A CSV row in the JSONL shape: `;`-separated tags, price columns, empty means absent."""
    record: dict[str, Any] = {
        key: (value or "").strip() for key, value in row.items() if key in CSV_COLUMNS
    }
    for field in TAG_FIELDS:
        record[field] = [tag.strip() for tag in record[field].split(";") if tag.strip()]
    record["prices"] = {
        code: _number(amount) for code in CURRENCIES if (amount := record.pop(f"price_{code}"))
    }
    for field in ("fastspring_product", "licensespring_product"):
        record[field] = record[field] or None
    return record


def _number(text: str) -> int | str:
    """Whole numbers become ints; anything else stays text so validation names it."""
    return int(text) if _INTEGER.match(text) else text


def _write_jsonl(path: Path, items: list[CatalogItem]) -> None:
    """Replace the file atomically: a crash leaves the old catalogue, never half a line."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    with os.fdopen(handle, "w", encoding="utf-8") as out:
        out.writelines(item.model_dump_json() + "\n" for item in items)
    os.replace(temporary, path)
