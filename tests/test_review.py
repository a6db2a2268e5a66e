"""render_review and export_gold: a self-contained, safe page; gold lines that evaluate back."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from _evaldata import actor, article, corpus, evidence, statement, write_corpus, write_dataset

from extractor import InputError, evaluate, export_gold, render_review
from extractor._eval_gold import load_gold
from extractor._review._render import build_payload, embed_json

DATA_TAG = re.compile(r'<script type="application/json" id="review-data">(.*?)</script>', re.DOTALL)


def embedded(page: str) -> dict:
    found = DATA_TAG.findall(page)
    assert len(found) == 1
    return json.loads(found[0])


def test_the_page_is_self_contained_and_embeds_every_record(tmp_path: Path) -> None:
    dataset = write_corpus(tmp_path / "ds")
    page = render_review(dataset, out=tmp_path / "out" / "review.html").read_text(encoding="utf-8")
    assert "Content-Security-Policy" in page and "default-src 'none'" in page
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", page)
    assert "@import" not in page and "url(" not in page
    data = embedded(page)
    _, records = corpus()
    assert [len(rows) for rows in data["records"]] == [len(records[c]) for c in records]
    assert len(data["evidence"]) == sum(len(r.evidence) for rows in records.values() for r in rows)
    assert data["problems"] == {"missing_article": 0, "ungrounded": 0}
    assert [a["id"] for a in data["articles"]] == ["a", "b"]


def test_article_text_cannot_close_the_data_script(tmp_path: Path) -> None:
    hostile = 'He wrote </script><script>alert("x")</script> and <!-- then --> left & "went".'
    a = article("a", hostile)
    rows = [statement("s1", [evidence(a, "</script><script>")], actor("Someone"), "</script>")]
    dataset = write_dataset(tmp_path / "ds", {"articles": [a], "statements": rows})
    page = render_review(dataset, out=tmp_path / "review.html").read_text(encoding="utf-8")
    data_part = DATA_TAG.findall(page)[0]
    assert "<" not in data_part and ">" not in data_part
    assert embedded(page)["articles"][0]["text"] == hostile
    assert page.count("</script>") == 2  # the data tag and the script tag, nothing from the text


def test_embed_json_escapes_line_separators() -> None:
    text = embed_json({"t": "a\u2028b\u2029c</script>"})
    assert "\u2028" not in text and "\u2029" not in text
    assert json.loads(text) == {"t": "a\u2028b\u2029c</script>"}


def test_offsets_become_utf16_units_after_astral_characters(tmp_path: Path) -> None:
    a = article("a", "Flags 🇷🇺🇸🇾 then Putin spoke. Sharaa too.")
    rows = [statement("s1", [evidence(a, "Putin spoke")], actor("Vladimir Putin"), "spoke")]
    dataset = write_dataset(tmp_path / "ds", {"articles": [a], "statements": rows})
    [entry] = build_payload(dataset)["evidence"]
    start16, end16 = entry[1], entry[2]
    as_utf16 = a.text.encode("utf-16-le")
    assert as_utf16[2 * start16 : 2 * end16].decode("utf-16-le") == "Putin spoke"
    assert start16 == a.text.index("Putin") + 4  # four regional-indicator symbols, two units each


def test_ungrounded_and_dangling_evidence_are_counted(tmp_path: Path) -> None:
    from schema import Evidence

    a = article("a", "Putin spoke. Sharaa listened.")
    shifted = Evidence(article_id="a", start=1, end=6, text="Putin")
    dangling = Evidence(article_id="nowhere", start=0, end=5, text="Putin")
    rows = [statement("s1", [shifted, dangling], actor("Vladimir Putin"), "spoke")]
    dataset = write_dataset(tmp_path / "ds", {"articles": [a], "statements": rows})
    payload = build_payload(dataset)
    assert payload["problems"] == {"missing_article": 1, "ungrounded": 1}
    assert [e[5] for e in payload["evidence"]] == [0]  # still highlighted, flagged


def test_missing_configs_still_render(tmp_path: Path) -> None:
    articles, _ = corpus()
    dataset = write_dataset(tmp_path / "ds", {"articles": articles})
    data = embedded(render_review(dataset, out=tmp_path / "r.html").read_text(encoding="utf-8"))
    assert data["records"] == [[], [], [], []]
    assert [t["present"] for t in data["types"]] == [False] * 4


def test_unusable_datasets_are_input_errors(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="dataset folder not found"):
        render_review(tmp_path / "missing", out=tmp_path / "r.html")
    (tmp_path / "empty").mkdir()
    with pytest.raises(InputError, match="no articles data"):
        render_review(tmp_path / "empty", out=tmp_path / "r.html")
    with pytest.raises(InputError, match="no record configs"):
        export_gold(tmp_path / "empty", out=tmp_path / "gold")
    assert not (tmp_path / "r.html").exists()


def test_export_gold_writes_one_line_per_record_and_article(tmp_path: Path) -> None:
    dataset = write_corpus(tmp_path / "ds")
    folder = export_gold(dataset, out=tmp_path / "gold")
    lines = [json.loads(x) for x in (folder / "military_facilities.jsonl").read_text().splitlines()]
    # f1 is in both articles: two lines, each with the spellings its article uses.
    assert [(x["article_id"], x["aliases"]) for x in lines if x["note"] == "from military_facilities/f1"] == [
        ("a", ["Khmeimim", "Hmeimim"]),
        ("b", ["Hmeimim"]),
    ]
    assert all(set(x) >= {"article_id", "quote", "optional"} for x in lines)
    assert "evidence" not in lines[0] and "id" not in lines[0] and "date_text" not in lines[0]
    gold = load_gold(folder)
    assert {c: len(items) for c, items in gold.items.items()} == {
        "meetings": 3,
        "statements": 2,
        "military_facilities": 3,
        "agreements": 1,
    }


def test_export_gold_to_one_file_round_trips_through_evaluate(tmp_path: Path) -> None:
    dataset = write_corpus(tmp_path / "ds")
    file = export_gold(dataset, out=tmp_path / "gold.jsonl")
    types = {json.loads(x)["type"] for x in file.read_text().splitlines()}
    assert types == {"meeting", "statement", "military_facility", "agreement"}
    assert evaluate(dataset, file).overall.f1 == 1.0


def test_export_gold_refuses_a_file_where_a_folder_is_meant(tmp_path: Path) -> None:
    dataset = write_corpus(tmp_path / "ds")
    (tmp_path / "taken").write_text("keep me")
    with pytest.raises(InputError, match="not a folder"):
        export_gold(dataset, out=tmp_path / "taken")
    assert (tmp_path / "taken").read_text() == "keep me"


def test_field_passages_of_mentions_are_indexed_by_the_canonical_rows_field(tmp_path: Path) -> None:
    from _evaldata import meeting

    from schema import Extractor, FieldEvidence, Mention

    a = article("a", "Flags 🇷🇺 first. Then Putin met Sharaa in Moscow on Wednesday.")
    row = meeting(
        "m1", [evidence(a, "Putin met Sharaa in Moscow")], [actor("Ahmed al-Sharaa"), actor("Vladimir Putin")]
    )

    def passage(field: str, words: str) -> FieldEvidence:
        start = a.text.index(words)
        return FieldEvidence(field=field, article_id="a", start=start, end=start + len(words), text=words)

    # The mention lists the participants in another order than the merged row does.
    own = {"participants": [{"name": "Vladimir Putin"}, {"name": "Ahmed al-Sharaa"}], "location": "Moscow"}
    shifted = FieldEvidence(field="date", article_id="a", start=0, end=5, text="Wedne")
    mention = Mention(
        id="mention-1",
        record_type="meeting",
        canonical_id="m1",
        article_id="a",
        evidence=list(row.evidence),
        attributes=json.dumps(own),
        confidence=0.8,
        extractor=Extractor(engine="llm", version="0", model="m"),
        alignment=["exact"],
        field_evidence=[passage("participants[0]", "Putin"), passage("location", "Moscow"), shifted],
    )
    dataset = write_dataset(tmp_path / "ds", {"articles": [a], "meetings": [row], "mentions": [mention]})
    fields = build_payload(dataset)["fields"]
    # participants[0] of the mention (Putin) is participants[1] of the row; the passage that
    # is not the article's text is left out; offsets are UTF-16 units, like the evidence's.
    assert [entry[3:] for entry in fields] == [[0, 0, "participants[1]"], [0, 0, "location"]]
    start16, end16 = fields[0][1], fields[0][2]
    assert a.text.encode("utf-16-le")[2 * start16 : 2 * end16].decode("utf-16-le") == "Putin"


def test_a_dataset_without_field_passages_has_none_to_show(tmp_path: Path) -> None:
    payload = build_payload(write_corpus(tmp_path / "ds"))
    assert payload["fields"] == []
