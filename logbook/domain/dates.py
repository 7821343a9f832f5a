"""Dates typed by people, read the UK way, and said back in words.

`01/02/2025` is 1 February; `2025-02-01` keeps its ISO meaning; `24/11` is this year (or, for a
date that must not be in the future, the last 24 November that has been); `today`, `yesterday`
and weekday names (`mon`, `tuesday`) mean the most recent such day. Nothing is guessed from
stray numbers, two-digit years are expanded and said back, impossible dates are refused with the
reason, and future dates are refused where the field is about something that has happened.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, datetime, time


class DateError(ValueError):
    """A date or time that cannot be used, with what to type instead."""


# weekday names, as dateutil's weekday numbers (0 Monday); dateutil is imported only to read
# a typed date (`parse_date`), not by what only says dates (the caseload list at start)
_WEEKDAYS = {
    "mon": 0, "monday": 0, "tue": 1, "tues": 1, "tuesday": 1, "wed": 2, "weds": 2,
    "wednesday": 2, "thu": 3, "thur": 3, "thurs": 3, "thursday": 3, "fri": 4,
    "friday": 4, "sat": 5, "saturday": 5, "sun": 6, "sunday": 6,
}  # fmt: skip
_MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
_MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
_MONTHS["sept"] = 9

_NUMERIC = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})(?:[/.\-](\d{2}|\d{4}))?$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_DAY_MONTH = re.compile(r"^(\d{1,2})(?:st|nd|rd|th)?\s+([a-z]+)\.?,?(?:\s+(\d{2}|\d{4}))?$")
_MONTH_DAY = re.compile(r"^([a-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?(?:\s+(\d{2}|\d{4}))?$")

HELP = "type a date such as 24/11/2026, 24/11, 24 Nov 2026, 2026-11-24, today, yesterday or mon"


def say_date(value: date) -> str:
    """The date in words, as the app says it back: 'Tue 24 Nov 2026'."""
    return f"{calendar.day_abbr[value.weekday()]} {say_day_month(value)} {value.year}"


def say_day_month(value: date) -> str:
    """The day and month of the date as `say_date` says them: '24 Nov'."""
    return f"{value.day} {calendar.month_abbr[value.month]}"


def _year(text: str, today: date) -> int:
    year = int(text)
    if len(text) == 2:
        # a two-digit year is the most recent year ending in those digits, not later than next year
        year += 2000
        if year > today.year + 1:
            year -= 100
    return year


def _make(year: int, month: int, day: int) -> date:
    if not 1 <= month <= 12:
        raise DateError(f"there is no month {month}; {HELP}")
    days = calendar.monthrange(year, month)[1]
    if not 1 <= day <= days:
        raise DateError(
            f"{day} {calendar.month_name[month]} is not a date: "
            f"{calendar.month_name[month]} {year} has {days} days"
        )
    return date(year, month, day)


def _month(name: str) -> int:
    month = _MONTHS.get(name)
    if month is None:
        raise DateError(f"{name!r} is not a month; {HELP}")
    return month


def parse_date(
    text: str,
    today: date | None = None,
    *,
    allow_future: bool = False,
    earliest: date | None = None,
) -> date:
    """Read a date typed by a person; raise DateError with a reason and an example if it can't."""
    from dateutil.relativedelta import relativedelta, weekday

    today = today or date.today()
    raw = " ".join(text.strip().lower().split())
    if not raw:
        raise DateError(f"the date is empty; {HELP}")
    year_given = True
    if raw in ("today", "now", "tdy"):
        result = today
    elif raw in ("yesterday", "yday", "yest"):
        result = today - relativedelta(days=1)
    elif raw in ("tomorrow", "tmrw", "tmw"):
        result = today + relativedelta(days=1)
    elif raw in _WEEKDAYS:
        if allow_future:
            result = today + relativedelta(weekday=weekday(_WEEKDAYS[raw])(+1))
        else:
            result = today + relativedelta(weekday=weekday(_WEEKDAYS[raw])(-1))
    elif m := _ISO.match(raw):
        result = _make(int(m[1]), int(m[2]), int(m[3]))
    elif m := _NUMERIC.match(raw):
        day, month = int(m[1]), int(m[2])
        year_given = m[3] is not None
        result = _make(_year(m[3], today) if year_given else today.year, month, day)
    elif m := _DAY_MONTH.match(raw):
        year_given = m[3] is not None
        month = _month(m[2])
        result = _make(_year(m[3], today) if year_given else today.year, month, int(m[1]))
    elif m := _MONTH_DAY.match(raw):
        year_given = m[3] is not None
        month = _month(m[1])
        result = _make(_year(m[3], today) if year_given else today.year, month, int(m[2]))
    else:
        raise DateError(f"{text.strip()!r} is not a date; {HELP}")
    if not year_given and result > today and not allow_future:
        # '28/12' typed in November about something that has happened: last December
        result = _make(result.year - 1, result.month, result.day)
    if result > today and not allow_future:
        raise DateError(f"{say_date(result)} is in the future; this date must be today or earlier")
    if earliest is not None and result < earliest:
        raise DateError(f"{say_date(result)} is before {say_date(earliest)}")
    return result


_TIME = re.compile(r"^(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm)?$")


def parse_time(text: str, now: datetime | None = None) -> time:
    """Read a time of day: '14:30', '2.30pm', '9am', 'now'."""
    raw = text.strip().lower().replace(" ", "")
    if raw == "now":
        current = now or datetime.now()
        return time(current.hour, current.minute)
    m = _TIME.match(raw)
    if not m:
        raise DateError(f"{text.strip()!r} is not a time; type a time such as 14:30, 2.30pm or now")
    hour, minute = int(m[1]), int(m[2] or 0)
    if m[3]:
        if not 1 <= hour <= 12:
            raise DateError(f"{text.strip()!r} is not a time: with am or pm the hour is 1 to 12")
        hour = hour % 12 + (12 if m[3] == "pm" else 0)
    if hour > 23 or minute > 59:
        raise DateError(f"{text.strip()!r} is not a time of day")
    return time(hour, minute)


def age_on(born: date, on: date) -> int:
    """Whole years of age on a day."""
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))
