"""The topic gate: only articles about diplomatic, political or military affairs yield records.

Sports and weather stories quote people ("we played well", the coach said) and use words like
"meet", "final", "deal"; by the letter those are statements and meetings, but they are not the
events this dataset counts. The gate weighs political-military vocabulary against sports and
weather vocabulary over the whole article.

The one topic gate of the rules engine: the article gate (``is_political_article``), the
off-topic test the meeting, facility and agreement families apply (``is_off_topic_article``:
sports or disaster stories) and the sentence test (``is_sports_sentence``). The two sports lists
differ on purpose: the article gate weighs a broad sports-and-results vocabulary against politics,
the sentence and off-topic tests use the words that give "meet", "final" or "deal" a sporting sense.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

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
_POLITICAL = re.compile(
    r"\b(?:president|presidential|presidency|prime minister|premier|chancellor|minister|ministry|"
    r"ministers|government|governments|diplomat|diplomats|diplomatic|diplomacy|embassy|ambassador|envoy|"
    r"kremlin|white house|pentagon|parliament|congress|senate|sanctions?|military|troops|soldiers|"
    r"treaty|treaties|summit|bilateral|foreign policy|defen[cs]e|army|navy|naval|air force|airbase|"
    r"air base|base|bases|nato|united nations|security council|war|ceasefire|invasion|officials|"
    r"lease|accord|alliance|sovereignty|regime|rebels?|militants?|weapons|missiles?|nuclear|"
    r"election|elections|opposition|talks|negotiations|king|emir|crown prince|foreign affairs)\b",
)
_SPORTS = re.compile(
    r"\b(?:match|matches|tournament|league|cup|championships?|olympics?|playoffs?|fixture|derby|stadium|"
    r"season|squad|striker|midfielder|goalkeeper|coach|footballer|tennis|football|soccer|basketball|"
    r"cricket|rugby|golf|fifa|uefa|atp|wta|scored|goals?|innings|semi-?finals?|quarter-?finals?|final|"
    r"medal|podium|race|lap|club|teammates?|kick-?off|half-?time|wimbledon|grand slam|striker|referee|"
    r"penalty|wicket|touchdown|quarterback|nba|nfl|nhl|formula one|grand prix|victory|win|defeat|"
    r"points|title|champion|champions|player|players|team|fans|coach|manager)\b",
)
_WEATHER = re.compile(
    r"\b(?:weather|forecast|forecasters?|rain|rainfall|showers|storm|storms|thunderstorms?|snow|snowfall|"
    r"temperatures?|degrees|celsius|fahrenheit|heatwave|heat wave|humidity|wind|winds|gusts?|"
    r"hurricane|typhoon|cyclone|tornado|drought|flood|flooding|floods|meteorological|met office|"
    r"sunny|cloudy|cloud|frost|fog|drizzle|hail|sunshine|mph|km/h|weekend)\b",
)


@dataclass(frozen=True)
class TopicScore:
    """Vocabulary counts for one article."""

    political: int
    sports: int
    weather: int
    words: int = 1000

    @property
    def is_political(self) -> bool:
        # At least a few political-military words, and more of them than of the other topics'. A brief
        # (one or two sentences about a meeting or a signing) has room for only two such words.
        other = max(self.sports, self.weather)
        needed = 2 if self.words < _BRIEF_WORDS else 3
        return self.political >= needed and self.political > other


_BRIEF_WORDS = 80


def topic_score(text: str) -> TopicScore:
    # The word lists are lower case: scanning the lowered text with case-sensitive patterns
    # is several times faster than a case-insensitive scan of the text.
    lowered = text.lower()
    return TopicScore(
        political=len(_POLITICAL.findall(lowered)),
        sports=len(_SPORTS.findall(lowered)),
        weather=len(_WEATHER.findall(lowered)),
        words=len(text.split()),
    )


@lru_cache(maxsize=8)
def is_political_article(text: str) -> bool:
    """True when the article is about diplomatic, political or military affairs.

    A disaster or sports story that quotes ministers and names the military (relief flights, a
    president at the final) still counts as off topic: its own vocabulary dominates the article.
    """
    return topic_score(text).is_political and not is_off_topic_article(text)


# The sentence and off-topic word lists are lower case and matched against lowered text: a case-sensitive scan
# of ``text.lower()`` is several times faster than a case-insensitive scan of the text.


def is_sports_sentence(text: str) -> bool:
    return _SPORTS_WORDS.search(text.lower()) is not None


def is_sports_article(text: str) -> bool:
    """True when sports vocabulary clearly outweighs political vocabulary."""
    sports, politics, _ = _article_counts(text)
    return sports >= 3 and sports > 2 * politics


def is_disaster_article(text: str) -> bool:
    """True when a natural disaster is the story: its vocabulary clearly outweighs politics."""
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
