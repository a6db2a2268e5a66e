"""Recognise news-site boilerplate, one line at a time.

Every test here looks at a whole (trimmed) line and answers "is this line page furniture
rather than article prose?". Lines are dropped whole or kept whole, so the article's own
wording is never rewritten; the only in-line change is removing inline HTML tags.
Patterns are anchored to the start of the line or to the whole line, so prose that
merely contains "read more" or "advertisement" keeps its line.
"""

from __future__ import annotations

import re

# Inline and block HTML tags that leak into scraped text. A closed list, so that
# "a <b> c" style comparisons in prose ("x<y") are never taken for markup.
_TAG_NAMES = (
    "a|abbr|article|aside|b|big|blockquote|br|center|cite|code|del|div|em|figcaption|figure|font|"
    "footer|h[1-6]|header|i|iframe|img|ins|kbd|li|mark|nav|ol|p|picture|q|s|section|small|source|"
    "span|strike|strong|sub|sup|time|tt|u|ul|wbr"
)
_INLINE_TAG = re.compile(rf"</?(?:{_TAG_NAMES})(?=[\s/>])[^<>]{{0,500}}?/?>", re.IGNORECASE)
_LINE_BREAK_TAG = re.compile(r"<br\s*/?>", re.IGNORECASE)

_WIDGET_LABELS = (
    r"podcasts?|advertisement|advert|ads?|sponsored(?: content)?|promoted|"
    r"share(?: this)?(?: (?:article|story|page|post))?|shares?|print|e-?mail|copy link|"
    r"\d* ?comments?|show comments|view comments|listen(?: to this (?:article|story))?|"
    r"play|pause|mute|unmute|watch(?: now| video| live)?|videos?|photos?|gallery|loading\W*|"
    r"skip to (?:main )?content|skip navigation|close|menu|search|subscribe(?: now)?|"
    r"sign (?:in|up|out)|log ?(?:in|out)|register|follow us|back to top|show more|see more|"
    r"load more|read more|continue reading|next article|previous article|most (?:read|popular|viewed)|"
    r"trending(?: now)?|top stories|latest(?: news)?|more stories|you (?:may|might) also like|"
    r"recommended(?: for you)?|cookie (?:settings|preferences|policy)|accept(?: all)?(?: cookies)?|"
    r"reject all|manage (?:cookies|preferences)|privacy policy|terms of (?:use|service)|"
    r"newsletters?|breaking news|live updates?"
)
_WHOLE_LINE = re.compile(
    r"(?:"
    rf"(?:{_WIDGET_LABELS})[\s:.!»>›→]*"
    r"|\d{1,2}:\d{2}(?::\d{2})?(?:\s*/\s*\d{1,2}:\d{2}(?::\d{2})?)?"  # media player time stamps
    r"|\d+\s*(?:min|mins|minutes?)\s+(?:read|listen|watch)"
    r"|[-=_*~•·]{3,}"
    r")",
    re.IGNORECASE,
)

# A label at the very start of a line, followed by a separator, marks a link teaser.
_TEASER_PREFIX = re.compile(
    r"^(?:read more|read also|also read|more|related(?: (?:stories|story|articles?|coverage|content|"
    r"news|links?|reading|video))?|see also|more on this(?: story)?|further reading|"
    r"recommended(?: reading| stories)?|you (?:may|might) also like|don'?t miss|must read|"
    r"watch|listen|trending|editor'?s picks?)\s*[:\-–—|»>›→]",
    re.IGNORECASE,
)

_FOOTER_PREFIX = re.compile(
    r"^(?:dear (?:readers?|users?|visitors?|subscribers?)\b"
    r"|(?:©|\(c\)|copyright\b)"
    r"|all rights reserved\b"
    r"|click here\b"
    r"|follow (?:us|\S+) on\b"
    r"|(?:download|get) (?:our|the) (?:\S+ )?app\b"
    r"|share (?:this|on|via)\b"
    r"|story continues below\b"
    r"|(?:this|our) (?:article|story|content|site|website) (?:is|was) (?:brought|sponsored|supported)\b"
    r"|\(?(?:additional )?(?:reporting|writing|editing|compiled|produced) by\b"
    r"|(?:sign up|subscribe|register)\b.{0,200}\b(?:newsletters?|inbox|e-?mails?|alerts|updates)\b"
    r"|(?:we|this (?:web)?site|our (?:web)?site|by (?:using|continuing)\b.{0,60}(?:web)?site)\b.{0,200}\bcookies\b"
    r"|(?:i )?(?:accept|agree to)\b.{0,40}\bcookies\b)",
    re.IGNORECASE,
)

# Phrases that only page furniture uses, wherever they sit in the line. Kept narrow:
# "his comment rules out a deal" or "fined for using cookies without consent" is news.
_FOOTER_ANYWHERE = re.compile(
    r"\b(?:commenting (?:policy|system|guidelines|rules)"
    r"|comments? (?:policy|guidelines)"
    r"|comments (?:are|have been) (?:closed|disabled|moderated)"
    r"|to (?:leave|post) (?:a )?comments?,? (?:you|please)"
    r"|(?:log|sign) in to (?:comment|leave a comment|post a comment)"
    r"|your browser does not support"
    r"|(?:please )?enable javascript"
    r"|all rights reserved)\b",
    re.IGNORECASE,
)

_RELATED_HEADER = re.compile(
    r"(?:related(?: (?:stories|story|articles?|coverage|content|news|links?|reading|topics))?"
    r"|more (?:on this(?: story| topic)?|stories|from \w+(?: \w+)?|news)|see also"
    r"|further reading|recommended(?: stories| reading| for you)?|you (?:may|might) also like"
    r"|most (?:read|popular|viewed)|trending(?: now)?|top stories|editor'?s picks?|latest news)"
    r"\s*[:\-–—]?",
    re.IGNORECASE,
)
_LIST_ITEM = re.compile(r"^(?:[-*•·–—▪►]|\d{1,2}[.)])\s+\S")

_NAV_WORD_GROUPS = (
    "home news world business sport sports opinion video videos podcast podcasts live politics",
    "tech technology science health culture arts lifestyle entertainment menu search subscribe",
    "login log in sign up register newsletter newsletters more about contact us privacy terms",
    "weather travel markets economy features analysis africa asia europe middle east americas uk",
    "latest trending sections shows photos gallery games puzzles climate environment education",
    "media local national international investigations obituaries magazine style food cars jobs",
    "property today top stories watch listen audio explore account edition archive careers",
    "advertise help faq rss apps cookies policy",
    # section names of news sites that cover conflict and policy ("Featured War Analysis Opinion ...")
    "featured exclusive exclusives explainer explainers special reports fact check factcheck interviews",
    "war conflict defense defence military security diplomacy geopolitics regions topics events",
)
_NAV_WORDS = frozenset(word for group in _NAV_WORD_GROUPS for word in group.split())
_MENU_SEPARATORS = re.compile(r"\s+[|•·›»/]\s+")
_SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*$")


def strip_inline_tags(line: str) -> str:
    """Remove inline HTML tags (``<u>AFP</u>`` -> ``AFP``); ``<br>`` becomes a space."""
    if "<" not in line:
        return line
    return _INLINE_TAG.sub("", _LINE_BREAK_TAG.sub(" ", line))


def is_boilerplate_line(line: str) -> bool:
    """True for a trimmed, non-empty line that is page furniture rather than prose."""
    return (
        _WHOLE_LINE.fullmatch(line) is not None
        or _TEASER_PREFIX.match(line) is not None
        or _FOOTER_PREFIX.match(line) is not None
        or _FOOTER_ANYWHERE.search(line) is not None
        or is_navigation_line(line)
    )


def is_navigation_line(line: str) -> bool:
    """A run of icon names, a separator-delimited menu, or a line of section names."""
    tokens = line.split()
    if len(tokens) >= 4:
        icon_tokens = sum(1 for token in tokens if "icon" in token.lower())
        if icon_tokens >= 4 and icon_tokens * 4 >= len(tokens):
            return True
    items = _MENU_SEPARATORS.split(line)
    if len(items) >= 4 and all(len(item.split()) <= 4 and not _SENTENCE_END.search(item) for item in items):
        return True
    if len(tokens) >= 5 and not _SENTENCE_END.search(line):
        words = [token.strip(",:;|&").lower() for token in tokens]
        nav = sum(1 for word in words if word in _NAV_WORDS)
        return nav * 10 >= len(words) * 8
    return False


def related_header(line: str) -> bool:
    """A line that only announces a block of related-story links ("Related Stories:")."""
    return _RELATED_HEADER.fullmatch(line) is not None


def is_list_item(line: str) -> bool:
    return _LIST_ITEM.match(line) is not None


def is_teaser_like(line: str) -> bool:
    """A short line without sentence-final punctuation: a linked headline in a related block."""
    return len(line.split()) <= 20 and not _SENTENCE_END.search(line)


def related_block_end(lines: list[str], header: int, *, max_items: int = 15) -> int:
    """Index of the first line after a related-stories block that starts at ``header``.

    The block holds list items, or short headline lines directly under the header.
    Blank lines are crossed only when a list item follows, so the next section of
    the article (a subheading after a blank line) survives.
    """
    index = header + 1
    items = 0
    while index < len(lines) and items < max_items:
        line = lines[index]
        if line and (is_list_item(line) or is_teaser_like(line)):
            items += 1
            index += 1
            continue
        if line:
            break
        following = _next_non_blank(lines, index)
        if following is None:
            break
        if is_list_item(lines[following]) or (items == 0 and is_teaser_like(lines[following])):
            index = following
            continue
        break
    return index


def _next_non_blank(lines: list[str], start: int) -> int | None:
    for index in range(start, len(lines)):
        if lines[index]:
            return index
    return None
