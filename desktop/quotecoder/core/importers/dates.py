"""A small parser for the dates news downloads carry, giving ISO 8601 strings.

Understood, with or without a weekday, commas, ordinals ("9th") and abbreviated
months ("Sep", "Sept."):

* ``9 September 2025``, ``9 September, 2025``, ``Tuesday 9 September 2025``
* ``September 9, 2025``, ``2025 September 9``
* ISO: ``2025-09-09``, ``2025-09-09T06:37:00Z``, ``2025-09-09 06:37:00+10:00``
* numeric: ``2025/09/09``; ``09/10/2025`` and ``09.10.2025`` are read day first
  (``9 October``) unless only month first is possible (``09/13/2025``)
* a time anywhere: ``06:37``, ``6:37 pm``, ``6pm``, with an optional zone
  (``GMT``, ``UTC``, ``AEDT``, ``EST``, ... or ``+10:00``)
* month and weekday names in French, German, Spanish, Italian, Dutch and
  Portuguese too, as news databases print them in those interfaces
  (``29 décembre 2011``, ``1. Juli 2019 Montag``, ``1 de julio de 2019``)

A date alone gives ``YYYY-MM-DD``; with a time, ``YYYY-MM-DDTHH:MM:SS`` plus the
UTC offset when a zone was given. Anything else, or any word left over, gives
None: the parser never guesses a date out of a sentence. :func:`date_at_start`
reads a database's date line, which may go on after the date ("January 11, 2010
Monday Final Edition").
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone

_MONTH_NAMES = (  # per month: English, French, German, Spanish, Italian, Dutch, Portuguese
    "january jan janvier janv januar jänner jaenner enero ene gennaio januari janeiro",
    "february feb février fevrier févr fevr februar febrero febbraio februari fevereiro",
    "march mar mars märz maerz marzo maart março marco",
    "april apr avril avr abril abr aprile",
    "may mai mayo maggio mei maio",
    "june jun juin juni junio giugno junho",
    "july jul juillet juil juli julio luglio julho",
    "august aug août aout agosto ago augustus",
    "september sep sept septembre septiembre setiembre settembre setembro",
    "october oct octobre oktober okt octubre ottobre outubro",
    "november nov novembre noviembre novembro",
    "december dec décembre decembre déc dezember dez diciembre dic dicembre dezembro",
)
_MONTHS = {name: number for number, names in enumerate(_MONTH_NAMES, start=1) for name in names.split()}
_WEEKDAYS = frozenset(
    "monday mon tuesday tue tues wednesday wed thursday thu thur thurs "
    "friday fri saturday sat sunday sun "
    "lundi mardi mercredi jeudi vendredi samedi dimanche "
    "montag dienstag mittwoch donnerstag freitag samstag sonnabend sonntag "
    "lunes martes miércoles miercoles jueves viernes sábado sabado domingo "
    "lunedì lunedi martedì martedi mercoledì mercoledi giovedì giovedi venerdì venerdi sabato domenica "
    "maandag dinsdag woensdag donderdag vrijdag zaterdag zondag "
    "segunda-feira terça-feira terca-feira quarta-feira quinta-feira sexta-feira".split()
)
_FILLERS = frozenset({"at", "on", "the", "of", "le", "de", "del", "el", "am", "um", "uhr"})
# Minutes east of UTC; only abbreviations that mean one thing in English-language news.
_ZONES = {
    "z": 0, "gmt": 0, "utc": 0, "bst": 60, "cet": 60, "cest": 120, "eet": 120, "eest": 180,
    "est": -300, "edt": -240, "cdt": -300, "mst": -420, "mdt": -360, "pst": -480, "pdt": -420,
    "aest": 600, "aedt": 660, "acst": 570, "acdt": 630, "awst": 480, "nzst": 720, "nzdt": 780,
    "mez": 60, "mesz": 120,
}  # fmt: skip

_ISO = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})"
    r"(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?)?",
    re.IGNORECASE,
)
_CLOCK = re.compile(r"(?<![\d:])(\d{1,2}):(\d{2})(?::(\d{2}))?(?:\s*([ap])\.?m\b\.?)?(?![\d:])")
_HOUR_ONLY = re.compile(r"(?<![\d:.])(\d{1,2})\s*([ap])\.?m\b\.?")
_OFFSET = re.compile(r"^(?:utc|gmt)?([+-])(\d{2}):?(\d{2})?$")
_NUMERIC = re.compile(r"^(\d{1,4})([/.-])(\d{1,2})\2(\d{1,4})$")
_ORDINAL = re.compile(r"^(\d{1,2})(?:st|nd|rd|th|er|º)$")
_MAX_DATE_TOKENS = 12
_MIN_YEAR, _MAX_YEAR = 1800, 2200


def parse_date(value: str) -> str | None:
    """``value`` as an ISO 8601 date or datetime, or None when it is not (only) a date."""
    text = value.strip()
    if not text or len(text) > 80:
        return None
    iso = _ISO.fullmatch(text)
    if iso:
        return _iso_match(iso)
    return _parse_words(text.lower())


def date_at_start(line: str) -> str | None:
    """The date a line starts with, ignoring any words after it, or None.

    For the date lines of news databases: ``January 11, 2010 Monday``,
    ``July 1, 2019 Monday 9:20 AM GMT``, ``January 11, 2010 Monday Final Edition``.
    The longest readable start wins, so a time on the line is kept.
    """
    tokens = line.split()
    if not tokens or len(tokens) > _MAX_DATE_TOKENS:
        return None
    for end in range(len(tokens), 0, -1):
        found = parse_date(" ".join(tokens[:end]))
        if found:
            return found
    return None


def _iso_match(match: re.Match[str]) -> str | None:
    year, month, day, hour, minute, second, zone = match.groups()
    day_ = _date(int(year), int(month), int(day))
    if day_ is None or hour is None:
        return day_.isoformat() if day_ else None
    offset = _offset(zone.lower()) if zone else None
    return _datetime(day_, int(hour), int(minute), int(second or 0), offset)


def _parse_words(text: str) -> str | None:
    clock, text = _take_clock(text)
    tokens = [t.rstrip(".") for t in re.split(r"[\s,|]+", text) if t.rstrip(".")]
    offset = None
    if clock is not None:
        zones = [t for t in tokens if _offset(t) is not None]
        if len(zones) > 1:
            return None
        if zones:
            tokens.remove(zones[0])
            offset = _offset(zones[0])
    tokens = [t for t in tokens if t not in _WEEKDAYS and t not in _FILLERS]
    day_ = _date_tokens(tokens)
    if day_ is None:
        return None
    if clock is None:
        return day_.isoformat()
    return _datetime(day_, *clock, offset)


def _take_clock(text: str) -> tuple[tuple[int, int, int] | None, str]:
    """The time of day found in ``text`` (hour, minute, second) and the text without it."""
    match = _CLOCK.search(text)
    if match:
        hour, minute, second, half = match.groups()
        minute_, second_ = int(minute), int(second or 0)
    else:
        match = _HOUR_ONLY.search(text)
        if not match:
            return None, text
        hour, half = match.groups()
        minute_ = second_ = 0
    hour_ = int(hour)
    if half:
        if not 1 <= hour_ <= 12:
            return None, text  # not a time: its digits are left over, so no date either
        hour_ = hour_ % 12 + (12 if half == "p" else 0)
    rest = text[: match.start()] + " " + text[match.end() :]
    return (hour_, minute_, second_), rest


def _date_tokens(tokens: list[str]) -> date | None:
    """The date spelled by exactly these tokens."""
    if len(tokens) == 1:
        return _numeric(tokens[0])
    if len(tokens) != 3:
        return None
    months = [i for i, t in enumerate(tokens) if t in _MONTHS]
    if len(months) != 1:
        return None
    numbers = [_number(t) for i, t in enumerate(tokens) if i != months[0]]
    if None in numbers:
        return None
    days = [n for n in numbers if n < 100]
    years = [n for n in numbers if n >= 100]
    if len(days) != 1 or len(years) != 1:
        return None
    return _date(years[0], _MONTHS[tokens[months[0]]], days[0])


def _numeric(token: str) -> date | None:
    match = _NUMERIC.match(token)
    if not match:
        return None
    a, _, b, c = match.groups()
    if len(a) == 4:
        return _date(int(a), int(b), int(c))
    if len(c) != 4:
        return None
    first, second, year = int(a), int(b), int(c)
    if first <= 12 < second:  # only month-first works
        return _date(year, first, second)
    return _date(year, second, first)


def _number(token: str) -> int | None:
    ordinal = _ORDINAL.match(token)
    if ordinal:
        return int(ordinal.group(1))
    return int(token) if token.isdigit() and len(token) <= 4 else None


def _offset(token: str) -> int | None:
    """Minutes east of UTC for a zone name or a ``+HH:MM`` offset."""
    if token in _ZONES:
        return _ZONES[token]
    match = _OFFSET.match(token)
    if not match:
        return None
    sign, hours, minutes = match.groups()
    total = int(hours) * 60 + int(minutes or 0)
    return -total if sign == "-" else total


def _date(year: int, month: int, day: int) -> date | None:
    if not _MIN_YEAR <= year <= _MAX_YEAR:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _datetime(day: date, hour: int, minute: int, second: int, offset: int | None) -> str | None:
    if hour > 23 or minute > 59 or second > 59 or (offset is not None and abs(offset) >= 24 * 60):
        return None
    zone = None if offset is None else timezone(timedelta(minutes=offset))
    return datetime(day.year, day.month, day.day, hour, minute, second, tzinfo=zone).isoformat()
