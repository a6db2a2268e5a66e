"""Date expressions: absolute dates at the precision written, relative ones against the publication date.

Relative expressions ("on Wednesday", "last month", "in December") resolve against the article's
publication date (the anchor) with the precision the words support; without an anchor they resolve
to None. Direction follows the clause: a planned or expected event ("will", "is expected to", "plans
to", "is due to", "next", "upcoming", "scheduled") resolves forward from the anchor ("in September"
in a June article is this September; "on Saturday" is the coming Saturday); anything else resolves
backward, as news reports what has happened. Nothing here ever reads the clock: a day or a year
the text and anchor do not give is never invented.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from dataclasses import dataclass
from functools import cache
from typing import Protocol

from extractor._text import NUMBER_WORDS, Span


class DateContext(Protocol):
    """What date finding reads of an article's rule context (``_context.RuleContext`` is one).

    A protocol rather than an import, so that ``_context`` may use ``dateline_date`` without a cycle.
    """

    @property
    def text(self) -> str: ...

    @property
    def anchor(self) -> str | None: ...

    @property
    def sentences(self) -> list[Span]: ...


_MONTHS = {
    "january": 1,
    "february": 2,
    "march": 3,
    "april": 4,
    "may": 5,
    "june": 6,
    "july": 7,
    "august": 8,
    "september": 9,
    "october": 10,
    "november": 11,
    "december": 12,
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "sept": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
_WEEKDAYS = {"monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6}
# "a week ago" = "one week ago"; the pattern allows only one..ten, a and an.
_NUMBERS = {**NUMBER_WORDS, "a": 1, "an": 1}

_MONTH = (
    r"(?P<{g}>January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?)"
)
_WEEKDAY = r"(?P<weekday>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_YEAR = r"(?P<{g}>(?:19|20)\d\d)"
_DAY = r"(?P<{g}>[0-3]?\d)(?:st|nd|rd|th)?"


@dataclass(frozen=True)
class DateMatch:
    """A date expression at ``[start, end)``; ``value`` is reduced-precision ISO or None."""

    value: str | None
    text: str
    start: int
    end: int


@cache
def _date_pattern() -> re.Pattern[str]:
    alternatives = [
        r"(?P<iso>(?<!\d)(?:19|20)\d\d-[01]\d-[0-3]\d(?!\d))",
        rf"(?P<mdy>{_MONTH.format(g='mdy_m')}\s+{_DAY.format(g='mdy_d')},?\s+{_YEAR.format(g='mdy_y')})",
        rf"(?P<dmy>{_DAY.format(g='dmy_d')}\s+(?:of\s+)?{_MONTH.format(g='dmy_m')},?\s+{_YEAR.format(g='dmy_y')})",
        rf"(?P<my>(?:(?:early|mid|late|in|since|until|by|from|of|during)[\s-]+)?"
        rf"{_MONTH.format(g='my_m')},?\s+(?:of\s+)?{_YEAR.format(g='my_y')})",
        rf"(?P<md>{_MONTH.format(g='md_m')}\s+{_DAY.format(g='md_d')}(?![\d,]*\s*(?:19|20)\d\d)(?!\d))",
        rf"(?P<dm>(?<!\d){_DAY.format(g='dm_d')}\s+(?:of\s+)?{_MONTH.format(g='dm_m')}(?!\s*,?\s*(?:19|20)\d\d))",
        rf"(?P<rel_month>(?P<rel_month_word>last|this|next|in|since|until|by|early|mid|late|"
        rf"earlier\s+this|later\s+this|during|from)[\s-]+{_MONTH.format(g='rel_m')}(?!\s*,?\s*(?:of\s+)?\d))",
        r"(?P<year>(?:in|since|until|by|from|during|of|early|mid|late|the\s+year)[\s-]+"
        r"(?P<year_y>(?:19|20)\d\d)(?![\d-]))",
        rf"(?P<rel_weekday>(?:(?P<weekday_word>last|next|this|on|on\s+last|late|early)\s+)?{_WEEKDAY}"
        r"(?:\s+(?:morning|afternoon|evening|night))?)",
        r"(?P<rel_span>(?P<span_word>last|this|next|earlier\s+this|later\s+this|late\s+last|early\s+last"
        r"|earlier\s+last|the\s+previous|the\s+following)\s+(?P<span_unit>week|month|year))",
        r"(?P<ago>(?P<ago_n>\d+|one|two|three|four|five|six|seven|eight|nine|ten|a|an)\s+"
        r"(?P<ago_unit>day|month|year)s?\s+ago)",
        r"(?P<deictic>\b(?:yesterday|today|tomorrow|tonight|last\s+night|this\s+morning)\b)",
    ]
    return re.compile(r"(?<![\w])(?:" + "|".join(alternatives) + r")(?![\w])", re.IGNORECASE)


_DATELINE_PLACE = re.compile(r"(?m)^[A-Z][A-Z .'’\-]{2,40}(?:,\s*[A-Z][A-Za-z .]{2,30})?,\s+")


def dateline_date(text: str) -> str | None:
    """The date of a wire dateline at the top of the text ("PARIS, Jan 21, 2025 (AFP) -"), or None.

    Wire copy often carries its publication date only there; a dateline without a year gives None.
    """
    for place in _DATELINE_PLACE.finditer(text, 0, min(len(text), 600)):
        match = _date_pattern().match(text, place.end())
        if match and (match.group("mdy") or match.group("dmy") or match.group("iso")):
            return _value(match, None)
    return None


def find_dates(ctx: DateContext, start: int, end: int) -> list[DateMatch]:
    """Date expressions inside ``ctx.text[start:end]``, in order, resolved against ``ctx.anchor``."""
    anchor = ctx.anchor
    memo = _FIND_MEMO[0]
    if memo is None or memo[0] is not ctx:
        # Rules ask for the dates of the same sentence once per mention in it: scan each span
        # of an article once. The memo holds the context, so it never answers for another.
        memo = (ctx, {})
        _FIND_MEMO[0] = memo
    key = (start, end, anchor)
    found = memo[1].get(key)
    if found is None:
        found = tuple(_find(ctx.text, start, end, _parse_anchor(anchor)))
        memo[1][key] = found
    return list(found)


_FIND_MEMO: list[tuple[DateContext, dict[tuple[int, int, str | None], tuple[DateMatch, ...]]] | None] = [None]


def resolve_date(expression: str, anchor: str | None) -> str | None:
    """The reduced-precision ISO date of ``expression`` (the first date found in it), or None."""
    matches = _find(expression, 0, len(expression), _parse_anchor(anchor))
    if matches:
        return matches[0].value
    return _parse_absolute_with_dateparser(expression)


# Words in the same clause before a date that put the event in the future.
_FUTURE = re.compile(
    r"\b(?:will|shall|['’]ll|(?:is|are|was|were)\s+(?:also\s+)?(?:expected|due|scheduled|set|slated|"
    r"poised|planning|going)\s+to|(?:expected|scheduled|slated)\s+to|(?:plans?|expects?|intends?|hopes?|aims?)\s+to|planned|(?:is|are)\s+to\s+(?:meet|hold|"
    r"visit|travel|sign|attend|host)|upcoming|forthcoming|scheduled|to\s+be\s+held|next)\b",
    re.IGNORECASE,
)
_CLAUSE_BREAK = re.compile(r"[.!?;\n]|\b(?:said|says|told|added)\b")


def _is_future(text: str, position: int) -> bool:
    """Whether the clause before ``position`` speaks of a planned or expected event."""
    before = text[max(0, position - 120) : position]
    breaks = list(_CLAUSE_BREAK.finditer(before))
    clause = before[breaks[-1].end() :] if breaks else before
    return _FUTURE.search(clause) is not None


def _find(text: str, start: int, end: int, anchor: dt.date | None) -> list[DateMatch]:
    found = []
    for match in _date_pattern().finditer(text, start, end):
        if not _plausible(match):
            continue
        future = anchor is not None and _is_future(text, match.start())
        found.append(DateMatch(_value(match, anchor, future=future), match.group(), match.start(), match.end()))
    return found


def _plausible(match: re.Match[str]) -> bool:
    # "May" is a modal verb and weekday/month names must be capitalised to be dates.
    for group in ("md_m", "dm_m", "rel_m", "my_m", "mdy_m", "dmy_m", "weekday"):
        word = match.group(group)
        if word is not None and not word[0].isupper():
            return False
    if match.group("rel_m") and match.group("rel_m") == "May":
        following = match.string[match.end() : match.end() + 12]
        return not re.match(r"\s+(?:be|have|not|also|well|still)\b", following)
    return True


def _parse_anchor(anchor: str | None) -> dt.date | None:
    if anchor is None:
        return None
    parts = anchor.split("-")
    if len(parts) != 3:
        return None  # a year or month anchor cannot pin a weekday or a day
    return dt.date(int(parts[0]), int(parts[1]), int(parts[2]))


def _month(word: str) -> int:
    return _MONTHS[word.lower().rstrip(".")]


def _ymd(year: int, month: int, day: int) -> str | None:
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def _value(match: re.Match[str], anchor: dt.date | None, *, future: bool = False) -> str | None:
    group = match.group
    if group("iso"):
        return _ymd(*(int(part) for part in group("iso").split("-")))
    if group("mdy"):
        return _ymd(int(group("mdy_y")), _month(group("mdy_m")), int(group("mdy_d")))
    if group("dmy"):
        return _ymd(int(group("dmy_y")), _month(group("dmy_m")), int(group("dmy_d")))
    if group("my"):
        return f"{int(group('my_y')):04d}-{_month(group('my_m')):02d}"
    if group("year"):
        return group("year_y")
    if anchor is None:
        return None
    if group("md") or group("dm"):
        month = _month(group("md_m") or group("dm_m"))
        day = int(group("md_d") or group("dm_d"))
        return _day_month_ahead(anchor, month, day) if future else _day_month_near(anchor, month, day)
    if group("rel_month"):
        word = group("rel_month_word").lower()
        if future and word in {"in", "by", "until", "during", "early", "mid", "late"}:
            word = "next"
        return _relative_month(anchor, _month(group("rel_m")), word, future=future)
    if group("rel_weekday"):
        word = (group("weekday_word") or "").lower()
        if future and word in {"", "on", "this", "early", "late"}:
            word = "coming"
        return _relative_weekday(anchor, group("weekday").lower(), word)
    if group("rel_span"):
        return _relative_span(anchor, " ".join(group("span_word").lower().split()), group("span_unit").lower())
    if group("ago"):
        return _ago(anchor, _NUMBERS.get(group("ago_n").lower()) or int(group("ago_n")), group("ago_unit").lower())
    return _deictic(anchor, " ".join(match.group("deictic").lower().split()))


def _day_month_near(anchor: dt.date, month: int, day: int) -> str | None:
    # News refers to the nearest such date; a date more than ~half a year ahead is last year's.
    year = anchor.year
    if (month - anchor.month) % 12 >= 6 and month > anchor.month:
        year -= 1
    elif (anchor.month - month) > 6:
        year += 1
    return _ymd(year, month, day)


def _day_month_ahead(anchor: dt.date, month: int, day: int) -> str | None:
    year = anchor.year if (month, day) >= (anchor.month, anchor.day) else anchor.year + 1
    return _ymd(year, month, day)


def _shift_month(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def _relative_month(anchor: dt.date, month: int, word: str, *, future: bool = False) -> str:
    if word == "next":
        # a planned event "in June" of a June article is this June; "next June" is a year on
        later = month >= anchor.month if future else month > anchor.month
        year = anchor.year if later else anchor.year + 1
    elif word == "last":
        year = anchor.year if month < anchor.month else anchor.year - 1
    elif word in {"this", "earlier this", "later this"}:
        year = anchor.year
    else:  # "in December": the most recent December not after the anchor month
        year = anchor.year if month <= anchor.month else anchor.year - 1
    return f"{year:04d}-{month:02d}"


def _relative_weekday(anchor: dt.date, weekday: str, word: str) -> str:
    target = _WEEKDAYS[weekday]
    if word == "next":
        delta = (target - anchor.weekday()) % 7 or 7
        return (anchor + dt.timedelta(days=delta)).isoformat()
    if word == "coming":  # a planned event "on Saturday": the first such day from the anchor on
        return (anchor + dt.timedelta(days=(target - anchor.weekday()) % 7)).isoformat()
    back = (anchor.weekday() - target) % 7
    if word in {"last", "on last"} and back == 0:
        back = 7
    return (anchor - dt.timedelta(days=back)).isoformat()


def _relative_span(anchor: dt.date, word: str, unit: str) -> str | None:
    delta = {
        "last": -1,
        "late last": -1,
        "early last": -1,
        "earlier last": -1,
        "the previous": -1,
        "next": 1,
        "the following": 1,
    }.get(word, 0)
    if unit == "year":
        return f"{anchor.year + delta:04d}"
    if unit == "month":
        year, month = _shift_month(anchor.year, anchor.month, delta)
        return f"{year:04d}-{month:02d}"
    monday = anchor - dt.timedelta(days=anchor.weekday()) + dt.timedelta(weeks=delta)
    last_day = min(monday + dt.timedelta(days=6), anchor) if delta == 0 else monday + dt.timedelta(days=6)
    if (monday.year, monday.month) == (last_day.year, last_day.month):
        return f"{monday.year:04d}-{monday.month:02d}"
    return f"{monday.year:04d}" if monday.year == last_day.year else None


def _ago(anchor: dt.date, count: int, unit: str) -> str:
    if unit == "day":
        return (anchor - dt.timedelta(days=count)).isoformat()
    if unit == "month":
        year, month = _shift_month(anchor.year, anchor.month, -count)
        return f"{year:04d}-{month:02d}"
    return f"{anchor.year - count:04d}"


def _deictic(anchor: dt.date, word: str) -> str:
    if word == "yesterday":
        return (anchor - dt.timedelta(days=1)).isoformat()
    if word == "tomorrow":
        return (anchor + dt.timedelta(days=1)).isoformat()
    return anchor.isoformat()


def _parse_absolute_with_dateparser(expression: str) -> str | None:
    """Fallback for absolute dates in other layouts; only when the text itself gives the year."""
    if not re.search(r"(?:19|20)\d\d", expression):
        return None
    import dateparser

    settings = {"REQUIRE_PARTS": ["year"], "PREFER_DAY_OF_MONTH": "first", "RETURN_TIME_AS_PERIOD": False}
    parsed = dateparser.parse(expression, languages=["en"], settings=settings)
    if parsed is None:
        return None
    has_day = re.search(r"(?<!\d)[0-3]?\d(?:st|nd|rd|th)?(?!\d)", re.sub(r"(?:19|20)\d\d", "", expression))
    has_month = re.search(r"[A-Za-z]{3,}", expression) or has_day
    if has_day and has_month:
        return parsed.date().isoformat()
    if has_month:
        return f"{parsed.year:04d}-{parsed.month:02d}"
    return f"{parsed.year:04d}"


def lead_event_date(ctx: DateContext) -> DateMatch | None:
    """The day of the article's main event: the first dated, already-past event in the opening lines.

    News writing puts the main event and its day in the lead ("X met Y in Beijing on Tuesday"); the
    headline and a dateline's own date are not events.
    """
    memo = _LEAD_MEMO[0]
    if memo is not None and memo[0] is ctx:
        return memo[1]
    found = _lead_event_date(ctx)
    # Rules ask for the lead date once per mention; keep the article's answer. The memo holds
    # the context itself, so the identity test can never match a different article.
    _LEAD_MEMO[0] = (ctx, found)
    return found


_LEAD_MEMO: list[tuple[DateContext, DateMatch | None] | None] = [None]


def _lead_event_date(ctx: DateContext) -> DateMatch | None:
    closed = (s for s in ctx.sentences if ctx.text[s.start : s.end].rstrip()[-1:] in {".", "”", '"'})
    for sentence in itertools.islice(closed, 2):
        for found in find_dates(ctx, sentence.start, sentence.end):
            if found.value is None or len(found.value) != 10 or _is_future(ctx.text, found.start):
                continue
            if ctx.anchor is not None and found.value > ctx.anchor:
                continue
            return found
    return None
