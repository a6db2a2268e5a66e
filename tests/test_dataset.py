"""Dataset folder I/O: model -> JSON -> Parquet row -> model round trips, typed empty configs."""

from __future__ import annotations

from pathlib import Path

import pyarrow.parquet as pq
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel

from extractor import DataError, InputError, read_records, read_rows
from extractor._dataset import (
    ALL_CONFIGS,
    MODEL_OF_CONFIG,
    ConfigWriter,
    ShardWriter,
    arrow_schema,
    available_configs,
    config_files,
    data_file,
    data_files_pattern,
    num_rows,
    shard_name,
)
from schema import Actor, Agreement, Conflict, Evidence, Extractor, Meeting, MilitaryFacility, Statement

text = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=1, max_size=30)
maybe_text = st.none() | text
country = st.none() | st.sampled_from(["RUS", "SYR", "USA", "FRA", "DJI", "IND"])
date = st.none() | st.sampled_from(["2017", "2024-12", "2025-02-12", "1944"])
confidence = st.floats(min_value=0, max_value=1, allow_nan=False)
evidence = st.builds(Evidence, article_id=text, start=st.integers(0, 10**6), end=st.integers(0, 10**6), text=text)
common = {
    "id": text,
    "evidence": st.lists(evidence, min_size=1, max_size=3),
    "confidence": confidence,
    "extractor": st.builds(Extractor, engine=text, version=text, model=maybe_text, prompt_hash=maybe_text),
    "conflicts": st.none()
    | st.lists(st.builds(Conflict, field=text, values=st.lists(text, max_size=3), rule=text), min_size=1),
}
actor = st.builds(Actor, name=text, country=country, role=maybe_text)
dated = {"date": date, "date_text": maybe_text, "date_anchor": date}

RECORDS = {
    "meetings": st.builds(
        Meeting,
        participants=st.lists(actor, min_size=1, max_size=3),
        location=maybe_text,
        format=st.sampled_from(["in_person", "phone_call", "video_call", "unknown"]),
        status=st.sampled_from(["held", "planned", "cancelled"]),
        **common,
        **dated,
    ),
    "statements": st.builds(
        Statement, speaker=actor, text=text, direct=st.booleans(), channel=maybe_text, **common, **dated
    ),
    "military_facilities": st.builds(
        MilitaryFacility,
        name=text,
        aliases=st.lists(text, max_size=3),
        facility_type=st.sampled_from(["air_base", "naval_base", "army_base", "logistics_hub", "other"]),
        operator=country,
        host_country=country,
        location=maybe_text,
        status=st.sampled_from(["active", "contested", "planned", "closed", "unknown"]),
        **common,
    ),
    "agreements": st.builds(
        Agreement,
        title=maybe_text,
        agreement_type=st.sampled_from(["lease", "treaty", "contract", "memorandum", "deal", "other"]),
        parties=st.lists(text, max_size=3),
        date_signed=date,
        duration_years=st.none() | st.floats(min_value=0, max_value=500, allow_nan=False),
        status=st.sampled_from(["in_force", "under_review", "proposed", "terminated", "unknown"]),
        facilities=st.lists(text, max_size=3),
        **common,
    ),
}


def _write(folder: Path, config: str, records: list[BaseModel]) -> None:
    writer = ConfigWriter(folder, config)
    writer.add_all(records)
    assert writer.close() == len(records)


@pytest.mark.parametrize("config", sorted(RECORDS))
def test_records_round_trip_through_json_and_parquet(config: str, tmp_path_factory: pytest.TempPathFactory) -> None:
    model = MODEL_OF_CONFIG[config]

    @settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(st.lists(RECORDS[config], max_size=4))
    def round_trip(records: list[BaseModel]) -> None:
        via_json = [model.model_validate_json(r.model_dump_json()) for r in records]
        assert via_json == records
        folder = tmp_path_factory.mktemp(config)
        _write(folder, config, via_json)
        assert read_records(folder, config) == records

    round_trip()


@pytest.mark.parametrize("config", ALL_CONFIGS)
def test_an_empty_config_keeps_its_typed_columns(tmp_path: Path, config: str) -> None:
    _write(tmp_path, config, [])
    written = pq.read_schema(data_file(tmp_path, config))
    assert written.names == list(MODEL_OF_CONFIG[config].model_fields)
    assert written.equals(arrow_schema(MODEL_OF_CONFIG[config]))
    assert read_rows(tmp_path, config) == []


def test_reading_a_missing_config_is_unusable_input(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no meetings data"):
        read_rows(tmp_path, "meetings")


def test_reading_a_corrupt_parquet_file_is_bad_data(tmp_path: Path) -> None:
    path = data_file(tmp_path, "meetings")
    path.parent.mkdir()
    path.write_bytes(b"PAR1 this is not parquet")
    with pytest.raises(DataError, match="not a readable Parquet file"):
        read_rows(tmp_path, "meetings")


# --- shards ------------------------------------------------------------------------------


def _statements(count: int) -> list[Statement]:
    extractor = Extractor(engine="rules", version="1")
    return [
        Statement(
            id=f"s{number:05d}",
            speaker=Actor(name=f"Speaker {number % 7}"),
            text=f"Statement number {number}.",
            direct=number % 2 == 0,
            evidence=[Evidence(article_id=f"a{number // 10}", start=0, end=5, text="State")],
            confidence=0.5,
            extractor=extractor,
        )
        for number in range(count)
    ]


def _shape(folder: Path, config: str) -> list[tuple[str, list[int]]]:
    """Each file of a config with its row groups' sizes."""
    shape = []
    for path in sorted((folder / config).iterdir()):
        metadata = pq.ParquetFile(path).metadata
        shape.append((path.name, [metadata.row_group(i).num_rows for i in range(metadata.num_row_groups)]))
    return shape


def test_a_config_over_rows_per_shard_is_written_as_named_shards_of_whole_row_groups(tmp_path: Path) -> None:
    records = _statements(5000)
    writer = ConfigWriter(tmp_path, "statements", rows_per_shard=2048)
    writer.add_all(records)
    assert writer.close() == 5000
    assert _shape(tmp_path, "statements") == [
        ("train-00000-of-00003.parquet", [1024, 1024]),
        ("train-00001-of-00003.parquet", [1024, 1024]),
        ("train-00002-of-00003.parquet", [904]),
    ]
    assert config_files(tmp_path, "statements") == [
        tmp_path / "statements" / shard_name(index, 3) for index in range(3)
    ]
    assert read_records(tmp_path, "statements") == records  # shards read back in row order
    assert num_rows(tmp_path, "statements") == 5000
    assert data_files_pattern(tmp_path, "statements") == "statements/train-*-of-00003.parquet"
    assert available_configs(tmp_path) == ["statements"]


def test_a_shard_limit_that_is_no_multiple_of_the_row_group_cuts_groups_at_the_shard_end(tmp_path: Path) -> None:
    writer = ShardWriter(tmp_path, "statements", rows_per_shard=1500)
    import pyarrow as pa

    rows = [record.model_dump(mode="json") for record in _statements(3100)]
    for start in range(0, len(rows), 700):  # batches that line up with nothing
        writer.write(pa.Table.from_pylist(rows[start : start + 700], schema=writer.schema))
    assert writer.close() == 3100
    assert _shape(tmp_path, "statements") == [
        ("train-00000-of-00003.parquet", [1024, 476]),
        ("train-00001-of-00003.parquet", [1024, 476]),
        ("train-00002-of-00003.parquet", [100]),
    ]


def test_a_config_that_fits_one_shard_keeps_the_single_file_and_the_same_bytes(tmp_path: Path) -> None:
    records = _statements(2048)
    _write(tmp_path / "plain", "statements", records)
    writer = ConfigWriter(tmp_path / "sharded", "statements", rows_per_shard=2048)
    writer.add_all(records)
    writer.close()
    assert _shape(tmp_path / "sharded", "statements") == [("train.parquet", [1024, 1024])]
    single = data_file(tmp_path / "sharded", "statements").read_bytes()
    assert single == data_file(tmp_path / "plain", "statements").read_bytes()
    assert data_files_pattern(tmp_path / "sharded", "statements") == "statements/train.parquet"


def test_the_same_rows_in_other_batches_give_byte_identical_shards(tmp_path: Path) -> None:
    import pyarrow as pa

    records = _statements(3000)
    by_record = ConfigWriter(tmp_path / "a", "statements", rows_per_shard=1024)
    by_record.add_all(records)
    by_record.close()
    by_table = ShardWriter(tmp_path / "b", "statements", rows_per_shard=1024)
    rows = [record.model_dump(mode="json") for record in records]
    for start in range(0, len(rows), 333):
        by_table.write(pa.Table.from_pylist(rows[start : start + 333], schema=by_table.schema))
    by_table.close()
    for name in (shard_name(index, 3) for index in range(3)):
        assert (tmp_path / "a" / "statements" / name).read_bytes() == (
            tmp_path / "b" / "statements" / name
        ).read_bytes()


def test_a_missing_shard_is_bad_data_not_fewer_rows(tmp_path: Path) -> None:
    writer = ConfigWriter(tmp_path, "statements", rows_per_shard=1000)
    writer.add_all(_statements(2500))
    writer.close()
    (tmp_path / "statements" / shard_name(1, 3)).unlink()
    with pytest.raises(
        DataError, match=r"shards of statements are incomplete \(train-00001-of-00003.parquet is missing"
    ):
        read_rows(tmp_path, "statements")
    (tmp_path / "statements" / shard_name(1, 3)).write_bytes(b"")
    (tmp_path / "statements" / shard_name(0, 2)).write_bytes(b"")  # a shard of an earlier, other run
    with pytest.raises(DataError, match=r"shards of statements are of 2 sets \(of 00002 and of 00003\)"):
        read_rows(tmp_path, "statements")
