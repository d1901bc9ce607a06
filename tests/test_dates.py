"""Stage: dates in text, resolved against the publication date."""
from __future__ import annotations

import pytest

from diplograph.dates import dateline, find_dates


def _dates(kb, text, lang, published=None):
    return [(text[d.start:d.end], d.value, d.precision) for d in find_dates(text, kb, lang, published)]


def test_indonesian_forms(kb):
    text = "Perjanjian itu ditandatangani pada tahun 2020 dan dibahas lagi Kamis (6/11/2025) serta pada 7 November 2025."
    got = _dates(kb, text, "id")
    assert ("2020", "2020", "year") in got
    assert ("6/11/2025", "2025-11-06", "day") in got
    assert ("7 November 2025", "2025-11-07", "day") in got


def test_indonesian_relative_forms_need_the_publication_date(kb):
    text = "Pertemuan digelar pekan lalu, dua hari lalu, dan Selasa lalu."
    assert _dates(kb, text, "id") == []
    got = {v for _, v, _ in _dates(kb, text, "id", "2025-11-07")}
    assert {"2025-10-31", "2025-11-05", "2025-11-04"} <= got


def test_english_forms(kb):
    text = "The deal was signed on September 15, 2020, revived in March 2021 and discussed last Tuesday."
    got = _dates(kb, text, "en", "2025-11-07")
    assert ("September 15, 2020", "2020-09-15", "day") in got
    assert ("March 2021", "2021-03", "month") in got
    assert ("last Tuesday", "2025-11-04", "day") in got


def test_month_and_day_without_year_take_the_publication_year(kb):
    assert _dates(kb, "Talks resumed on Nov. 6.", "en", "2025-11-07")[0][1] == "2025-11-06"


def test_impossible_dates_are_ignored(kb):
    assert _dates(kb, "Pada 31/02/2025 tidak ada apa-apa.", "id") == []


@pytest.mark.parametrize("text, lang, expected", [
    ("ASTANA, Nov. 7, 2025 (Wire) - Kazakhstan has joined the Abraham Accords.", "en", "2025-11-07"),
    ("JAKARTA, KOMPAS — Presiden mengumumkan, Kamis (6/11/2025), bahwa Kazakhstan bergabung.", "id", "2025-11-06"),
    # a date the story tells is the event's, not the publication's
    ("Israel dan UEA menandatangani Abraham Accords pada 15 September 2020, disaksikan Trump.", "id", None),
    ("The treaty was signed on 14 July 2015 in Vienna.", "en", None),
])
def test_publication_date_only_from_a_dateline_or_the_opening_weekday(kb, text, lang, expected):
    assert dateline(text, kb, lang) == expected


@pytest.mark.parametrize("text, lang, published, expected", [
    ("The truce was agreed in June.", "en", "2023-08-03", "2023-06"),
    ("The talks collapsed in November.", "en", "2024-01-10", "2023-11"),
    ("The summit will be held in September.", "en", "2024-08-10", "2024-09"),
    ("Gencatan senjata disepakati pada Juni.", "id", "2023-08-03", "2023-06"),
    ("La tregua se acordó en junio.", "es", "2023-08-03", "2023-06"),
])
def test_a_month_named_alone_is_the_nearest_such_month(kb, text, lang, published, expected):
    assert [(v, p) for _, v, p in _dates(kb, text, lang, published)] == [(expected, "month")]


def test_may_the_modal_is_no_month(kb):
    assert _dates(kb, "Iran may retaliate.", "en", "2024-08-10") == []
