"""``croissant.json``: MLCommons Croissant 1.0 metadata of a release, with the sha256 of every data file.

Record sets and fields are derived from each Parquet file's own Arrow schema, so the
metadata describes exactly the bytes it hashes.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from extractor._dataset import config_files, shards_glob

if TYPE_CHECKING:
    import pyarrow as pa

CROISSANT_NAME = "croissant.json"
_CONFORMS_TO = "http://mlcommons.org/croissant/1.0"
_PARQUET = "application/x-parquet"
# The @context every Croissant 1.0 document carries (from the specification).
_CONTEXT: dict[str, Any] = {
    "@language": "en",
    "@vocab": "https://schema.org/",
    "citeAs": "cr:citeAs",
    "column": "cr:column",
    "conformsTo": "dct:conformsTo",
    "cr": "http://mlcommons.org/croissant/",
    "rai": "http://mlcommons.org/croissant/RAI/",
    "data": {"@id": "cr:data", "@type": "@json"},
    "dataType": {"@id": "cr:dataType", "@type": "@vocab"},
    "dct": "http://purl.org/dc/terms/",
    "equivalentProperty": "cr:equivalentProperty",
    "examples": {"@id": "cr:examples", "@type": "@json"},
    "extract": "cr:extract",
    "field": "cr:field",
    "fileProperty": "cr:fileProperty",
    "fileObject": "cr:fileObject",
    "fileSet": "cr:fileSet",
    "format": "cr:format",
    "includes": "cr:includes",
    "isLiveDataset": "cr:isLiveDataset",
    "jsonPath": "cr:jsonPath",
    "key": "cr:key",
    "md5": "cr:md5",
    "parentField": "cr:parentField",
    "path": "cr:path",
    "recordSet": "cr:recordSet",
    "references": "cr:references",
    "regex": "cr:regex",
    "repeated": "cr:repeated",
    "replace": "cr:replace",
    "samplingRate": "cr:samplingRate",
    "sc": "https://schema.org/",
    "separator": "cr:separator",
    "source": "cr:source",
    "subField": "cr:subField",
    "transform": "cr:transform",
}


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def croissant_metadata(
    release_dir: Path,
    configs: Sequence[str],
    *,
    name: str,
    description: str,
    version: str,
    release_date: str,
    license_url: str,
    url: str,
    cite_as: str,
) -> dict[str, Any]:
    """The Croissant document of a release folder holding each config as ``<config>/train.parquet``
    or as shards; every shard is a hashed file object, and a ``FileSet`` over them is the source
    of its config's fields."""
    import pyarrow.parquet as pq

    distribution = []
    record_sets = []
    for config in configs:
        paths = config_files(release_dir, config)
        for path in paths:
            file_id = f"{config}/{path.name}"
            distribution.append(
                {
                    "@type": "cr:FileObject",
                    "@id": file_id,
                    "name": file_id,
                    "description": f"The {config} config, "
                    + ("one Parquet file." if len(paths) == 1 else f"one of its {len(paths)} Parquet shards."),
                    "contentUrl": file_id,
                    "contentSize": f"{path.stat().st_size} B",
                    "encodingFormat": _PARQUET,
                    "sha256": sha256_of(path),
                }
            )
        source: dict[str, str] = {"fileObject": f"{config}/{paths[0].name}"}
        if len(paths) > 1:
            source = {"fileSet": f"{config}/shards"}
            distribution.append(
                {
                    "@type": "cr:FileSet",
                    "@id": source["fileSet"],
                    "name": source["fileSet"],
                    "description": f"The {len(paths)} Parquet shards of the {config} config.",
                    "encodingFormat": _PARQUET,
                    "includes": f"{config}/{shards_glob(len(paths))}",
                }
            )
        schema = pq.read_schema(paths[0])
        record_sets.append(
            {
                "@type": "cr:RecordSet",
                "@id": config,
                "name": config,
                "description": f"Rows of the {config} config.",
                "field": [_field(config, source, arrow_field) for arrow_field in schema],
            }
        )
    return {
        "@context": _CONTEXT,
        "@type": "sc:Dataset",
        "name": name,
        "description": description,
        "conformsTo": _CONFORMS_TO,
        "citeAs": cite_as,
        "license": license_url,
        "url": url,
        "version": version,
        "datePublished": release_date,
        "distribution": distribution,
        "recordSet": record_sets,
    }


def write_croissant(path: Path, document: dict[str, Any]) -> None:
    path.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def _field(
    parent_id: str, origin: dict[str, str], arrow_field: pa.Field, json_path: str | None = None
) -> dict[str, Any]:
    """One Croissant field; a struct gets sub-fields, a list is ``repeated``."""
    import pyarrow as pa

    field_id = f"{parent_id}/{arrow_field.name}"
    column = json_path.split(".", 1)[0] if json_path else arrow_field.name
    kind, origin_id = next(iter(origin.items()))
    source: dict[str, Any] = {kind: {"@id": origin_id}, "extract": {"column": column}}
    if json_path:
        source["transform"] = {"jsonPath": json_path.split(".", 1)[1]}
    result: dict[str, Any] = {"@type": "cr:Field", "@id": field_id, "name": arrow_field.name}
    value_type = arrow_field.type
    if pa.types.is_list(value_type) or pa.types.is_large_list(value_type):
        result["repeated"] = True
        value_type = value_type.value_type
    if pa.types.is_struct(value_type):
        prefix = json_path or arrow_field.name
        result["subField"] = [
            _field(field_id, origin, value_type.field(index), f"{prefix}.{value_type.field(index).name}")
            for index in range(value_type.num_fields)
        ]
    else:
        result["dataType"] = _data_type(value_type)
        result["source"] = source
    return result


def _data_type(value_type: pa.DataType) -> str:
    import pyarrow as pa

    if pa.types.is_boolean(value_type):
        return "sc:Boolean"
    if pa.types.is_integer(value_type):
        return "sc:Integer"
    if pa.types.is_floating(value_type):
        return "sc:Float"
    return "sc:Text"
