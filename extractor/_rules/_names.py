"""Name patterns for actors the registry does not know: titled people and collective speakers."""

from __future__ import annotations

import re
from functools import cache

from extractor._countries import country_code, country_name, country_pattern

_UPPER = "A-ZÀ-ÖØ-Þ"
_LOWER = "a-zß-öø-ÿ"
# One capitalised name token: "Emmanuel", "al-Sharaa", "Jean-Noël", "O'Brien", an initial "S.", and a
# surname with a capital inside it after its prefix ("McKinley", "MacArthur", "DeSantis", "LaGuardia").
NAME_TOKEN = (
    rf"(?!(?:Jr|Sr)\b)(?:(?:[Aa]l|[Ee]l|[Dd]'|[Oo]')[-‑]?)?(?:(?:Mc|Mac|De|Di|La|Le)(?=[{_UPPER}][{_LOWER}]))?"
    rf"[{_UPPER}][{_LOWER}]+(?:-[{_UPPER}{_LOWER}][{_LOWER}]+)*"
    rf"|[{_UPPER}]\."
)
_PARTICLE = r"(?:al|el|bin|ibn|bint|von|van|der|de|da|du|di|la|le|Al|Abu|abu)"
# Generational suffixes belong to the name ("Ferdinand Marcos Jr.") but are not a surname.
NAME_SUFFIX = r"(?:,?\s+(?:Jr\.?|Sr\.?|II|III|IV|VI|VII|VIII)(?![\w]))"
PERSON_NAME = rf"(?:{NAME_TOKEN})(?:\s+(?:{_PARTICLE}\s+)*(?:{NAME_TOKEN})){{0,3}}{NAME_SUFFIX}?"

# The portfolio words of an office ("Treasury", "Health", "Foreign Affairs"), for titles the list below
# does not spell out.
_PORTFOLIO = (
    r"(?:Finance|Treasury|Health|Education|Trade|Commerce|Energy|Agriculture|Justice|Labou?r|Transport|"
    r"Culture|Environment|Economy|Economic|Industry|Interior|Home|Foreign|Affairs|Defen[cs]e|Security|"
    r"Homeland|Information|Communications|Tourism|Housing|Development|Planning|Water|Oil|Petroleum|Mines|"
    r"Mining|Fisheries|Youth|Sports?|Women|Social|Welfare|Immigration|Digital|Science|Technology|"
    r"Infrastructure|Public|Works|Veterans|Budget|International|Cooperation|National|Intelligence|Climate|"
    r"Army|Navy|Air\s+Force|Cabinet|State|Europe|European|Overseas|Territorial|Administration|Reform)"
)

# Titles, most specific first. Lower-case forms are common in running text ("spokesman Dmitry Peskov").
_TITLES = [
    r"Deputy Prime Minister",
    r"Prime Minister",
    r"Premier",
    r"[Pp]remier",
    r"PM",
    r"(?:[Aa]rmy|[Mm]ilitary)\s+[Cc]hief(?:\s+(?:Gen\.?|General))?",
    r"Vice[- ]President",
    r"President",
    r"Chancellor",
    r"Crown Prince",
    r"King",
    r"Queen",
    r"Emir",
    r"Sultan",
    r"Supreme Leader",
    r"(?<![Oo]pposition )(?<![Pp]arty )leader",
    r"Deputy Foreign Minister",
    r"Foreign Minister",
    r"Foreign Secretary",
    r"External Affairs Minister",
    r"Defen[cs]e Minister",
    r"Defen[cs]e Secretary",
    r"Secretary of Defen[cs]e",
    r"Secretary of State",
    r"Secretary of War",
    r"Interior Minister",
    r"Finance Minister",
    r"Energy Minister",
    r"Economy Minister",
    r"Trade Minister",
    r"Minister of (?:Foreign Affairs|Defen[cs]e|the Interior|Finance|Economy|Energy)",
    # "Minister of State for Defence Affairs": a junior minister with a portfolio
    rf"Minister\s+of\s+State(?:\s+for\s+(?:{_PORTFOLIO})(?:\s+(?:{_PORTFOLIO})){{0,2}})?",
    # Any portfolio: "Treasury Secretary", "Health Minister", "Foreign Affairs Minister", "Minister for Trade"
    rf"(?:{_PORTFOLIO}\s+){{1,3}}(?:Minister|Secretary)",
    rf"(?:(?i:{_PORTFOLIO})\s+){{1,2}}(?:minister|secretary)",  # running text: "Ukraine finance minister X"
    rf"(?:Minister|Secretary)\s+(?:of|for)\s+(?:the\s+)?(?:{_PORTFOLIO})(?:\s+(?:and\s+)?(?:{_PORTFOLIO})){{0,2}}",
    r"Vice[- ]Premier",
    r"Attorney[- ]General",
    r"National Security Advis[eo]r",
    r"Chief of Staff",
    r"Commissioner",
    r"Mayor",
    r"Representative",
    r"Rep\.",
    r"Secretary[- ]General",
    # "special envoy to Ukraine Kurt Volker", "ambassador to the European Union Gordon Sondland"
    r"(?:[Ss]pecial\s+)?(?:[Ee]nvoy|[Aa]mbassador)\s+to\s+(?:the\s+)?"
    r"(?:(?:European|United|African)\s+[A-Z][a-z]+|[A-Z][a-z]+)(?=\s+[A-Z])",
    r"Special Envoy",
    r"[Ee]nvoy",
    r"Ambassador",
    r"[Aa]mbassador",
    r"Press Secretary",
    r"[Pp]ress secretary",
    r"[Ss]pokes(?:man|woman|person)",
    r"(?:personal\s+)?[Ll]awyer",
    r"Lieutenant General",
    r"Lt\.? Gen\.",
    r"Major General",
    r"Maj\.? Gen\.",
    r"General",
    r"Gen\.",
    r"Admiral",
    r"Adm\.",
    r"Marshal",
    r"Commander",
    r"Chief of (?:the )?(?:General )?Staff",
    r"Senator",
    r"Sen\.",
    r"Governor",
    r"Speaker",
    r"[Ff]oreign [Mm]inister",
    r"[Dd]efen[cs]e [Mm]inister",
    r"[Pp]rime [Mm]inister",
    r"[Pp]resident",
    r"[Mm]inister",
    r"[Cc]hancellor",
    r"Sheikh",
    r"Prince",
    # Honorifics and relational nouns name a person without giving an office.
    r"Sir",
    r"Dame",
    r"Mr\.?",
    r"Mrs\.?",
    r"Ms\.?",
    r"Dr\.?",
    r"counterpart",
]
# Country names that take "the" after "of" ("Defence Minister of the Philippines").
_THE_PREFIXES = ("United ", "Republic ", "Democratic ", "Central African", "Czech", "Dominican")
_THE_NAMES = frozenset({"Philippines", "Netherlands", "Bahamas", "Maldives", "Gambia", "Comoros", "Seychelles"})
_NO_ROLE_TITLES = frozenset({"sir", "dame", "mr", "mrs", "ms", "dr", "counterpart"})
_QUALIFIER = r"(?:(?:[Ff]ormer|[Ii]nterim|[Aa]cting|[Tt]ransitional|[Nn]ew|[Tt]hen|[Ee]x-)\s*)"
_ORG_PREFIX = (
    r"(?:Kremlin|White House|Pentagon|State Department|(?i:foreign ministry|defen[cs]e ministry|foreign office|"
    r"interior ministry|presidential office)|UN|NATO|EU)"
)

_NOT_NAME_WORDS = frozenset(
    {
        *("On", "In", "At", "The", "This", "That", "But", "And", "Said", "Says", "Told", "Also"),
        *("He", "She", "It", "They", "We", "Meanwhile", "However"),
        *("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
        *("January", "February", "March", "April", "May", "June", "July", "August"),
        *("September", "October", "November", "December"),
    }
)

# Collective speakers, by noun; the value is the display form of the noun.
_COLLECTIVE_NOUNS = {
    "presidency": "presidency",
    "government": "government",
    "side": "side",
    "officials": "officials",
    "authorities": "authorities",
    "leadership": "leadership",
    "delegation": "delegation",
    "military": "military",
    "army": "army",
    "embassy": "embassy",
    "diplomats": "diplomats",
    "foreign ministry": "Foreign Ministry",
    "ministry of foreign affairs": "Foreign Ministry",
    "defence ministry": "Defence Ministry",
    "defense ministry": "Defence Ministry",
    "ministry of defence": "Defence Ministry",
    "ministry of defense": "Defence Ministry",
    "interior ministry": "Interior Ministry",
    "general staff": "General Staff",
    "cabinet": "cabinet",
    "president's office": "presidency",
    "president’s office": "presidency",
    "armed forces": "armed forces",
    "presidential office": "presidency",
}
# "the Conservatives said": a party speaks under its members' plural name.
_PARTIES = {
    "Conservatives": "Conservative Party",
    "Democrats": "Democratic Party",
    "Republicans": "Republican Party",
    "Liberals": "Liberal Party",
    "Greens": "Green Party",
    "Socialists": "Socialist Party",
    "Social Democrats": "Social Democratic Party",
}
# Missions and offices are named with the city they sit in: "the Chinese embassy in Manila".
_SEATED = frozenset({"embassy", "presidential office", "presidency"})


@cache
def titled_person_pattern() -> re.Pattern[str]:
    """[Country adj | Country's | org] [qualifier] Title [of Country] [,] Name."""
    country = country_pattern().pattern
    titles = "|".join(_TITLES)
    return re.compile(
        rf"(?:(?P<owner>{country})(?:['’]s)?\s+(?:{_QUALIFIER})?)?(?:(?P<org>{_ORG_PREFIX})\s+)?"
        rf"(?P<qualifier>{_QUALIFIER})?"
        rf"(?P<title>(?:{titles}))(?:\s+of\s+(?P<of>{country}))?"
        rf",?\s+(?P<name>{PERSON_NAME})"
    )


@cache
def collective_pattern() -> re.Pattern[str]:
    """The Kremlin-style collective speakers: "the Syrian presidency", "Russian officials", "Officials in
    the new Syrian government", "the Foreign Ministry"."""
    country = country_pattern().pattern
    nouns = "|".join(re.escape(noun) for noun in sorted(_COLLECTIVE_NOUNS, key=len, reverse=True))
    return re.compile(
        rf"(?:[Oo]fficials\s+(?:in|from|of)\s+the\s+(?:new\s+|interim\s+|transitional\s+)?"
        rf"(?P<gov_owner>{country})\s+government)"
        rf"|(?:(?P<owner>{country})(?:['’]s)?\s+(?:new\s+|interim\s+|transitional\s+)?(?P<noun>(?i:{nouns}))"
        rf"(?:\s+(?:[Ss]pokes(?:man|woman|person)|[Oo]fficials?))?)"
        rf"(?:\s+in\s+(?P<city>{country}))?"
        rf"|(?:\b[Tt]he\s+(?P<bare>(?i:foreign ministry|defen[cs]e ministry|ministry of foreign affairs|"
        rf"ministry of defen[cs]e|presidential office))(?:\s+in\s+(?P<bare_city>{country}))?)"
        rf"|(?:\b[Tt]he\s+(?P<party>{'|'.join(sorted(_PARTIES, key=len, reverse=True))})\b)"
    )


def party_name(plural: str) -> str:
    """ "Conservatives" -> "Conservative Party"."""
    return _PARTIES.get(plural, plural)


def seated_collective_name(owner: str | None, noun: str, city: str | None) -> tuple[str, str | None]:
    """A collective speaker with the city it sits in: the city names the embassy's host or, with no
    owner, the office's country ("the presidential office in Kyiv" -> Ukrainian presidency)."""
    folded = noun.casefold()
    if city is None or folded not in _SEATED:
        return collective_name(owner, noun)
    if owner is None:
        return collective_name(city, noun)
    name, code = collective_name(owner, noun)
    return (f"{name} in {city}" if folded == "embassy" else name), code


def office_name(code: str | None, role: str | None, person: str) -> tuple[str, str | None]:
    """The office a leader speaks through ("Macron's office"): a president's office is the presidency."""
    if code is not None and role is not None and "president" in role.casefold():
        return f"{_adjective(code, '')} presidency", code
    return f"{person}'s office", code


def collective_name(owner: str | None, noun: str) -> tuple[str, str | None]:
    """(display name, country code) for a collective speaker."""
    display = _COLLECTIVE_NOUNS.get(noun.casefold(), noun)
    code = country_code(owner) if owner else None
    if code is None:
        return display[:1].upper() + display[1:], None
    return f"{_adjective(code, owner or '')} {display}", code


def _adjective(code: str, surface: str) -> str:
    from extractor._countries import adjective_codes

    stripped = re.sub(r"['’]s$", "", surface)
    for adjective, adj_code in adjective_codes().items():
        if adj_code == code and adjective == stripped:
            return adjective
    for adjective, adj_code in adjective_codes().items():
        if adj_code == code and adjective[:1].isupper() and not adjective.isupper():
            return adjective
    return country_name(code)


def clean_person_name(name: str) -> str:
    """Drop trailing tokens that are not part of a name ("Putin On" -> "Putin")."""
    tokens = name.split()
    while len(tokens) > 1 and (tokens[-1] in _NOT_NAME_WORDS or country_code(tokens[-1]) is not None):
        tokens.pop()
    while tokens and tokens[0] in _NOT_NAME_WORDS:
        tokens.pop(0)
    return " ".join(tokens)


NOT_PEOPLE = re.compile(
    r"(?:Ministry|Council|Office|Department|Agency|Union|Nations|Assembly|Party|Army|Forces|Group|News|Post|"
    r"Times|Press|Reuters|Journal|Organization|Organisation|Committee|Court|Bank|Fund|Government|State|"
    r"Republic|Kingdom|Emirates|House|Palace|Sources?|Officials|Media|Minister|President|Secretary|Foreign|Defen[cs]e|Prime|Supreme|Leader|Spokes\w+|"
    # words that make a name an organisation: "Muslim Brotherhood", "Popular Front", "Red Cross Society"
    r"Brotherhood|Movement|Front|Alliance|League|Coalition|Federation|Association|Institute|University|Company|"
    r"Corporation|Authority|Commission|Service|Police|Guard|Brigades?|Network|Foundation|Society|Cent(?:er|re)|"
    r"Church|Airlines|Airways|Council|Federal|National|International|Agency|Administration|"
    # a company's legal form, and "Air Force One": names of firms and things, not of people
    r"Co|Corp|Inc|Ltd|LLC|PLC|Force)\b"
)


def looks_like_person(name: str) -> bool:
    """Two to five name words, none of them a country or an institution word."""
    tokens = name.split()
    if len(tokens) < 2 or len(tokens) > 5 or NOT_PEOPLE.search(name):
        return False
    return not any(country_code(token) for token in tokens)


@cache
def possessive_person_pattern() -> re.Pattern[str]:
    """ "Chad's Moussa Faki Mahamat": a country's person named without a title."""
    return re.compile(rf"(?P<owner>{country_pattern().pattern})['’]s\s+(?P<name>{PERSON_NAME})")


def is_plausible_name(name: str) -> bool:
    tokens = name.split()
    return bool(tokens) and not all(token in _NOT_NAME_WORDS for token in tokens)


def role_for(
    title: str, code: str | None, *, qualifier: str | None = None, org: str | None = None, owned: bool = False
) -> str | None:
    """ "Foreign Minister" + RUS -> "Foreign Minister of Russia"; "spokesman" + Kremlin -> "Kremlin spokesman".

    ``owned`` says the country was written before an organisation ("Chinese Foreign Ministry spokesperson"),
    so the role names it. Honorifics ("Sir", "Mr") and "counterpart" give no role.
    """
    title = " ".join(title.split())
    # "PM Imran Khan", "army chief Gen Qamar Bajwa": the office, spelt out, without the rank
    title = {"PM": "Prime Minister"}.get(title, re.sub(r"\s+(?:Gen\.?|General)$", "", title))
    if title.rstrip(".").casefold() in _NO_ROLE_TITLES:
        return None
    if title.islower() or title[:1].islower():
        title = title[:1].upper() + title[1:]
    if qualifier and qualifier.strip().casefold() in {"former", "ex-"}:
        title = f"Former {title[:1].lower() + title[1:]}" if title[:1].isupper() else f"Former {title}"
    if org:
        org = " ".join(word[:1].upper() + word[1:] for word in org.split())
        title = f"{org} {title.lower()}"
        if not owned or code is None:
            return title
    if code is None:
        return title
    name = country_name(code)
    the = "the " if name.startswith(_THE_PREFIXES) or name in _THE_NAMES else ""
    return f"{title} of {the}{name}"


# A person the article names without a title, recognised by the grammar around the name: an
# apposition ("Jana Novak, a fellow at ..."), the subject of a reporting verb ("Jana Novak said"),
# or the inverted attribution after a quote or clause ("..., said Jana Novak." / "said former
# envoy Jana Novak."). A surname used alone later then links back to the full name.
_APPOSED = (
    r"a|an|the|who|whose|one|former|senior|chief|head|founder|co-founder|director|executive|professor|"
    r"spokes\w+|author|analyst|economist|researcher|lawyer|attorney|adviser|advisor|fellow|expert|president|"
    # "Liu He, China's top trade negotiator": a country's office-holder, named by the apposition
    r"[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?['’]s\s+(?:[a-z-]+\s+){0,3}(?:negotiator|envoy|minister|ambassador|"
    r"representative|leader|premier|chief|head|adviser|advisor|diplomat|commander|secretary|official)"
)


# A firm named with its legal form ("Boeing Co.", "Acme Holdings Inc"): the name without the form, as
# later mentions ("Boeing said") and news usage write it.
COMPANY = re.compile(
    r"(?<![\w\-])(?P<name>[A-Z][\w&’'\-]*(?:\s+[A-Z][\w&’'\-]*){0,3}),?\s+(?:Co|Corp|Inc|Ltd|LLC|PLC)\b\.?"
)


def companies(text: str) -> list[tuple[str, int, int]]:
    """Each firm named with its legal form ("Boeing Co."), and the mentions of its bare name ("Boeing")."""
    found: list[tuple[str, int, int]] = []
    for name in dict.fromkeys(match.group("name") for match in COMPANY.finditer(text)):
        for match in re.finditer(rf"(?<![\w\-]){re.escape(name)}(?:,?\s+(?:Co|Corp|Inc|Ltd|LLC|PLC)\b\.?)?", text):
            found.append((name, match.start(), match.end()))
    return found


_FULL_NAME = re.compile(rf"(?<![\w\-’'.])(?:{NAME_TOKEN})(?:\s+(?:{NAME_TOKEN})){{1,2}}(?![\w\-’'])")


def names_used_by_surname(text: str) -> list[tuple[str, int, int]]:
    """ "Margaret Thatcher rose ... Thatcher argued": a name of two or three words whose last word
    the article later uses alone names a person, as news refers back to people by surname. Neither
    word may appear in lower case in the article ("When Volker", "Digital World ... the world")."""
    found: list[tuple[str, int, int]] = []
    words = _WordIndex(text)  # one pass over the text, so the loop below stays linear in it
    for match in _FULL_NAME.finditer(text):
        name, tokens = match.group(), match.group().split()
        if text[match.end() : match.end() + 1] == "." and len(tokens[-1]) <= 3:
            continue  # "Despite Mr. Trump": an abbreviation, not a surname
        if any(_NOT_GIVEN.search(token) or words.used_in_lower_case(token) for token in (tokens[0], tokens[-1])):
            continue
        if looks_like_person(name) and clean_person_name(name) == name and words.alone_after(tokens, match.end()):
            found.append((name, match.start(), match.end()))
    return found


# "Citing John Locke", "Australian-born Assange": a participle, an adverb or a compound adjective
_NOT_GIVEN = re.compile(r"(?:ing|ed|ly)$|-[a-z]")
_WORD = re.compile(r"[\w\-]+")


class _WordIndex:
    """Where each word (a maximal run of word characters and hyphens) stands in one text.

    Answers the two questions ``names_used_by_surname`` asks of every name without scanning the
    text again for each: the scans made long articles quadratic.
    """

    def __init__(self, text: str) -> None:
        self._text = text
        self._starts: dict[str, list[int]] = {}
        for match in _WORD.finditer(text):
            self._starts.setdefault(match.group(), []).append(match.start())

    def used_in_lower_case(self, word: str) -> bool:
        """Whether ``word`` casefolded stands alone in the text ("the world" for "World")."""
        folded = word.casefold()
        if _WORD.fullmatch(folded):
            return folded in self._starts
        return re.search(rf"(?<![\w\-]){re.escape(folded)}(?![\w\-])", self._text) is not None

    def alone_after(self, tokens: list[str], end: int) -> bool:
        """Whether the last of ``tokens`` stands alone after ``end``, not right after the word before it."""
        last, before = tokens[-1], tokens[-2]
        if not _WORD.fullmatch(last):
            alone = rf"(?<!{re.escape(before)}\s)(?<![\w\-’'.]){re.escape(last)}(?![\w\-’'])"
            return re.search(alone, self._text[end:]) is not None
        text = self._text
        for start in self._starts.get(last, ()):
            if start < end:
                continue
            after = start + len(last)
            if start > end and text[start - 1] in "’'.":
                continue
            if text[after : after + 1] in ("’", "'"):
                continue
            preceding = text[max(end, start - len(before) - 1) : start]
            if len(preceding) == len(before) + 1 and preceding[:-1] == before and preceding[-1].isspace():
                continue
            return True
        return False


_AGENT_ENDING = r"(?:ist|ian|er|or|ant|ent|man|woman|ar|ee)"


@cache
def untitled_person_pattern() -> re.Pattern[str]:
    from extractor._rules._speech import REPORTING_VERB  # _speech imports nothing of this module

    return re.compile(
        rf"(?<![\w\-’'.])(?P<name>{PERSON_NAME})(?=,\s+(?:{_APPOSED})\b|\s+(?:has\s+|had\s+|also\s+)?"
        rf"(?:{REPORTING_VERB.pattern}))"
        rf"|\b(?:said|says|added|wrote|testified|told\s+\w+)\s+(?:(?:Mr|Mrs|Ms|Dr)\.?\s+|[\w.’'\-]+\s+){{0,5}}?"
        rf"(?P<after>{PERSON_NAME})(?=\s*(?:[,.;]|$))"
        # "the historian Robert Conquest", "The Tory economist Ana Ruiz": an occupation noun right before
        # the name (its ending marks an agent noun, so "the capital Kabul" is no person)
        rf"|\b[Tt]he\s+(?:[A-Z][\w’'\-]*\s+)?(?:[a-z][\w\-]*\s+)?[a-z][\w\-]*{_AGENT_ENDING}\s+"
        rf"(?P<occupied>{PERSON_NAME})(?![\w\-])"
    )
