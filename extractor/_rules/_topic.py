"""The topic gate: only articles about political, governmental, diplomatic or military affairs yield records.

Sports and weather stories quote people ("we played well", the coach said) and use words like
"meet", "final", "deal"; business, science and culture stories quote executives and scientists.
By the letter those are statements and meetings, but they are not the events this dataset counts.

The article gate (``is_political_article``) decides from evidence, sentence by sentence, not
from counting one domain's keywords. A sentence is *in scope* when it names an actor or an act
of public life: an office or titled official ("Rep. David McKinley", "the foreign minister"), a
government body (a ministry, a parliament, a court, the police), a political act (an election,
a protest, sanctions, testimony, a treaty signed, a summit), or a state acting ("Beijing said",
"Kyiv and Warsaw agreed"). It is *off topic* when it speaks the
language of sports, weather, business and products, science or culture instead; a sentence with
both ("the club president", "the minister said the storm ...") counts for neither side. The
article passes when it has in-scope sentences and more of them than off-topic ones, so a
two-sentence brief about a meeting or a signing passes on one sentence, while a match report
that mentions a "meeting" of teams, or a weather story that quotes a minister, does not.

The module also holds the off-topic test the meeting, facility and agreement families apply
(``is_off_topic_article``: sports or disaster stories) and the sentence test
(``is_sports_sentence``); their lists give "meet", "final" or "deal" a sporting sense.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache

from extractor._text import bounded_sentences, split_sentences

# ---- the article gate: evidence of public life ------------------------------------------------


def _by_first_letter(alternatives: str) -> str:
    """``a|b|...`` regrouped under first letters: ``m(?:inistry|ayors?)|p(?:olice|...)|...``.

    Python's ``re`` tries the branches of an alternation one after the other at every word; one
    branch per first letter instead of one per word makes these scans about three times faster.
    The words of one letter keep their order; an alternative that does not start with a plain
    letter stays as it is, after the groups (the tests check that the matches are unchanged).
    """
    groups: dict[str, list[str]] = {}
    others: list[str] = []
    for word in _top_level_branches(alternatives):
        if word[:1].isalpha() and word[1:2] not in ("?", "*", "+", "{"):
            groups.setdefault(word[0], []).append(word[1:])
        else:
            others.append(word)
    return "|".join([f"{letter}(?:{'|'.join(rests)})" for letter, rests in groups.items()] + others)


def _top_level_branches(alternatives: str) -> list[str]:
    """``alternatives`` cut at each ``|`` outside parentheses, brackets and escapes."""
    branches: list[str] = []
    depth, start, index, in_class = 0, 0, 0, False
    while index < len(alternatives):
        char = alternatives[index]
        if char == "\\":
            index += 2
            continue
        if in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "|" and depth == 0:
            branches.append(alternatives[start:index])
            start = index + 1
        index += 1
    branches.append(alternatives[start:])
    return branches


# Matched on lowered text. Grouped by the kind of evidence; a word that is as common outside
# public life as in it ("team", "party", "law", "launch", "tour", "agency") is left out.
_OFFICES = (
    r"president|presidents|presidential|presidency|vice[- ]president|prime minister|premier|chancellor|"
    r"ministers?|ministry|ministries|ministerial|secretary of state|secretary[- ]general|"
    r"(?:foreign|home|defen[cs]e|treasury|interior|commerce|state) secretary|senators?|congress(?:wo)?m[ae]n|"
    r"lawmakers?|legislators?|parliamentarians?|mps|governors?|mayors?|ambassadors?|envoys?|diplomats?|"
    r"consuls?|officials?|attorneys? general|prosecutors?|judges?|magistrates?|police|policemen|sheriffs?|"
    r"king|emir|crown prince|sultan|monarch|counterparts?|politicians?|statesm[ae]n|leaders?|heads? of state|"
    r"delegations?|delegates"
)
_BODIES = (
    r"governments?|governmental|administration|cabinet|parliaments?|parliamentary|congress|congressional|"
    r"senate|house of representatives|house of commons|legislatures?|legislative|state department|"
    r"white house|kremlin|pentagon|downing street|foreign office|embass(?:y|ies)|consulates?|"
    r"united nations|u\.n|security council|nato|european union|african union|asean|"
    r"international monetary fund|imf|world bank|federal|supreme court|courts?|tribunals?|"
    r"department of \w+|armed forces|security forces|"
    r"central banks?|foreign affairs|(?:commerce|justice|treasury|state|defen[cs]e|energy|labou?r|interior|health|"
    r"education|transportation|agriculture|homeland security) department|regulators?|regulatory|antitrust|"
    r"national guard"
)
_ACTS = (
    r"elections?|electoral|elected|voters?|voting|referendums?|ballots?|opposition|ruling party|"
    r"political|politics|republicans?|democrats?|partisan|communists?|(?:socialist|labou?r|conservative|"
    r"liberal|nationalist) part(?:y|ies)|protests?|protesters?|demonstrators?|"
    r"demonstrations?|riots?|coup|uprising|sanctions?|tariffs?|trade war|embargo|treaty|treaties|"
    r"accords?|pacts?|memorandum|summits?|talks|negotiations?|negotiators?|bilateral|diplomacy|"
    r"diplomatic|state visit|official visit|sovereignty|regime|(?:foreign|trade|immigration|"
    r"economic|public|monetary|fiscal|security|defen[cs]e) polic(?:y|ies)|legislation|constitution|"
    r"constitutional|impeach\w*|testimony|testif(?:y|ied|ies|ying)|investigations?|investigators?|"
    r"inquiry|indict\w*|military|troops|soldiers|army|navy|naval|air force|marines|defen[cs]e|wars?|"
    r"ceasefire|truce|invasion|militants?|rebels?|insurgents?|terror\w*|weapons|missiles?|nuclear|"
    r"air ?strikes?|hostages?|peacekeep\w*|national security|border security|border patrol|"
    r"immigration|refugees?|asylum|human rights|martial law|curfew|arms|export controls?|blacklist\w*|"
    r"retaliat\w+"
)
_IN_SCOPE = re.compile(rf"\b(?:{_by_first_letter(f'{_OFFICES}|{_BODIES}|{_ACTS}')})\b")
# Titles written short before a name, matched on the original text: "Rep. David McKinley",
# "Gen. Mark Milley". Their full stop keeps them out of the word list above.
_SHORT_TITLE = re.compile(r"([A-Z][a-z]{1,3})\.\s+[A-Z]")
_SHORT_TITLES = frozenset({"Sen", "Rep", "Gov", "Gen", "Adm", "Amb", "Lt", "Col", "Maj", "Sgt", "Capt"})
# A signing: the verb with a treaty-like noun a few words on ("signed a fisheries agreement").
_SIGNING = re.compile(
    r"sign(?:ed|s|ing)?\b(?:\s+[\w'’-]+){0,6}?\s+(?:agreements?|accords?|treaty|pact|memorandum|"
    r"protocol|declaration|communiqu[eé]|charter)\b"
)
# A state as the actor: a country or capital named as the subject of a state's act ("Kyiv and
# Warsaw agreed", "Beijing said", "Vietnam and the Philippines signed"), read after each name.
_STATE_ACT = re.compile(
    r"(?:\s+and\s+(?:the\s+)?[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*){0,2})?"
    r"\s+(?:(?:has|have|had|will|would|also|jointly|formally|on\s+\w+)\s+){0,3}"
    r"(?:said|says|agreed|agree|signed|sign|inked|sealed|pledged|vowed|warned|accused|condemned|announced|"
    r"met|meet|held talks|hold talks|discussed|recalled|expelled|summoned|imposed|lifted|retaliated|"
    r"rejected|welcomed|demanded|urged|threatened)\b"
)
# Both start without ``\b`` on purpose: a pattern that starts with a literal lets ``re`` jump to
# the candidates, several times faster; the word boundary before them is checked on each match.

# The other topics, matched on lowered text; each topic is a named group so a match says which
# topic it is. Words with a common political sense are left out or qualified:
# "race", "victory", "team", "goals" (an election, a negotiating team), "storm" (stays: a
# political storm is rarer than a weather one), "launch" (a missile, an investigation),
# "fleet", "jets" and "carrier" (navies).
_OFF_TOPIC_WORDS = {
    "sports": (
        r"match|matches|tournament|championships?|olympics?|world cup|playoffs?|fixture|derby|stadium|striker|"
        r"midfielder|goalkeeper|coach|footballers?|tennis|football|soccer|basketball|cricket|rugby|golf|fifa|"
        r"uefa|atp|wta|innings|semi-?finals?|quarter-?finals?|cup final|club|clubs|teammates?|kick-?off|"
        r"half-?time|wimbledon|grand slam|referee|wicket|touchdown|quarterback|nba|nfl|nhl|mlb|formula one|"
        r"grand prix|hat-?trick|scoreline|home run|title race|league (?:title|table|match)|premier league|"
        r"champions league|transfer window|goals? (?:in|from) \w+ (?:games|matches|appearances)|"
        r"(?:play|reach|won|lost)\w* (?:in )?the final|"
        r"(?:beat|won|lost|drew|defeated|edged)(?: \w+){0,3}? \d{1,2}-\d{1,2}"
    ),
    "weather": (
        r"weather|forecasts?|forecasters?|rain|rainfall|showers|storms?|thunderstorms?|snow|snowfall|"
        r"temperatures?|celsius|fahrenheit|heatwave|heat wave|humidity|winds?|gusts?|hurricanes?|typhoons?|"
        r"cyclones?|tornado(?:es)?|drought|floods?|flooding|meteorolog\w+|met office|sunny|cloudy|frost|fog|"
        r"drizzle|hail|sunshine|mph|km/h|earthquakes?|quakes?|tsunamis?|landslides?|mudslides?|wildfires?|"
        r"bushfires?"
    ),
    "business": (
        r"compan(?:y|ies)|corporations?|ceo|chief executive|executives?|shareholders?|share price|stocks?|"
        r"investors|revenues?|profits?|earnings|quarterly|sales|customers|shoppers|retail|retailers?|stores?|"
        r"brands?|products?|smartphones?|iphone|apps?|gadgets?|software|start-?ups?|subscribers?|airlines?|"
        r"passengers|deliveries|manufacturers?|plane-?maker|suppliers?|vendors?|wages?|minimum wage|"
        r"employees|union members|supermarkets?|grocery|groceries|restaurants?|menu|list prices?|discount|"
        r"marketing|advertis\w+|e-commerce|merger|acquisition|ipo|nasdaq|dow jones"
    ),
    "science": (
        r"scientists?|researchers?|physics|physicists?|chemistry|biolog\w+|astronom\w+|spacecraft|"
        r"spaceships?|space station|satellites?|launch ?pad|booster|lunar|moon|mars|planets?|planetary|"
        r"asteroids?|comets?|galax\w+|telescopes?|orbiting|orbital|astronauts?|cosmonauts?|landers?|nasa|"
        r"laborator\w+|experiments?|species|fossils?|dinosaurs?|archaeolog\w+|excavat\w+|ancient|genes?|"
        r"genetic|dna|molecules?|particles?"
    ),
    "culture": (
        r"albums?|songs?|singers?|songwriters?|bands?|concerts?|music|musicians?|guitar\w*|films?|movies?|"
        r"actress(?:es)?|hollywood|box office|festivals?|exhibitions?|galler(?:y|ies)|artists?|novels?|"
        r"designers?|celebrit(?:y|ies)|rock and roll|hall of fame|grammys?|oscars?|emmys?|tv series"
    ),
}
_OFF_TOPIC = re.compile(
    r"\b(?:" + "|".join(f"(?P<{topic}>{_by_first_letter(words)})" for topic, words in _OFF_TOPIC_WORDS.items()) + r")\b"
)
_TOPICS = tuple(_OFF_TOPIC_WORDS)


@dataclass(frozen=True)
class TopicScore:
    """Sentence counts for one article: in scope, and off topic per other topic."""

    political: int
    off_topic: Mapping[str, int] = field(default_factory=dict)
    sentences: int = 0
    evidence: int = 0  # words and phrases of public life, in every sentence

    @property
    def other(self) -> tuple[str, int]:
        """The off-topic subject with the most sentences (sports on a tie, then the order of ``_TOPICS``)."""
        return max(((name, self.off_topic.get(name, 0)) for name in _TOPICS), key=lambda pair: pair[1])

    @property
    def is_political(self) -> bool:
        # In-scope sentences outnumber the off-topic ones taken together: a business story with a
        # government customer, or a science story about a state agency, stays out; a brief needs
        # only its one sentence about a meeting or a signing.
        return self.political > 0 and self.political > sum(self.off_topic.values())


@lru_cache(maxsize=8)
def topic_score(text: str) -> TopicScore:
    """Each sentence of ``text`` labelled in scope, off topic (one subject) or neither; the counts.

    Linear in the text: one scan per pattern over the whole text, each match placed in its
    sentence by bisection; cached, so the engine's gate and its report compute it once.
    """
    # Sentences as the rule families read them: a page flattened to one line is cut into pieces,
    # so one giant "sentence" holding both kinds of evidence cannot hide the whole article.
    spans = bounded_sentences(text, split_sentences(text))
    if not spans:
        return TopicScore(political=0)
    starts = [span.start for span in spans]
    lowered = _lower_in_place(text)
    in_scope: set[int] = set()
    evidence = 0
    for match in _IN_SCOPE.finditer(lowered):
        in_scope.add(bisect.bisect_right(starts, match.start()) - 1)
        evidence += 1
    for match in _SHORT_TITLE.finditer(text):
        if match.group(1) in _SHORT_TITLES and _word_starts(text, match.start()):
            in_scope.add(bisect.bisect_right(starts, match.start()) - 1)
    from extractor._countries import country_pattern, state_name_code

    for match in country_pattern().finditer(text):
        if state_name_code(match.group()) is not None and _STATE_ACT.match(text, match.end()):
            in_scope.add(bisect.bisect_right(starts, match.start()) - 1)
    for match in _SIGNING.finditer(lowered):
        if _word_starts(lowered, match.start()):  # not "resigned", "designs"
            in_scope.add(bisect.bisect_right(starts, match.start()) - 1)
    off: dict[int, dict[str, int]] = {}
    for match in _OFF_TOPIC.finditer(lowered):
        topic = match.lastgroup
        if topic is None:  # every alternative is a named group; kept for the type checker
            continue
        counts = off.setdefault(bisect.bisect_right(starts, match.start()) - 1, {})
        counts[topic] = counts.get(topic, 0) + 1
    off_topic: dict[str, int] = {}
    for sentence, counts in off.items():
        if sentence in in_scope:  # both kinds of evidence: the sentence counts for neither side
            continue
        topic = max(_TOPICS, key=lambda name: counts.get(name, 0))
        off_topic[topic] = off_topic.get(topic, 0) + 1
    political = len(in_scope - off.keys())
    return TopicScore(political=political, off_topic=off_topic, sentences=len(spans), evidence=evidence)


def _word_starts(text: str, position: int) -> bool:
    return position == 0 or not text[position - 1].isalnum()


def _lower_in_place(text: str) -> str:
    """``text`` lowered, each character to one character, so offsets stay those of ``text``
    ("İ" lowers to two characters and is kept as it is)."""
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(low if len(low := char.lower()) == 1 else char for char in text)


@lru_cache(maxsize=8)
def is_political_article(text: str) -> bool:
    """True when the article is about political, governmental, diplomatic or military affairs.

    A disaster or sports story that quotes ministers and names the military (relief flights, a
    president at the final) still counts as off topic: its own vocabulary dominates the article.
    """
    return topic_score(text).is_political and not is_off_topic_article(text)


# ---- the families' tests: sports and disaster stories ---------------------------------------

# Sport makes "meet", "final", "deal" and "contract" mean something else. A sentence
# with one of these words is never read as diplomacy; an article dominated by them
# (see is_sports_article) yields no meetings, facilities or agreements at all.
_SPORTS_WORDS = re.compile(
    r"\b(?:final|finals|semi-?finals?|quarter-?finals?|match|matches|tournament|league|cup|"
    r"championships?|grand slam|olympics?|world cup|playoffs?|fixture|derby|stadium|season|"
    r"squad|striker|midfielder|goalkeeper|defender|coach|manager|footballer|tennis|football|"
    r"soccer|basketball|cricket|rugby|golf|nba|nfl|fifa|uefa|atp|wta|scored|goals?|innings|"
    r"seeded|seed|set point|match point|podium|race|lap|medal|transfer|loan spell|club|clubs|"
    r"teammates?|kick-?off|halftime|half-time|wimbledon|roland garros|us open|australian open)\b",
)
_POLITICS_WORDS = re.compile(
    r"\b(?:president|minister|ministry|government|diplomat\w*|embassy|ambassador|kremlin|"
    r"parliament|sanctions?|military|troops|treaty|summit|bilateral|foreign policy|leader|"
    r"defen[cs]e|army|navy|naval|nato|united nations|security council)\b",
)

# Disaster news names air bases as relief hubs and quotes officials about rescues: no diplomacy.
_DISASTER_WORDS = re.compile(
    r"\b(?:typhoons?|hurricanes?|cyclones?|tropical\s+storms?|storms?|earthquakes?|quakes?|tsunamis?|floods?|"
    r"flooding|landslides?|mudslides?|wildfires?|bushfires?|drought|heatwave|tornado(?:es)?|eruptions?|"
    r"landfall|evacuat\w+|death\s+toll|rescuers?|relief\s+(?:flights?|supplies|goods|efforts?|operations?)|"
    r"displaced|homeless|rainfall|winds?)\b",
)

# The sentence and off-topic word lists are lower case and matched against lowered text: a case-sensitive scan
# of ``text.lower()`` is several times faster than a case-insensitive scan of the text.


def is_sports_sentence(text: str) -> bool:
    return _SPORTS_WORDS.search(text.lower()) is not None


def is_sports_article(text: str) -> bool:
    """True when sports vocabulary clearly outweighs the vocabulary of public life.

    Weighed against the gate's broad evidence (already counted, cached), not the diplomatic words
    alone: an election story that speaks of a "race", a "final" count and a campaign "manager"
    is not sport."""
    sports, _, _ = _article_counts(text)
    return sports >= 3 and sports > 2 * topic_score(text).evidence


def is_disaster_article(text: str) -> bool:
    """True when a natural disaster is the story: its vocabulary clearly outweighs politics.

    Weighed against the diplomatic and military words only: disaster news is full of officials,
    ministries and police, the broad evidence of public life."""
    _, politics, disaster = _article_counts(text)
    return disaster >= 8 and disaster > politics


@lru_cache(maxsize=8)
def is_off_topic_article(text: str) -> bool:
    """Sports or disaster stories: no meetings, facilities or agreements come from them."""
    return is_sports_article(text) or is_disaster_article(text)


@lru_cache(maxsize=8)
def _article_counts(text: str) -> tuple[int, int, int]:
    """Sports, politics and disaster word counts of an article; every rule family asks, so once."""
    lowered = text.lower()
    return (
        len(_SPORTS_WORDS.findall(lowered)),
        len(_POLITICS_WORDS.findall(lowered)),
        len(_DISASTER_WORDS.findall(lowered)),
    )
