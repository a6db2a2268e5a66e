"""Markdown inputs: YAML front matter, and markup that is not part of the article's words."""

from __future__ import annotations

import re
from typing import Any

_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(?P<yaml>.*?)(?:\r?\n)?^(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.S | re.M)
_HEADING = re.compile(r"^[ \t]{0,3}#{1,6}[ \t]+(?P<text>.*?)(?:[ \t]+#+)?[ \t]*$", re.M)
_BLOCKQUOTE = re.compile(r"^[ \t]{0,3}>[ \t]?", re.M)
_RULE = re.compile(r"^[ \t]{0,3}(?:(?:-[ \t]*){3,}|(?:\*[ \t]*){3,}|(?:_[ \t]*){3,})$", re.M)
_IMAGE = re.compile(r"!\[[^\]\n]*\]\([^)\n]*\)")
_LINK = re.compile(r"\[(?P<text>[^\]\n]+)\]\((?:<[^>\n]*>|[^)\s]+)(?:[ \t]+\"[^\"\n]*\")?\)")
_STRONG = re.compile(r"(\*\*|__)(?=\S)(?P<text>.+?)(?<=\S)\1")


def split_front_matter(text: str) -> tuple[dict[str, Any], str] | str:
    """``(front matter, body)``; a body without front matter gets ``{}``; a broken block, a reason."""
    match = _FRONT_MATTER.match(text)
    if match is None:
        return {}, text
    import yaml

    try:
        front = yaml.safe_load(match.group("yaml"))
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" at line {mark.line + 2}" if mark is not None else ""
        return f"invalid YAML front matter{where}"
    if front is None:
        front = {}
    if not isinstance(front, dict):
        return "YAML front matter must be a mapping of fields"
    return {str(key): value for key, value in front.items()}, text[match.end() :]


def strip_markdown(body: str) -> str:
    """Drop markup (heading marks, images, link targets, bold marks, quote marks, rules); keep words."""
    body = _RULE.sub("", body)
    body = _HEADING.sub(lambda match: match.group("text"), body)
    body = _BLOCKQUOTE.sub("", body)
    body = _IMAGE.sub("", body)
    body = _LINK.sub(lambda match: match.group("text"), body)
    return _STRONG.sub(lambda match: match.group("text"), body)
