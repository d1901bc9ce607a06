"""Property-based fuzzing of the text stages: whatever the input, no stage crashes, offsets stay
inside the text and point at what they claim. Bounded for CI (HYPOTHESIS_PROFILE=long for more).

Any input hypothesis finds that breaks a stage is added to REGRESSIONS below and kept forever.
"""
from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from diplograph.clean import clean, normalise
from diplograph.language import _SCRIPT_DEFAULT, detect_language
from diplograph.model import Source
from diplograph.sentences import split_sentences

settings.register_profile("ci", max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
settings.register_profile("long", max_examples=5000, deadline=None, suppress_health_check=list(HealthCheck))
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

# Pieces of real news text mixed with noise: the fuzzer reaches the coder's paths faster this way.
WORDS = ["Kazakhstan", "Israel", "AS", "as", "UEA", "Presiden", "Tokayev", "Menlu", "RI", "mengecam", "dikecam",
         "oleh", "dan", "yang", "tidak", "akan", "kerja", "sama", "kedua", "negara", "signed", "the", "U.S.",
         "Abraham", "Accords", "(6/11/2025)", "Kamis", "pada", "tahun", "2020", ",", ".", "—", "\n", "bahwa",
         "that", "said", "will", "not", "between", "and", "with", "Gaza", "PBB", "Jl.", "Dr.", "\u200b", "‏",
         "Georgia", "Jordan", "both", "countries", "could", "if", "إسرائيل", "США", "الولايات", "𝔘𝔫𝔦", "\x00"]
text_strategy = st.one_of(
    st.text(max_size=400),
    st.lists(st.sampled_from(WORDS), max_size=80).map(" ".join),
    st.lists(st.one_of(st.sampled_from(WORDS), st.text(max_size=6)), max_size=60).map(" ".join),
)
REGRESSIONS = ["", " ", ".", "\n\n\n", "A.B.C. D", "İ" * 5 + " Israel", "(((((", "yang yang yang", "..."]


def _check_document(doc, lang):
    text = doc.text
    for s in doc.sentences:
        assert 0 <= s.start < s.end <= len(text) and text[s.start:s.end] == s.text
    for m in doc.mentions:
        assert 0 <= m.start < m.end <= len(text) and text[m.start:m.end] == m.text
    for ev in doc.events:
        assert text[ev.start:ev.end] == ev.quote
        assert 0.0 <= ev.confidence <= 1.0 and ev.event_type and isinstance(ev.actor, list)


@pytest.mark.parametrize("text", REGRESSIONS)
def test_regressions(pipeline, text):
    for lang in ("id", "en", None):
        _check_document(pipeline.process(Source(path="r", text=text, lang=lang)), lang)


@given(text=text_strategy, lang=st.sampled_from(["id", "en", "es", "ms", None, "xx"]),
       date=st.sampled_from([None, "2025-11-07", "2020", "1999-02-28"]))
def test_pipeline_never_crashes_and_offsets_hold(pipeline, text, lang, date):
    _check_document(pipeline.process(Source(path="f", text=text, lang=lang, date=date)), lang)


@given(html=st.one_of(st.text(max_size=300), st.lists(st.sampled_from(
    ["<p>", "</p>", "<div>", "<script>alert(1)</script>", "<nav>Menu</nav>", "Israel dan UEA menandatangani.",
     "<!--", "-->", "&amp;", "&#0;", "<![CDATA[", "<html>", "<body>", "<a href='x'>", "</a>", "<br/>"]),
    max_size=60).map("".join)))
def test_cleaner_on_any_markup(kb, html):
    cleaned = clean(None, html, kb)
    assert isinstance(cleaned.text, str) and "\u200b" not in cleaned.text


@given(text=text_strategy)
def test_splitter_and_language_on_any_text(kb, text):
    text = normalise(text)
    for s in split_sentences(text, kb, "id"):
        assert text[s.start:s.end] == s.text and s.text.strip() == s.text
    assert detect_language(text, kb) in (None, *kb.languages, *_SCRIPT_DEFAULT.values())
