"""Stage 3: the document's language, from its script and the function words of each language file.

Function words are weighted: words shared by close languages (Indonesian and Malay share most)
weigh little, the words that tell them apart ("bahwa"/"bahawa", "karena"/"kerana") weigh more.
The whole body is used: short headlines are where close languages get confused.
"""
from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from .knowledge import Knowledge

_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
# Scripts that settle the language family on their own; the language files refine within them.
_SCRIPTS = (
    ("cyrillic", re.compile(r"[\u0400-\u04ff]")),
    ("arabic", re.compile(r"[\u0600-\u06ff\u0750-\u077f]")),
    ("hebrew", re.compile(r"[\u0590-\u05ff]")),
    ("han", re.compile(r"[\u4e00-\u9fff]")),
    ("kana", re.compile(r"[\u3040-\u30ff]")),
    ("hangul", re.compile(r"[\uac00-\ud7af]")),
    ("thai", re.compile(r"[\u0e00-\u0e7f]")),
    ("devanagari", re.compile(r"[\u0900-\u097f]")),
    ("greek", re.compile(r"[\u0370-\u03ff]")),
    ("georgian", re.compile(r"[\u10a0-\u10ff]")),
    ("armenian", re.compile(r"[\u0530-\u058f]")),
)
_SCRIPT_DEFAULT = {"cyrillic": "ru", "arabic": "ar", "hebrew": "he", "han": "zh", "kana": "ja", "hangul": "ko",
                   "thai": "th", "devanagari": "hi", "greek": "el", "georgian": "ka", "armenian": "hy"}


@lru_cache(maxsize=8)
def _profiles(kb: Knowledge) -> dict[str, tuple[str, dict[str, float]]]:
    out = {}
    for code, data in kb.languages.items():
        weights: dict[str, float] = {}
        for word in data.get("function_words") or []:
            weights[word.casefold()] = 1.0
        for word, weight in (data.get("distinctive_words") or {}).items():
            weights[str(word).casefold()] = float(weight)
        out[code] = (data.get("script", "latin"), weights)
    return out


def dominant_script(text: str) -> str:
    sample = text[:5000]
    counts = {name: len(rx.findall(sample)) for name, rx in _SCRIPTS}
    latin = len(re.findall(r"[A-Za-z\u00c0-\u024f]", sample))
    name, n = max(counts.items(), key=lambda kv: kv[1])
    if name == "han" and counts["kana"]:
        name = "kana"
    return name if n > latin else "latin"


def detect_language(text: str, kb: Knowledge) -> str | None:
    """ISO 639-1 code, or None when the text gives no evidence."""
    script = dominant_script(text)
    candidates = {code: w for code, (s, w) in _profiles(kb).items() if s == script}
    words = Counter(w.casefold() for w in _WORD.findall(text[:20000]))
    if candidates and words:
        scores = {code: sum(n * weights.get(w, 0.0) for w, n in words.items()) for code, weights in candidates.items()}
        best = max(scores, key=lambda c: scores[c])
        if scores[best] > 0:
            return best
    return _SCRIPT_DEFAULT.get(script)
