from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from knowledge.catalog import CatalogItem
from knowledge.errors import ImportRejected
from knowledge.importer import CSV_COLUMNS, import_file
from knowledge.index import build_index, index_status
from knowledge.search import CatalogSearch
from knowledge.sources import extra_catalog_path
from songwish.settings import Settings
from tests.knowledge.factories import item, record, write_jsonl

KALIMBA = item(
    id="shop-kalimba-1",
    category="kids",
    title="Maple Kalimba",
    title_fr="Kalimba en érable",
    description="A 17-key thumb piano in maple. Comes with a tuning hammer and songbook.",
    description_fr="Un piano à pouces 17 lames en érable. Livré avec marteau et recueil.",
    genres=["folk"],
    instruments=["kalimba"],
    recipients=["kid"],
    prices={"EUR": 3200, "USD": 3500, "GBP": 2800, "CAD": 4600},
)


def csv_row(built: CatalogItem) -> dict[str, str]:
    data = built.model_dump()
    row = {key: data[key] or "" for key in CSV_COLUMNS if key in data}
    for field in ("genres", "instruments", "levels", "recipients", "occasions"):
        row[field] = ";".join(data[field])
    for code in ("EUR", "USD", "GBP", "CAD", "AUD", "JPY"):
        row[f"price_{code}"] = str(data["prices"].get(code, ""))
    return row


def write_csv(path: Path, rows: list[dict[str, str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=CSV_COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    return path


def test_jsonl_import_is_stored_indexed_and_searchable(settings: Settings, tmp_path: Path) -> None:
    build_index(settings)
    replacement = item(id="ins-001", title="Student Violin Outfit, 3/4 size")
    report = import_file(settings, write_jsonl(tmp_path / "mine.jsonl", [KALIMBA, replacement]))
    assert (report.new, report.replaced, report.build.embedded) == (1, 1, 2)
    assert "imported 2 item(s) from mine.jsonl (1 new, 1 replacing" in report.summary()
    stored = extra_catalog_path(settings).read_text().splitlines()
    assert [json.loads(line)["id"] for line in stored] == ["shop-kalimba-1", "ins-001"]
    search = CatalogSearch(settings)
    assert search.get_item("shop-kalimba-1") == KALIMBA
    assert search.get_item("ins-001") == replacement
    assert search.search("kalimba pour enfant", limit=1)[0].item.id == "shop-kalimba-1"
    assert index_status(settings).state == "fresh"


def test_importing_the_same_file_again_embeds_nothing(settings: Settings, tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "mine.jsonl", [KALIMBA])
    import_file(settings, path)
    again = import_file(settings, path)
    assert (again.new, again.replaced, again.build.embedded) == (0, 1, 0)


def test_csv_import_matches_jsonl(settings: Settings, tmp_path: Path) -> None:
    software = item(
        id="shop-app-2",
        category="software",
        fulfilment="licence",
        fastspring_product="shop-app",
        licensespring_product="SHOPAPP",
        prices={"EUR": 990, "USD": 1090, "GBP": 890, "CAD": 1490, "JPY": 1600},
        levels=["beginner", "intermediate"],
    )
    path = write_csv(tmp_path / "mine.csv", [csv_row(KALIMBA), csv_row(software)])
    report = import_file(settings, str(path))
    assert report.new == 2
    search = CatalogSearch(settings)
    assert search.get_item("shop-kalimba-1") == KALIMBA
    assert search.get_item("shop-app-2") == software


def test_bad_lines_are_all_listed_and_nothing_is_imported(
    settings: Settings, tmp_path: Path
) -> None:
    build_index(settings)
    path = write_jsonl(
        tmp_path / "mine.jsonl",
        [
            KALIMBA,
            record(id="shop-2", prices={"EUR": 10, "USD": 10, "GBP": 10}),
            "not json at all",
            record(id="shop-4", fulfilment="licence"),
            KALIMBA,
        ],
    )
    with pytest.raises(ImportRejected) as caught:
        import_file(settings, path)
    report = caught.value.report()
    assert report.splitlines()[1:] == [
        "line 2: prices: missing price in CAD",
        "line 3: record: bad JSON: Expecting value: line 1 column 1 (char 0)",
        "line 4: record: licence items need a fastspring_product",
        "line 5: id: shop-kalimba-1 already at mine.jsonl:1",
    ]
    assert "nothing was imported" in report
    assert not extra_catalog_path(settings).exists()
    assert CatalogSearch(settings).get_item("shop-kalimba-1") is None


def test_bad_csv_values_are_named_by_line(settings: Settings, tmp_path: Path) -> None:
    rows = [csv_row(KALIMBA), {**csv_row(KALIMBA), "id": "shop-x", "price_EUR": "32.00"}]
    with pytest.raises(ImportRejected) as caught:
        import_file(settings, write_csv(tmp_path / "mine.csv", rows))
    assert caught.value.report().splitlines()[1:] == [
        "line 3: prices.EUR: Input should be a valid integer",
    ]


@pytest.mark.parametrize(
    ("name", "content", "problem"),
    [
        ("mine.xlsx", "x", "file: use a .jsonl, .ndjson, .json, .csv file"),
        ("mine.csv", "id,title\nx,y\n", "line 1: header: missing columns"),
        ("mine.jsonl", "\n\n", "file: no items in the file"),
    ],
)
def test_unusable_files(
    settings: Settings, tmp_path: Path, name: str, content: str, problem: str
) -> None:
    path = tmp_path / name
    path.write_text(content)
    with pytest.raises(ImportRejected) as caught:
        import_file(settings, path)
    assert caught.value.report().splitlines()[1].startswith(problem)


def test_missing_file(settings: Settings, tmp_path: Path) -> None:
    with pytest.raises(ImportRejected) as caught:
        import_file(settings, tmp_path / "absent.jsonl")
    assert caught.value.report().splitlines()[1] == "file: not found"
