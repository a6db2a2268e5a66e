"""The dataset card: deterministic, every config declared with its features, a field table per type."""

from __future__ import annotations

from typing import Any

import pytest
import yaml

from extractor._card import CardInfo, card_metadata, config_features, field_table, render_card
from extractor._dataset import ALL_CONFIGS, MODEL_OF_CONFIG, arrow_schema


def _info(**overrides: object) -> CardInfo:
    values: dict[str, object] = {
        "rows_per_config": {config: index for index, config in enumerate(ALL_CONFIGS)},
        "engine": "llm",
        "package_version": "9.8.7",
        "model": "some/model",
        "prompt_hash": "abc123",
        "input_sha256": {"b": "f" * 64, "a": "0" * 64},
        **overrides,
    }
    return CardInfo(**values)  # type: ignore[arg-type]


def _front(card: str) -> dict[str, Any]:
    assert card.startswith("---\n")
    loaded = yaml.safe_load(card.split("---\n")[1])
    assert isinstance(loaded, dict)
    return loaded


def test_the_card_is_deterministic() -> None:
    assert render_card(_info()) == render_card(_info())


def test_front_matter_declares_every_config_with_its_features_and_row_count() -> None:
    info = _info()
    front = _front(render_card(info))
    assert [c["config_name"] for c in front["configs"]] == list(ALL_CONFIGS)
    for entry in front["dataset_info"]:
        assert entry["features"] == config_features(MODEL_OF_CONFIG[entry["config_name"]])
        assert entry["splits"][0]["num_examples"] == info.rows_per_config[entry["config_name"]]
    for key in ("license", "language", "task_categories", "pretty_name"):
        assert front[key]
    assert front == card_metadata(info)


def test_every_field_of_every_type_is_in_the_card_with_its_description() -> None:
    card = render_card(_info())
    for model in MODEL_OF_CONFIG.values():
        for name, info in model.model_fields.items():
            assert f"| `{name}` |" in field_table(model)
            assert (info.description or "").replace("|", "\\|") in card


def test_the_card_says_how_the_data_was_made() -> None:
    card = render_card(_info())
    for expected in ("`llm`", "`some/model`", "`abc123`", "`9.8.7`", "`" + "f" * 64 + "`"):
        assert expected in card
    assert card.index("| `a` |") < card.index("| `b` |")


def test_a_release_card_names_its_version_date_and_hub_repo() -> None:
    card = render_card(_info(version="2.1.0", release_date="2026-05-04", repo_id="org/events"))
    assert "release **2.1.0**, published 2026-05-04" in card
    assert 'load_dataset("org/events", "meetings", split="train", revision="v2.1.0")' in card
    assert "year = {2026}" in card
    assert "Article text is not published" not in card
    assert "Article text is not published" in render_card(_info(no_text=True))


def test_types_are_named_for_readers() -> None:
    table = field_table(MODEL_OF_CONFIG["military_facilities"])
    assert "| `operator` | Country or null |" in table
    assert "| `facility_type` | `air_base` \\| `naval_base`" in table
    assert "| `date` | Date or null |" in field_table(MODEL_OF_CONFIG["meetings"])


@pytest.mark.parametrize("config", ALL_CONFIGS)
def test_card_features_name_every_field(config: str) -> None:
    features = config_features(MODEL_OF_CONFIG[config])
    assert [feature["name"] for feature in features] == list(MODEL_OF_CONFIG[config].model_fields)


def test_an_empty_config_is_named_as_a_limitation_only_when_there_is_one() -> None:
    with_empty = render_card(_info())  # rows_per_config gives the first config 0 rows
    assert f"No rows in `{ALL_CONFIGS[0]}`" in with_empty
    full = render_card(_info(rows_per_config=dict.fromkeys(ALL_CONFIGS, 3)))
    assert "No rows in" not in full


@pytest.mark.parametrize("config", ALL_CONFIGS)
def test_card_features_are_written_as_the_datasets_library_writes_them(config: str) -> None:
    datasets = pytest.importorskip("datasets")
    model = MODEL_OF_CONFIG[config]
    expected = datasets.Features.from_arrow_schema(arrow_schema(model))._to_yaml_list()
    assert config_features(model) == expected
