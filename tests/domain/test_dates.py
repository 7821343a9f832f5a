"""Dates typed the UK way, said back in words; nothing guessed."""

from datetime import date, time

import pytest

from logbook.domain.dates import DateError, age_on, parse_date, parse_time, say_date

TODAY = date(2026, 11, 24)  # a Tuesday


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("today", date(2026, 11, 24)),
        ("yesterday", date(2026, 11, 23)),
        ("mon", date(2026, 11, 23)),
        ("Monday", date(2026, 11, 23)),
        ("tue", date(2026, 11, 24)),
        ("fri", date(2026, 11, 20)),
        ("24/11", date(2026, 11, 24)),
        ("24/11/2026", date(2026, 11, 24)),
        ("01/02/2025", date(2025, 2, 1)),  # 1 February, not 2 January
        ("2025-02-01", date(2025, 2, 1)),  # ISO keeps its meaning
        ("1.2.2025", date(2025, 2, 1)),
        ("24 Nov 2026", date(2026, 11, 24)),
        ("3rd March 2024", date(2024, 3, 3)),
        ("nov 3", date(2026, 11, 3)),
        ("28/12", date(2025, 12, 28)),  # no year, past-only: the last 28 December there was
        ("1/2/95", date(1995, 2, 1)),  # two-digit year expanded, and said back in full
        ("29/02/2024", date(2024, 2, 29)),
    ],
)
def test_uk_dates(typed, meant):
    assert parse_date(typed, TODAY) == meant


@pytest.mark.parametrize(
    ("typed", "reason"),
    [
        ("31/02/2026", "February 2026 has 28 days"),
        ("29/02/2025", "February 2025 has 28 days"),
        ("13/13/2026", "there is no month 13"),
        ("25/11/2026", "is in the future"),
        ("2027-01-01", "is in the future"),
        ("tomorrow", "is in the future"),
        ("next week", "is not a date"),
        ("24112026", "is not a date"),
        ("the 5th", "is not a month"),
        ("", "the date is empty"),
        ("3 smarch 2026", "'smarch' is not a month"),
    ],
)
def test_refused_with_the_reason(typed, reason):
    with pytest.raises(DateError, match=reason):
        parse_date(typed, TODAY)


def test_planned_dates_may_be_in_the_future():
    assert parse_date("mon", TODAY, allow_future=True) == date(2026, 11, 30)
    assert parse_date("2027-01-04", TODAY, allow_future=True) == date(2027, 1, 4)
    assert parse_date("28/12", TODAY, allow_future=True) == date(2026, 12, 28)


def test_earliest_date():
    with pytest.raises(DateError, match="is before Mon 2 Nov 2026"):
        parse_date("1/11/2026", TODAY, earliest=date(2026, 11, 2))


def test_said_back_in_words():
    assert say_date(date(2026, 11, 24)) == "Tue 24 Nov 2026"
    assert say_date(parse_date("1/2/95", TODAY)) == "Wed 1 Feb 1995"


@pytest.mark.parametrize(
    ("typed", "meant"),
    [("14:30", time(14, 30)), ("2.30pm", time(14, 30)), ("9am", time(9, 0)), ("12am", time(0))],
)
def test_times(typed, meant):
    assert parse_time(typed) == meant


@pytest.mark.parametrize("typed", ["25:00", "13pm", "half two", "14:75"])
def test_bad_times(typed):
    with pytest.raises(DateError):
        parse_time(typed)


def test_age():
    assert age_on(date(2010, 11, 25), TODAY) == 15
    assert age_on(date(2010, 11, 24), TODAY) == 16
