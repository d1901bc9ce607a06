#!/usr/bin/env python3
"""Generate ``src/diplograph/data/actors/countries.json`` from CLDR territory names.

Dev-time tool: needs ``babel`` (``pip install -e .[build]``); the package itself never imports it.

    python tools/build_countries.py            # write countries.json and print a report
    python tools/build_countries.py --check    # only report (names, collisions, common words)

One record per ISO 3166-1 entry (249) plus Kosovo (``XKX``). Ids are ISO 3166-1 alpha-3, from the
explicit table below (babel knows only alpha-2; the table is cross-checked against CLDR's
territory aliases at build time). Names come from CLDR via babel in every language of ``LANGS``;
``countries-curated.yaml`` (hand-written, same format) is merged over this file at load time and
supplies abbreviations, short forms, demonyms, metonyms and ``ambiguous`` lists.

CLDR ``alt`` variants ("US-alt-short", "CD-alt-variant" = "Congo (DRC)") are not exposed by
babel (neither ``Locale.territories`` nor ``babel.localedata.load(...)["territories"]`` has
them), so short forms such as "US", "UAE", "DRC" come from the curated file.

Cleaning of CLDR names
- The Congos (``"Congo - Kinshasa"``, ``"刚果（金）"``): only the full form is kept (the bare
  "Congo" is shared and the part after the dash or in brackets is a capital), plus a bracketed
  upper-case abbreviation if CLDR has one; the curated file adds the usual short forms.
- Spaced dashes (``"تيمور - ليشتي"``) also get an unspaced twin.
- ``"Myanmar (Burma)"``: full form, the form outside the brackets and (for Myanmar, Côte
  d'Ivoire, Timor-Leste, where the bracket holds another name of the same state) the bracketed
  alternative; qualifiers such as ``"(USA)"`` or ``"(Keeling)"`` are only dropped.
- Hong Kong / Macao: CLDR wraps them in "SAR China" wording that differs per language. The
  wording both share in a language is the common prefix/suffix of the two names; stripping it
  gives the place name ("Hong Kong SAR China" / "Macao SAR China" -> "Hong Kong" / "Macao").
- ``&`` is also spelled with the language's own "and" (from CLDR list patterns); English
  ``St.`` is also spelled ``Saint``; typographic apostrophes get an ASCII twin; for en/id/ms an
  accent-free twin (``Turkiye``, ``Cote d'Ivoire``) and a hyphen-free twin (``Timor Leste``).
- Derived short forms that coincide with a name of another territory in the same language are
  dropped. One-letter names are dropped everywhere; in en/id/ms names of three characters or less
  are dropped unless they are upper case (those are matched case-sensitively).
"""
from __future__ import annotations

import argparse
import json
import re
import sys
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path

import babel
from babel import Locale
from babel.core import get_cldr_version, get_global

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "diplograph" / "data" / "actors" / "countries.json"
CURATED = ROOT / "src" / "diplograph" / "data" / "actors" / "countries-curated.yaml"

# ISO 3166-1 alpha-2 -> alpha-3 (all 249 officially assigned codes) plus the user-assigned
# Kosovo code used by the EU, IMF and World Bank (XK / XKX).
ALPHA3 = {
    "AD": "AND", "AE": "ARE", "AF": "AFG", "AG": "ATG", "AI": "AIA", "AL": "ALB", "AM": "ARM",
    "AO": "AGO", "AQ": "ATA", "AR": "ARG", "AS": "ASM", "AT": "AUT", "AU": "AUS", "AW": "ABW",
    "AX": "ALA", "AZ": "AZE",
    "BA": "BIH", "BB": "BRB", "BD": "BGD", "BE": "BEL", "BF": "BFA", "BG": "BGR", "BH": "BHR",
    "BI": "BDI", "BJ": "BEN", "BL": "BLM", "BM": "BMU", "BN": "BRN", "BO": "BOL", "BQ": "BES",
    "BR": "BRA", "BS": "BHS", "BT": "BTN", "BV": "BVT", "BW": "BWA", "BY": "BLR", "BZ": "BLZ",
    "CA": "CAN", "CC": "CCK", "CD": "COD", "CF": "CAF", "CG": "COG", "CH": "CHE", "CI": "CIV",
    "CK": "COK", "CL": "CHL", "CM": "CMR", "CN": "CHN", "CO": "COL", "CR": "CRI", "CU": "CUB",
    "CV": "CPV", "CW": "CUW", "CX": "CXR", "CY": "CYP", "CZ": "CZE",
    "DE": "DEU", "DJ": "DJI", "DK": "DNK", "DM": "DMA", "DO": "DOM", "DZ": "DZA",
    "EC": "ECU", "EE": "EST", "EG": "EGY", "EH": "ESH", "ER": "ERI", "ES": "ESP", "ET": "ETH",
    "FI": "FIN", "FJ": "FJI", "FK": "FLK", "FM": "FSM", "FO": "FRO", "FR": "FRA",
    "GA": "GAB", "GB": "GBR", "GD": "GRD", "GE": "GEO", "GF": "GUF", "GG": "GGY", "GH": "GHA",
    "GI": "GIB", "GL": "GRL", "GM": "GMB", "GN": "GIN", "GP": "GLP", "GQ": "GNQ", "GR": "GRC",
    "GS": "SGS", "GT": "GTM", "GU": "GUM", "GW": "GNB", "GY": "GUY",
    "HK": "HKG", "HM": "HMD", "HN": "HND", "HR": "HRV", "HT": "HTI", "HU": "HUN",
    "ID": "IDN", "IE": "IRL", "IL": "ISR", "IM": "IMN", "IN": "IND", "IO": "IOT", "IQ": "IRQ",
    "IR": "IRN", "IS": "ISL", "IT": "ITA",
    "JE": "JEY", "JM": "JAM", "JO": "JOR", "JP": "JPN",
    "KE": "KEN", "KG": "KGZ", "KH": "KHM", "KI": "KIR", "KM": "COM", "KN": "KNA", "KP": "PRK",
    "KR": "KOR", "KW": "KWT", "KY": "CYM", "KZ": "KAZ",
    "LA": "LAO", "LB": "LBN", "LC": "LCA", "LI": "LIE", "LK": "LKA", "LR": "LBR", "LS": "LSO",
    "LT": "LTU", "LU": "LUX", "LV": "LVA", "LY": "LBY",
    "MA": "MAR", "MC": "MCO", "MD": "MDA", "ME": "MNE", "MF": "MAF", "MG": "MDG", "MH": "MHL",
    "MK": "MKD", "ML": "MLI", "MM": "MMR", "MN": "MNG", "MO": "MAC", "MP": "MNP", "MQ": "MTQ",
    "MR": "MRT", "MS": "MSR", "MT": "MLT", "MU": "MUS", "MV": "MDV", "MW": "MWI", "MX": "MEX",
    "MY": "MYS", "MZ": "MOZ",
    "NA": "NAM", "NC": "NCL", "NE": "NER", "NF": "NFK", "NG": "NGA", "NI": "NIC", "NL": "NLD",
    "NO": "NOR", "NP": "NPL", "NR": "NRU", "NU": "NIU", "NZ": "NZL",
    "OM": "OMN",
    "PA": "PAN", "PE": "PER", "PF": "PYF", "PG": "PNG", "PH": "PHL", "PK": "PAK", "PL": "POL",
    "PM": "SPM", "PN": "PCN", "PR": "PRI", "PS": "PSE", "PT": "PRT", "PW": "PLW", "PY": "PRY",
    "QA": "QAT",
    "RE": "REU", "RO": "ROU", "RS": "SRB", "RU": "RUS", "RW": "RWA",
    "SA": "SAU", "SB": "SLB", "SC": "SYC", "SD": "SDN", "SE": "SWE", "SG": "SGP", "SH": "SHN",
    "SI": "SVN", "SJ": "SJM", "SK": "SVK", "SL": "SLE", "SM": "SMR", "SN": "SEN", "SO": "SOM",
    "SR": "SUR", "SS": "SSD", "ST": "STP", "SV": "SLV", "SX": "SXM", "SY": "SYR", "SZ": "SWZ",
    "TC": "TCA", "TD": "TCD", "TF": "ATF", "TG": "TGO", "TH": "THA", "TJ": "TJK", "TK": "TKL",
    "TL": "TLS", "TM": "TKM", "TN": "TUN", "TO": "TON", "TR": "TUR", "TT": "TTO", "TV": "TUV",
    "TW": "TWN", "TZ": "TZA",
    "UA": "UKR", "UG": "UGA", "UM": "UMI", "US": "USA", "UY": "URY", "UZ": "UZB",
    "VA": "VAT", "VC": "VCT", "VE": "VEN", "VG": "VGB", "VI": "VIR", "VN": "VNM", "VU": "VUT",
    "WF": "WLF", "WS": "WSM",
    "YE": "YEM", "YT": "MYT",
    "ZA": "ZAF", "ZM": "ZMB", "ZW": "ZWE",
    # not in ISO 3166-1: user-assigned code, handled explicitly
    "XK": "XKX",
}
ISO_COUNT = 249

# Output language code (ISO 639-1, as the document language is reported) -> babel locales
# whose names are merged into it, main locale first.
LANGS: dict[str, list[str]] = {
    "en": ["en", "en_GB"], "id": ["id"], "ms": ["ms"],
    "ar": ["ar"], "he": ["he"], "fa": ["fa"], "ur": ["ur"], "ps": ["ps"], "sd": ["sd"],
    "ug": ["ug"], "ku": ["ku"],
    "ru": ["ru"], "uk": ["uk"], "be": ["be"], "bg": ["bg"], "mk": ["mk"],
    "sr": ["sr", "sr_Latn"], "hr": ["hr"], "bs": ["bs"], "sl": ["sl"],
    "kk": ["kk"], "ky": ["ky"], "uz": ["uz", "uz_Cyrl"], "tg": ["tg"], "tk": ["tk"],
    "az": ["az", "az_Cyrl"], "tr": ["tr"], "tt": ["tt"], "mn": ["mn"],
    "ka": ["ka"], "hy": ["hy"], "el": ["el"],
    "fr": ["fr", "fr_CA"], "es": ["es", "es_419"], "pt": ["pt", "pt_PT"], "it": ["it"],
    "ca": ["ca"], "gl": ["gl"], "eu": ["eu"], "ro": ["ro"], "mt": ["mt"],
    "de": ["de", "de_CH"], "nl": ["nl"], "af": ["af"], "lb": ["lb"],
    "sv": ["sv"], "da": ["da"], "nb": ["nb"], "no": ["nb"], "nn": ["nn"], "is": ["is"],
    "fo": ["fo"], "fi": ["fi"], "et": ["et"], "lv": ["lv"], "lt": ["lt"],
    "pl": ["pl"], "cs": ["cs"], "sk": ["sk"], "hu": ["hu"], "sq": ["sq"],
    "ga": ["ga"], "gd": ["gd"], "cy": ["cy"],
    "zh": ["zh", "zh_Hant"], "ja": ["ja"], "ko": ["ko"],
    "vi": ["vi"], "th": ["th"], "lo": ["lo"], "km": ["km"], "my": ["my"], "tl": ["fil"],
    "jv": ["jv"],
    "hi": ["hi"], "bn": ["bn"], "pa": ["pa"], "gu": ["gu"], "mr": ["mr"], "ne": ["ne"],
    "si": ["si"], "ta": ["ta"], "te": ["te"], "kn": ["kn"], "ml": ["ml"],
    "sw": ["sw"], "ha": ["ha"], "yo": ["yo"], "ig": ["ig"], "zu": ["zu"], "xh": ["xh"],
    "so": ["so"], "am": ["am"], "ti": ["ti"], "om": ["om"],
}
LANG_ORDER = ["en", "id", "ms"]  # written first, then the rest alphabetically
LATIN_FOLD_LANGS = {"en", "id", "ms"}  # add accent-free and hyphen-free twins
SHORT_CHECK_LANGS = {"en", "id", "ms"}  # drop names <= 3 chars unless upper case
NO_SPACE_LANGS = {"zh", "ja", "th", "lo", "km", "my"}  # affix stripping by character

# English label (first English name) where the CLDR name is not the usual one.
EN_LABEL = {
    "CD": "Democratic Republic of the Congo",
    "CG": "Republic of the Congo",
    "HK": "Hong Kong",
    "MO": "Macao",
    "MM": "Myanmar",
    "PS": "Palestine",
}
# English names added by the generator itself (so that the label is right even without the
# curated file). Everything else hand-written lives in countries-curated.yaml.
EN_EXTRA = {
    "PS": ["Palestine", "State of Palestine"],
    "HK": ["Hong Kong"],
    "MO": ["Macao", "Macau"],
}

# Hong Kong / Macao where the shared-wording rule gives nothing or an inflected form.
HK_MO_SHORT = {
    "ar": ("هونغ كونغ", "ماكاو"), "bn": ("হংকং", "ম্যাকাও"), "sd": ("هانگ ڪانگ", "مڪائو"),
    "ml": ("ഹോങ്കോങ്", "മക്കാവു"), "ku": ("Hong Kong", "Makao"), "et": ("Hongkong", "Macau"),
    "hy": ("Հոնկոնգ", "Մակաո"), "ka": ("ჰონკონგი", "მაკაო"), "mk": ("Хонгконг", "Макао"),
    "lv": ("Honkonga", "Makao"), "yo": ("Hong Kong", "Macao"), "mt": ("Hong Kong", "Macao"),
    "hi": ("हाँग काँग", "मकाऊ"), "my": ("ဟောင်ကောင်", "မကာအို"), "sq": ("Hong-Kong", "Makao"),
}

# Wikidata items of states, only those known for certain; omitted elsewhere.
WIKIDATA = {
    "US": "Q30", "GB": "Q145", "FR": "Q142", "DE": "Q183", "RU": "Q159", "CN": "Q148",
    "JP": "Q17", "IN": "Q668", "ID": "Q252", "MY": "Q833", "SG": "Q334", "TH": "Q869",
    "PH": "Q928", "VN": "Q881", "KH": "Q424", "LA": "Q819", "MM": "Q836", "BN": "Q921",
    "TL": "Q574", "IL": "Q801", "AE": "Q878", "BH": "Q398", "SA": "Q851", "MA": "Q1028",
    "SD": "Q1049", "KZ": "Q232", "TR": "Q43", "IR": "Q794", "EG": "Q79", "JO": "Q810",
    "LB": "Q822", "SY": "Q858", "IQ": "Q796", "KW": "Q817", "QA": "Q846", "OM": "Q842",
    "YE": "Q805", "DZ": "Q262", "TN": "Q948", "LY": "Q1016", "PS": "Q219060", "CA": "Q16",
    "MX": "Q96", "BR": "Q155", "AR": "Q414", "AU": "Q408", "NZ": "Q664", "KR": "Q884",
    "KP": "Q423", "TW": "Q865", "IT": "Q38", "ES": "Q29", "PT": "Q45", "NL": "Q55",
    "BE": "Q31", "CH": "Q39", "AT": "Q40", "PL": "Q36", "UA": "Q212", "BY": "Q184",
    "CZ": "Q213", "SK": "Q214", "HU": "Q28", "RO": "Q218", "BG": "Q219", "GR": "Q41",
    "CY": "Q229", "SE": "Q34", "NO": "Q20", "DK": "Q35", "FI": "Q33", "IS": "Q189",
    "IE": "Q27", "LU": "Q32", "PK": "Q843", "BD": "Q902", "LK": "Q854", "NP": "Q837",
    "AF": "Q889", "KG": "Q813", "TJ": "Q863", "UZ": "Q265", "TM": "Q874", "AZ": "Q227",
    "AM": "Q399", "GE": "Q230", "MN": "Q711", "ZA": "Q258", "NG": "Q1033", "KE": "Q114",
    "ET": "Q115", "GH": "Q117", "SS": "Q958", "CD": "Q974", "CG": "Q971", "SN": "Q1041",
    "ML": "Q912", "NE": "Q1032", "TD": "Q657", "SO": "Q1045", "DJ": "Q977", "ER": "Q986",
    "MR": "Q1025", "CL": "Q298", "CO": "Q739", "PE": "Q419", "VE": "Q717", "CU": "Q241",
    "RS": "Q403", "HR": "Q224", "SI": "Q215", "BA": "Q225", "ME": "Q236", "MK": "Q221",
    "AL": "Q222", "XK": "Q1246", "MD": "Q217", "LV": "Q211", "LT": "Q37", "EE": "Q191",
    "MT": "Q233", "VA": "Q237", "MV": "Q826", "BT": "Q917", "PG": "Q691", "FJ": "Q712",
}

# Frequent words of English, Indonesian and Malay, and words that territory names double as.
# A name (or demonym/metonym) in en/id/ms that equals one of them is reported by --check: it
# must be dropped (DROP_NAMES), listed under `ambiguous` in the curated file, or accepted below
# with a reason.
COMMON_WORDS = set("""
a an the and or but of in on at to for from by with as is are was were be been being it its
this that these those he she they we you i me my our your his her their not no yes all any
some one two new old big small good bad great man men woman women people world state states
union city island islands land north south east west central republic kingdom government
home power may march august will can us it so do go up say said says
china turkey chad jordan georgia georgian jersey guernsey guinea chile chili reunion panama
bermuda victoria kingston lima santiago java bali sofia colombo
yang dan di ke dari ini itu ada akan dengan untuk pada dalam tidak juga atau oleh karena
sudah telah bisa dapat harus saat hari tahun baru lama besar kecil orang negara pulau
kepulauan raya barat timur utara selatan tengah atas bawah kota laut tanah bangsa rakyat
pihak kata menurut serta para agar bagi hingga sejak antara tersebut adalah ialah kami kita
mereka saya dia ia as natal cina malu mati mana bahasa arab inggris jawa sunda kamboja
cuba boleh daripada kerana iaitu negeri jiran
""".split())
# Common words kept as names without `ambiguous`: the matcher requires the capital letter, and
# the capitalised word almost always means the state in news.
ACCEPTED_COMMON = {
    "china": "china (porcelain) is lower case",
    "turkey": "turkey (bird) is lower case",
    "chile": "chile (pepper) is lower case",
    "chili": "id name of Chile; cabai/cabe is the usual word for the pepper, lower case anyway",
    "panama": "Panama hat/Papers are rare in diplomatic news",
    "bermuda": "Bermuda shorts/triangle are rare in diplomatic news",
    "cina": "id/ms name of China (lower case otherwise)",
    "inggris": "id name of the UK; 'bahasa Inggris' (English language) must be handled by the "
               "matcher or resolver, not by dropping the main Indonesian name of the UK",
    "kamboja": "id name of Cambodia; kamboja (frangipani) is lower case",
    "cuba": "ms 'cuba' (to try) is lower case except at sentence start; the en name is needed",
    "colombo": "capital of Sri Lanka; Colombo Plan is rare",
    "as": "upper-case AS is the id/ms abbreviation of the USA (matched case-sensitively)",
    "us": "upper-case US (matched case-sensitively)",
}
# CLDR names removed outright in en/id/ms (too short or a common word, with a better form
# supplied by the curated file).
DROP_NAMES: set[tuple[str, str]] = set()  # (lang, name); none needed with CLDR 47

APOSTROPHES = str.maketrans({"’": "'", "ʼ": "'", "‘": "'"})
# Bracketed part is an alternative name of the same territory ("Myanmar (Burma)"); elsewhere it
# is a qualifier ("(USA)", "(French part)", "(Keeling)") and only the rest of the name is kept.
PAREN_ALT = {"MM", "CI", "TL"}
PAREN_NO_BASE = {"PF"}  # ky "Полинезия (франциялык)": "Polynesia" alone is a region
SPACED_DASH = re.compile(r"\s+[-–—]\s+")
PAREN = re.compile(r"^(?P<base>.*?)\s*[(（](?P<inner>[^()（）]+)[)）]\s*(?P<rest>.*)$")


def fold(s: str) -> str:
    """Accent-free form: NFKD without combining marks."""
    s = unicodedata.normalize("NFKD", s)
    return unicodedata.normalize("NFC", "".join(c for c in s if not unicodedata.combining(c)))


def key(s: str) -> str:
    return fold(s.translate(APOSTROPHES)).casefold()


def conjunction(loc: Locale) -> str | None:
    pat = loc.list_patterns.get("standard", {}).get("2", "")
    m = re.fullmatch(r"\{0\} (\w+) \{1\}", pat)
    return m.group(1) if m else None


def is_abbrev(s: str) -> bool:
    """Upper-case abbreviation ("DRC", "U.S."): matched case-sensitively by the matcher."""
    return any(c.isupper() for c in s) and not any(c.islower() for c in s) and len(s) <= 6


def affix_strip(a: str, b: str, by_char: bool) -> tuple[str, str] | None:
    """Strip the wording two names share at both ends (for Hong Kong / Macao)."""
    if by_char:
        ta, tb, sep = list(a), list(b), ""
    else:
        cut = r"(?<=[\s,،(])|(?=[\s,،)])"  # tokens keep their spaces and punctuation
        ta, tb, sep = re.split(cut, a), re.split(cut, b), ""
    fa, fb = [t.casefold() for t in ta], [t.casefold() for t in tb]
    p = 0
    while p < min(len(ta), len(tb)) and fa[p] == fb[p]:
        p += 1
    s = 0
    while s < min(len(ta), len(tb)) - p and fa[-1 - s] == fb[-1 - s]:
        s += 1
    if p == 0 and s == 0:
        return None
    out = []
    for toks in (ta, tb):
        r = sep.join(toks[p:len(toks) - s]).strip(" ,،-()（）")
        words = r.split()
        if (not r or any(c in r for c in "()（）")
                or (by_char and len(r) > 6) or (not by_char and len(words) > 2)
                or any(len(w) >= 2 and is_abbrev(w) for w in words)):
            return None
        out.append(r)
    return out[0], out[1]


def variants(code: str, name: str, lang: str) -> tuple[list[str], list[str]]:
    """(full forms, derived short forms) of one CLDR name."""
    full = [name]
    short: list[str] = []
    if code in ("CD", "CG"):
        # "Congo - Kinshasa", "刚果（金）": the bare "Congo" is shared and the rest is a capital;
        # only a bracketed abbreviation ("Congo (DRC)") is usable on its own.
        m = PAREN.match(name)
        if m and is_abbrev(m["inner"].strip()) and len(m["inner"].strip()) >= 3:
            short.append(m["inner"].strip())
        return full, short
    if code in ("HK", "MO"):
        return full, short  # short forms come from affix_strip() / HK_MO_SHORT
    if SPACED_DASH.search(name):
        full.append(SPACED_DASH.sub("-", name))
    m = PAREN.match(name)
    if m and code not in PAREN_NO_BASE:
        joiner = "" if lang in NO_SPACE_LANGS else " "
        base = (m["base"] + (joiner + m["rest"] if m["rest"] else "")).strip(" ,")
        inner = m["inner"].strip()
        if base:
            short.append(base)
        if code in PAREN_ALT and not m["rest"] and not is_abbrev(inner):
            short.append(inner)
    return full, short


def spellings(name: str, lang: str, conj: str | None) -> list[str]:
    """Orthographic twins of a name (all of them the same name)."""
    out = [name]
    if "&" in name and conj:
        out.append(re.sub(r"\s*&\s*", f" {conj} ", name))
    if lang == "en":
        for n in list(out):
            if re.search(r"\bSt\. ", n):
                out.append(re.sub(r"\bSt\. ", "Saint ", n))
    for n in list(out):
        t = n.translate(APOSTROPHES)
        if t != n:
            out.append(t)
    if lang in LATIN_FOLD_LANGS:
        for n in list(out):
            f = fold(n)
            if f != n:
                out.append(f)
        for n in list(out):
            if re.search(r"[^\W\d_]-[^\W\d_]", n) and "Bangsa" not in n:
                out.append(re.sub(r"(?<=[^\W\d_])-(?=[^\W\d_])", " ", n))
    return out


def dedupe(names: list[str]) -> list[str]:
    seen, out = set(), []
    for n in names:
        n = re.sub(r"\s+", " ", n).strip()
        if n and n not in seen:
            seen.add(n)
            out.append(n)
    return out


def check_alpha3() -> None:
    assert len(ALPHA3) == ISO_COUNT + 1, len(ALPHA3)
    assert len(set(ALPHA3.values())) == len(ALPHA3), "duplicate alpha-3"
    aliases = get_global("territory_aliases")
    for a2, a3 in ALPHA3.items():
        assert re.fullmatch(r"[A-Z]{3}", a3), a3
        if a2 == "XK":
            continue
        cldr = aliases.get(a3)
        assert cldr == [a2], f"{a2}->{a3}: CLDR alias says {cldr}"


def build(report: bool = True) -> dict:
    check_alpha3()
    cldr = get_cldr_version()
    # lang -> code -> {"full": [...], "short": [...]}
    table: dict[str, dict[str, dict[str, list[str]]]] = {}
    for lang, locales in LANGS.items():
        per: dict[str, dict[str, list[str]]] = {c: {"full": [], "short": []} for c in ALPHA3}
        for loc_id in locales:
            loc = Locale.parse(loc_id)
            terr = loc.territories
            conj = conjunction(loc)
            for code in ALPHA3:
                raw = terr.get(code)
                if not raw or raw == code:
                    continue
                full, short = variants(code, raw.strip(), lang)
                for n in full:
                    per[code]["full"].extend(spellings(n, lang, conj))
                for n in short:
                    per[code]["short"].extend(spellings(n, lang, conj))
            # Hong Kong / Macao: strip the shared "SAR China" wording
            hk, mo = terr.get("HK"), terr.get("MO")
            if hk and mo:
                r = HK_MO_SHORT.get(lang) or affix_strip(hk, mo, lang in NO_SPACE_LANGS)
                if r:
                    for code, n in zip(("HK", "MO"), r):
                        per[code]["short"].extend(spellings(n, lang, conj))
        table[lang] = per

    # drop derived short forms that another territory shares in the same language
    for lang, per in table.items():
        owners: dict[str, set[str]] = defaultdict(set)
        for code, d in per.items():
            for n in d["full"] + d["short"]:
                owners[key(n)].add(code)
        for code, d in per.items():
            d["short"] = [n for n in d["short"] if owners[key(n)] == {code}]
    records = []
    problems = []
    for code, a3 in sorted(ALPHA3.items(), key=lambda kv: kv[1]):
        names: dict[str, list[str]] = {}
        for lang in LANG_ORDER + sorted(l for l in LANGS if l not in LANG_ORDER):
            d = table[lang][code]
            lst = d["full"] + d["short"]
            if lang == "en":
                lst = ([EN_LABEL[code]] if code in EN_LABEL else []) + lst + EN_EXTRA.get(code, [])
            kept = []
            for n in dedupe(lst):
                if (lang, n) in DROP_NAMES:
                    continue
                if len(n) < 2:  # e.g. zh "金" (the bracket of 刚果（金）)
                    continue
                if lang in SHORT_CHECK_LANGS and len(n) <= 3 and not is_abbrev(n):
                    problems.append(f"{a3} {lang}: dropped short name {n!r}")
                    continue
                kept.append(n)
            if kept:
                names[lang] = kept
        rec = {"id": a3, "kind": "country"}
        if code in WIKIDATA:
            rec["wikidata"] = WIKIDATA[code]
        rec["names"] = names
        prov = f"CLDR {cldr} territory names via babel {babel.__version__}; tools/build_countries.py"
        if code == "XK":
            prov += "; Kosovo: user-assigned code XK/XKX (not in ISO 3166-1)"
        rec["provenance"] = prov
        records.append(rec)
    data = {"version": 1, "actors": records}
    if report and print_report(data, problems):
        print("PROBLEMS found (see above)", file=sys.stderr)
    return data


def load_curated() -> dict:
    try:
        import yaml
    except ImportError:  # pragma: no cover
        return {}
    if not CURATED.exists():
        return {}
    return yaml.safe_load(CURATED.read_text(encoding="utf-8")) or {}


def print_report(data: dict, problems: list[str]) -> int:
    """Print counts and checks; return the number of unresolved problems."""
    unresolved = 0
    recs = data["actors"]
    print(f"records: {len(recs)}")
    per_lang = Counter()
    names_lang = Counter()
    for r in recs:
        for lang, ns in r["names"].items():
            per_lang[lang] += 1
            names_lang[lang] += len(ns)
    print(f"languages: {len(per_lang)}")
    print("records/names per language: " + ", ".join(
        f"{l}:{per_lang[l]}/{names_lang[l]}" for l in sorted(per_lang)))
    for p in problems:
        print("  " + p)

    curated = {r["id"]: r for r in (load_curated().get("actors") or [])}
    gen_ids = {r["id"] for r in recs}
    for cid in curated:
        if cid not in gen_ids:
            print(f"  curated record {cid} has no generated record (it is added as a new actor)")
    gen_names = {(r["id"], lang, n) for r in recs for lang, ns in r["names"].items() for n in ns}
    redundant = [(cid, lang, n) for cid, r in curated.items()
                 for lang, ns in (r.get("names") or {}).items() for n in ns
                 if (cid, lang, n) in gen_names]
    if redundant:
        print(f"curated names already generated from CLDR (harmless): {len(redundant)}")
        for cid, lang, n in redundant:
            print(f"  {cid} {lang} {n!r}")
    # collisions inside one language (generated + curated names, demonyms, metonyms)
    owners: dict[tuple[str, str], set[str]] = defaultdict(set)
    for r in recs + list(curated.values()):
        for field in ("names", "demonyms", "metonyms"):
            for lang, ns in (r.get(field) or {}).items():
                for n in ns:
                    owners[(lang, key(n))].add(r["id"])
    clashes = sorted((k, v) for k, v in owners.items() if len(v) > 1)
    print(f"names shared by several records in one language: {len(clashes)}")
    for (lang, n), ids in clashes:
        print(f"  {lang} {n!r}: {sorted(ids)}")
    # a document is matched with its own language and English: check those pairs too
    cross = []
    for (lang, n), ids in owners.items():
        if lang != "en" and ("en", n) in owners and owners[("en", n)] != ids:
            cross.append((lang, n, sorted(ids), sorted(owners[("en", n)])))
    print(f"names of one language that are English names of another record: {len(cross)}")
    for lang, n, ids, en_ids in sorted(cross):
        print(f"  {lang} {n!r}: {ids} vs en {en_ids}")

    # en/id/ms: short names and common words
    print("en/id/ms names that are short or common words:")
    for r in recs:
        cur = curated.get(r["id"], {})
        amb = {key(a) for a in cur.get("ambiguous") or []}
        allnames = {}
        for src in (r, cur):
            for lang in SHORT_CHECK_LANGS:
                for field in ("names", "metonyms", "demonyms"):
                    for n in (src.get(field) or {}).get(lang, []):
                        allnames[(lang, n)] = True
        for lang, n in allnames:
            short = len(n) <= 3
            common = key(n) in COMMON_WORDS
            if not (short or common):
                continue
            if is_abbrev(n) and len(n) <= 6:
                state = "ok: upper case, case-sensitive"
            elif key(n) in amb:
                state = "ok: ambiguous in curated"
            elif key(n) in ACCEPTED_COMMON:
                state = "accepted: " + ACCEPTED_COMMON[key(n)]
            elif short:
                state = "PROBLEM: short, not upper case"
            else:
                state = "PROBLEM: common word, not ambiguous"
            unresolved += state.startswith("PROBLEM")
            print(f"  {r['id']} {lang} {n!r}: {state}")
    return unresolved + len(clashes) + len(cross)


def dump(data: dict) -> str:
    """JSON with one line per record field and per language: compact, and diffs stay readable."""
    j = lambda v: json.dumps(v, ensure_ascii=False)  # noqa: E731
    recs = []
    for r in data["actors"]:
        head = ", ".join(f"{j(k)}: {j(v)}" for k, v in r.items() if k != "names")
        langs = ",\n".join(f"    {j(lang)}: {j(ns)}" for lang, ns in r["names"].items())
        recs.append(f"  {{{head},\n   \"names\": {{\n{langs}\n   }}}}")
    out = f'{{"version": {data["version"]}, "actors": [\n' + ",\n".join(recs) + "\n]}\n"
    assert json.loads(out) == data
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="report only, do not write")
    ap.add_argument("--quiet", action="store_true")
    args = ap.parse_args(argv)
    data = build(report=not args.quiet)
    if not args.check:
        OUT.parent.mkdir(parents=True, exist_ok=True)
        OUT.write_text(dump(data), encoding="utf-8")
        print(f"wrote {OUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
