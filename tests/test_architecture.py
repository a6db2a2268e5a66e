"""Layering and start-up cost: the rules the codebase promises about itself."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HEAVY = (
    "datasets",
    "pyarrow",
    "trafilatura",
    "dateparser",
    "instructor",
    "openai",
    "anthropic",
    "huggingface_hub",
    "llama_cpp",
    "mlcroissant",
    "playwright",
)


def test_import_layers_hold() -> None:
    lint_imports = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run([str(lint_imports)], cwd=ROOT, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def test_cli_start_up_imports_no_heavy_library() -> None:
    probe = "import sys, cli; print(','.join(sorted(m for m in sys.modules if '.' not in m)))"
    result = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True)
    loaded = set(result.stdout.strip().split(","))
    assert not loaded & set(HEAVY), f"imported at start-up: {sorted(loaded & set(HEAVY))}"


def test_each_package_declares_its_public_surface() -> None:
    import cli
    import extractor
    import schema

    for package in (schema, extractor, cli):
        assert package.__all__, package.__name__
        for name in package.__all__:
            assert not name.startswith("_")
            assert getattr(package, name) is not None, f"{package.__name__}.{name}"


def test_no_module_grows_past_what_one_reader_can_hold() -> None:
    too_long = {
        str(path.relative_to(ROOT)): n
        for package in ("schema", "extractor", "cli")
        for path in (ROOT / package).rglob("*.py")
        if (n := len(path.read_text(encoding="utf-8").splitlines())) > 450
    }
    assert not too_long, too_long


def _private_imports(package: str, prefixes: tuple[str, ...]) -> list[str]:
    return [
        f"{path.relative_to(ROOT)}:{number}"
        for path in sorted((ROOT / package).rglob("*.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if line.lstrip().startswith(prefixes)
    ]


def test_the_cli_uses_only_the_public_surface_of_the_library() -> None:
    assert not _private_imports("cli", ("from extractor._", "import extractor._", "from schema._")), "cli"


def test_the_library_uses_only_the_public_surface_of_the_schema() -> None:
    assert not _private_imports("extractor", ("from schema._", "import schema._"))


def test_rules_actors_context_and_dates_form_no_import_cycle() -> None:
    import grimp

    graph = grimp.build_graph("extractor")
    modules = ("_actors", "_context", "_dates")
    for importer in modules:
        for imported in modules:
            if importer == imported:
                continue
            there = graph.find_shortest_chain(
                importer=f"extractor._rules.{importer}", imported=f"extractor._rules.{imported}"
            )
            back = graph.find_shortest_chain(
                importer=f"extractor._rules.{imported}", imported=f"extractor._rules.{importer}"
            )
            assert there is None or back is None, (there, back)
