"""Count how the recorded answers' evidence aligned, and how many fields got their own passage.

Replays ``tests/llm_replay/answers`` over the dev sets, the held-out set and the dev part
of the real pages (never their test part) and reads the ``mentions`` config of each dataset: evidence items by
alignment method, fields with and without field evidence, and whether every passage is
the article's own text. Figures are in tests/llm_replay/README.md.

    PYTHONPATH=.:tests python tests/llm_replay/measure_fields.py [--show]
"""

from __future__ import annotations

import json
import sys
import tempfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from llm_server.replay import ReplayServer, load_answers  # noqa: E402

from extractor import LLMEngine, run_extraction  # noqa: E402
from extractor._config import Settings  # noqa: E402
from extractor._dataset import read_rows  # noqa: E402
from llm_replay._files import SETS  # noqa: E402

# The fields an llm record can state, by config, as field paths without their index.
STATED = {
    "meeting": ("participants", "date", "location"),
    "statement": ("speaker", "date"),
    "military_facility": ("location",),
    "agreement": ("parties", "date_signed"),
}


def measure(set_name: str, articles: list[Path], answers: dict[str, str], show: bool) -> dict[str, Counter[str]]:
    with tempfile.TemporaryDirectory() as tmp, ReplayServer(answers) as server:
        out = Path(tmp) / "dataset"
        run_extraction(
            articles,
            out=out,
            engine=LLMEngine(model="openai/replay", base_url=server.url),
            settings=Settings(cache_dir=Path(tmp) / "cache"),
        )
        texts = {row["id"]: row["text"] for row in read_rows(out, "articles")}
        alignment: Counter[str] = Counter()
        fields: Counter[str] = Counter()
        for row in read_rows(out, "mentions"):
            alignment.update(row["alignment"])
            own = json.loads(row["attributes"])
            found = {item["field"]: item for item in row["field_evidence"] or []}
            for item in found.values():
                assert texts[item["article_id"]][item["start"] : item["end"]] == item["text"], item
            for name in STATED[row["record_type"]]:
                value = own.get(name)
                paths = [f"{name}[{i}]" for i in range(len(value))] if isinstance(value, list) else [name]
                if value in (None, [], ""):
                    continue
                for path in paths:
                    fields[f"{name}:{'found' if path in found else 'missing'}"] += 1
                    if show and path not in found:
                        print(f"  {set_name} {row['article_id']} {row['record_type']} {path}: {_value(own, path)!r}")
    return {"alignment": alignment, "fields": fields}


def _value(own: dict[str, object], path: str) -> object:
    name, _, index = path.partition("[")
    value = own.get(name)
    return value[int(index.rstrip("]"))] if isinstance(value, list) else value


def main() -> int:
    show = "--show" in sys.argv
    answers = load_answers(ROOT / "tests" / "llm_replay" / "answers")
    total_alignment: Counter[str] = Counter()
    total_fields: Counter[str] = Counter()
    sets = {name: [ROOT / folder] for name, folder in SETS.items()}
    realnews = ROOT.parent / "shared" / "corpora" / "realnews" / "html"
    if realnews.is_dir():
        split = json.loads((ROOT / "tests" / "realnews" / "split.json").read_text(encoding="utf-8"))
        sets["realnews_dev"] = [realnews / name for name in split["dev"]]  # the test part: never
    for set_name, paths in sets.items():
        counts = measure(set_name, paths, answers, show and set_name != "heldout")
        print(f"{set_name}: evidence {dict(sorted(counts['alignment'].items()))}")
        print(f"{set_name}: fields {dict(sorted(counts['fields'].items()))}")
        total_alignment.update(counts["alignment"])
        total_fields.update(counts["fields"])
    print(f"all: evidence {dict(sorted(total_alignment.items()))}")
    print(f"all: fields {dict(sorted(total_fields.items()))}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
