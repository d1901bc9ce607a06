"""A realistic synthetic news corpus: Indonesian and English articles of news-like length, as
plain text, HTML pages with page furniture, JSONL, or WARC.gz, with a share of syndicated copies
(the same article on another site, lightly edited). Deterministic for a given seed.

    .venv/bin/python benchmarks/make_corpus.py OUT --n 2000 --format html [--dups 0.05] [--seed 7]

Formats: txt (one ~3 KB article a file), html (one 20–40 KB page a file), jsonl (one file of
`{"id","text"}` lines; `--gzip` compresses it), warc (one WARC.gz of HTML response records).
"""
from __future__ import annotations

import argparse
import gzip
import io
import json
import random
from pathlib import Path
from typing import Iterator

COUNTRIES = {
    "id": ["Indonesia", "Malaysia", "Singapura", "Kazakhstan", "Jepang", "Tiongkok", "Amerika Serikat", "Australia",
           "India", "Turki", "Arab Saudi", "Mesir", "Qatar", "Rusia", "Prancis", "Jerman", "Brasil", "Vietnam",
           "Thailand", "Filipina", "Korea Selatan", "Uni Emirat Arab", "Belanda", "Italia", "Pakistan"],
    "en": ["Indonesia", "Malaysia", "Singapore", "Kazakhstan", "Japan", "China", "the United States", "Australia",
           "India", "Turkey", "Saudi Arabia", "Egypt", "Qatar", "Russia", "France", "Germany", "Brazil", "Vietnam",
           "Thailand", "the Philippines", "South Korea", "the United Arab Emirates", "the Netherlands", "Italy",
           "Pakistan"],
}
CITIES = ["Jakarta", "Surabaya", "Medan", "Makassar", "Astana", "Tokyo", "Canberra", "Ankara", "Doha", "Riyadh",
          "Kairo", "Paris", "Berlin", "Hanoi", "Bangkok", "Manila", "Seoul", "Abu Dhabi", "Den Haag", "Roma"]
SECTORS = {
    "id": ["energi", "pertanian", "perdagangan", "pendidikan", "kesehatan", "pertahanan", "pariwisata",
           "teknologi digital", "infrastruktur", "perikanan", "investasi", "ketahanan pangan"],
    "en": ["energy", "agriculture", "trade", "education", "health", "defence", "tourism", "digital technology",
           "infrastructure", "fisheries", "investment", "food security"],
}
DAYS = {"id": ["Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"],
        "en": ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]}
DIPLO = {
    "id": [
        "Menteri Luar Negeri {A} bertemu mitranya dari {B} di {C} pada {D} untuk membahas kerja sama {S}.",
        "{A} dan {B} menandatangani nota kesepahaman di bidang {S} dan {S2} pada {D}.",
        "Pemerintah {A} mengecam serangan terhadap warga sipil di wilayah perbatasan {B}.",
        "Presiden {A} menerima kunjungan kenegaraan Perdana Menteri {B} di istana kepresidenan.",
        "Kedua negara sepakat memperluas kerja sama {S} dalam lima tahun mendatang.",
        "{A} mendesak {B} untuk segera menghentikan pembangunan permukiman di wilayah sengketa.",
        "Duta Besar {A} untuk {B} menyatakan bahwa hubungan bilateral kedua negara terus membaik.",
        "{A} berjanji memberikan bantuan kemanusiaan senilai {N} juta dolar kepada {B}.",
        "Pemerintah {B} menolak tuduhan {A} terkait pelanggaran wilayah udara.",
        "{A} dan {B} dapat memperkuat kerja sama {S} jika perundingan berjalan lancar.",
        "Juru bicara Kementerian Luar Negeri {A} menyambut baik keputusan {B} bergabung dengan forum tersebut.",
        "{A} menjatuhkan sanksi ekonomi terhadap sejumlah perusahaan asal {B}.",
    ],
    "en": [
        "The foreign minister of {A} met his counterpart from {B} in {C} on {D} to discuss cooperation on {S}.",
        "{A} and {B} signed a memorandum of understanding on {S} and {S2} on {D}.",
        "The government of {A} condemned the attack on civilians near the border with {B}.",
        "The president of {A} received the prime minister of {B} for a state visit at the presidential palace.",
        "The two countries agreed to expand cooperation on {S} over the next five years.",
        "{A} urged {B} to halt the construction of settlements in the disputed area immediately.",
        "The ambassador of {A} to {B} said relations between the two countries continued to improve.",
        "{A} pledged {N} million dollars in humanitarian aid to {B}.",
        "The government of {B} rejected accusations by {A} over violations of its airspace.",
        "{A} and {B} could deepen cooperation on {S} if the talks go well.",
        "A spokesperson for the foreign ministry of {A} welcomed the decision of {B} to join the forum.",
        "{A} imposed economic sanctions on several companies from {B}.",
    ],
}
# Filler: built from parts so that two articles rarely share long word sequences.
SUBJ = {"id": ["Warga {C}", "Pedagang pasar {C}", "Dinas perhubungan {C}", "Para petani di pinggiran {C}",
               "Sejumlah mahasiswa {C}", "Pengelola pelabuhan {C}", "Pemerintah kota {C}", "Klub sepak bola {C}",
               "Badan meteorologi setempat", "Pengusaha kecil di {C}", "Rumah sakit daerah {C}", "Panitia festival {C}"],
        "en": ["Residents of {C}", "Market traders in {C}", "The transport office of {C}", "Farmers outside {C}",
               "Students in {C}", "The port authority of {C}", "The city council of {C}", "A football club from {C}",
               "The local weather agency", "Small businesses in {C}", "The district hospital in {C}",
               "Organisers of the {C} festival"]}
VERB = {"id": ["melaporkan kenaikan harga {X} sebesar {N} persen", "mengeluhkan kemacetan di jalan utama",
               "menyiapkan {N} unit armada tambahan", "memperkirakan hujan lebat selama {N} hari",
               "membuka pendaftaran bagi {N} peserta baru", "menanam {N} hektare {X} musim ini",
               "memperpanjang jam operasional hingga pukul {N}", "mencatat kunjungan {N} ribu orang",
               "memperbaiki saluran air sepanjang {N} kilometer", "menggelar pameran {X} akhir pekan",
               "menurunkan tarif parkir sebesar {N} persen", "menerima {N} pasien demam berdarah"],
        "en": ["reported a {N} percent rise in the price of {X}", "complained about traffic on the main road",
               "prepared {N} additional buses", "forecast heavy rain for the next {N} days",
               "opened registration for {N} new participants", "planted {N} hectares of {X} this season",
               "extended opening hours until {N} o'clock", "recorded {N} thousand visitors",
               "repaired {N} kilometres of drainage", "held a {X} exhibition over the weekend",
               "cut parking fees by {N} percent", "treated {N} patients for dengue fever"]}
TAIL = {"id": ["menurut keterangan pejabat setempat.", "kata seorang warga yang ditemui di lokasi.",
               "sejak awal bulan ini.", "meski cuaca kurang bersahabat.", "seperti dilaporkan media lokal.",
               "dan rencananya berlanjut hingga akhir tahun.", "setelah rapat koordinasi pada {D}.",
               "sebagaimana tahun-tahun sebelumnya."],
        "en": ["according to local officials.", "a resident told reporters at the scene.",
               "since the start of the month.", "despite the poor weather.", "as reported by local media.",
               "and the plan runs until the end of the year.", "after a coordination meeting on {D}.",
               "as in previous years."]}
GOODS = {"id": ["cabai", "beras", "bawang merah", "telur", "minyak goreng", "gula", "kopi", "jagung", "kedelai"],
         "en": ["chili", "rice", "shallots", "eggs", "cooking oil", "sugar", "coffee", "maize", "soybeans"]}
FURNITURE = {
    "id": {"nav": ["Beranda", "Nasional", "Internasional", "Ekonomi", "Olahraga", "Teknologi", "Hiburan", "Otomotif",
                   "Gaya Hidup", "Kesehatan", "Foto", "Video", "Indeks", "Opini", "Daerah", "Hukum"],
           "related": "Baca Juga", "popular": "Terpopuler", "cookie": "Kami menggunakan cookie untuk pengalaman terbaik.",
           "footer": "Hak cipta dilindungi undang-undang."},
    "en": {"nav": ["Home", "World", "Politics", "Business", "Sport", "Technology", "Culture", "Science", "Health",
                   "Travel", "Opinion", "Video", "Photos", "Podcasts", "Weather", "Markets"],
           "related": "Read also", "popular": "Most popular", "cookie": "We use cookies to give you the best experience.",
           "footer": "All rights reserved."},
}
SITES = ["kabar-nusantara.example", "warta-dunia.example", "the-daily-ledger.example", "asia-wire.example",
         "berita-kini.example", "global-herald.example"]


def _fill(rng: random.Random, template: str, lang: str) -> str:
    countries = rng.sample(COUNTRIES[lang], 2)
    sectors = rng.sample(SECTORS[lang], 2)
    day = f"{rng.choice(DAYS[lang])} ({rng.randint(1, 28)}/{rng.randint(1, 12)}/2025)" if lang == "id" \
        else f"{rng.choice(DAYS[lang])}, {rng.randint(1, 28)} {rng.choice(['March', 'June', 'October', 'November'])}"
    out = (template.replace("{A}", countries[0]).replace("{B}", countries[1]).replace("{C}", rng.choice(CITIES))
           .replace("{S2}", sectors[1]).replace("{S}", sectors[0]).replace("{D}", day)
           .replace("{X}", rng.choice(GOODS[lang])))
    while "{N}" in out:
        out = out.replace("{N}", str(rng.randint(2, 950)), 1)
    return out[0].upper() + out[1:]


def article(rng: random.Random, lang: str, target: int = 3000) -> tuple[str, list[str]]:
    """(title, paragraphs) of about `target` characters, about a third diplomatic sentences."""
    paras: list[str] = []
    size = 0
    city = rng.choice(CITIES).upper()
    first = True
    while size < target:
        sents = []
        for _ in range(rng.randint(2, 4)):
            if rng.random() < 0.33:
                sents.append(_fill(rng, rng.choice(DIPLO[lang]), lang))
            else:
                s = f"{rng.choice(SUBJ[lang])} {rng.choice(VERB[lang])} {rng.choice(TAIL[lang])}"
                sents.append(_fill(rng, s, lang))
        para = " ".join(sents)
        if first:
            para = f"{city} — {para}"
            first = False
        paras.append(para)
        size += len(para) + 2
    title = _fill(rng, rng.choice(DIPLO[lang]), lang).rstrip(".")
    return title[:90], paras


def edited_copy(rng: random.Random, paras: list[str]) -> list[str]:
    """A syndicated copy: the same text with a word changed here and there and a line added."""
    out = list(paras)
    for _ in range(2):
        i = rng.randrange(len(out))
        words = out[i].split(" ")
        j = rng.randrange(len(words))
        words[j] = words[j] + ("nya" if rng.random() < 0.5 else ",")
        out[i] = " ".join(words)
    out.append(rng.choice(["(ant/red)", "(Reuters)", "Editor: Redaksi", "— Wire report"]))
    return out


def page(rng: random.Random, lang: str, title: str, paras: list[str], date: str, site: str, n: int) -> str:
    """A news page with furniture: navigation, cookie banner, related and popular lists, comments, footer."""
    f = FURNITURE[lang]
    nav = "".join(f'<li><a href="https://{site}/{x.lower()}">{x}</a></li>' for x in f["nav"])
    nav += "".join(f'<li><a href="https://{site}/tag/{rng.randint(1, 9999)}">{rng.choice(CITIES)}</a></li>'
                   for _ in range(20))
    related = "".join(f'<li><a href="https://{site}/news/{rng.randint(1, 99999)}">'
                      f'{_fill(rng, rng.choice(DIPLO[lang]), lang)[:70]}</a></li>' for _ in range(8))
    popular = "".join(f'<li><a href="https://{site}/pop/{rng.randint(1, 99999)}">{rng.choice(SUBJ[lang]).replace("{C}", rng.choice(CITIES))} '
                      f'{rng.choice(VERB[lang]).replace("{N}", str(rng.randint(2, 99))).replace("{X}", rng.choice(GOODS[lang]))}</a></li>'
                      for _ in range(10))
    body = "\n".join(f"<p>{p}</p>" for p in paras)
    script = "<script>window.dataLayer=window.dataLayer||[];function gtag(){dataLayer.push(arguments);}" \
             + "var cfg={" + ",".join(f'"k{i}":{rng.randint(0, 999)}' for i in range(60)) + "};</script>"
    style = "<style>" + "".join(f".c{i}{{margin:{i % 7}px;padding:{i % 5}px;color:#{rng.randint(0, 0xffffff):06x}}}"
                                for i in range(120)) + "</style>"
    comments = "".join(f'<div class="comment"><b>user{rng.randint(1, 9999)}</b><p>'
                       f'{rng.choice(["Mantap!", "Setuju sekali.", "Great news.", "Semoga lancar.", "Interesting."])}</p></div>'
                       for _ in range(5))
    footer_links = "".join(f'<a href="https://{site}/p/{x}">{x}</a> ' for x in
                           ["about", "contact", "privacy", "terms", "careers", "advertise", "sitemap", "rss"])
    return f"""<!doctype html>
<html lang="{lang}"><head><meta charset="utf-8"><title>{title} | {site}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta property="og:title" content="{title}"><meta property="og:site_name" content="{site}">
<meta property="og:url" content="https://{site}/news/{n}">
<meta property="article:published_time" content="{date}T08:{n % 60:02d}:00+07:00">
<link rel="canonical" href="https://{site}/news/{n}">{style}{script}</head>
<body><div class="cookie-banner">{f['cookie']} <button>OK</button></div>
<header><a class="logo" href="https://{site}/">{site}</a><nav><ul>{nav}</ul></nav></header>
<main><article><h1>{title}</h1><div class="byline">{date}</div>
{body}
</article>
<aside class="related"><h3>{f['related']}</h3><ul>{related}</ul></aside>
<section class="comments">{comments}</section></main>
<aside class="popular"><h3>{f['popular']}</h3><ol>{popular}</ol></aside>
<footer>{footer_links}<p>© 2025 {site}. {f['footer']}</p></footer></body></html>"""


def documents(n: int, seed: int = 7, dups: float = 0.05, target: int = 3000) -> Iterator[dict]:
    """n documents: {"id", "lang", "date", "title", "paras", "site", "copy_of"}."""
    rng = random.Random(seed)
    made: list[dict] = []
    for i in range(n):
        if made and rng.random() < dups:
            orig = rng.choice(made[-200:])
            doc = {**orig, "id": f"doc-{i:06d}", "paras": edited_copy(rng, orig["paras"]),
                   "site": rng.choice(SITES), "copy_of": orig["id"]}
        else:
            lang = "id" if rng.random() < 0.6 else "en"
            title, paras = article(rng, lang, target)
            doc = {"id": f"doc-{i:06d}", "lang": lang, "date": f"2025-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
                   "title": title, "paras": paras, "site": rng.choice(SITES), "copy_of": None}
            made.append(doc)
            if len(made) > 400:
                del made[:200]
        yield doc


def text_of(doc: dict) -> str:
    return "\n\n".join(doc["paras"]) + "\n"


def html_of(doc: dict, rng: random.Random | None = None) -> str:
    rng = rng or random.Random(doc["id"])
    return page(rng, doc["lang"], doc["title"], doc["paras"], doc["date"], doc["site"], int(doc["id"][4:]))


def write(out: Path, n: int, fmt: str, seed: int = 7, dups: float = 0.05, target: int = 3000,
          gzip_jsonl: bool = False) -> Path:
    out.mkdir(parents=True, exist_ok=True)
    docs = documents(n, seed, dups, target)
    if fmt == "txt":
        for d in docs:
            sub = out / d["id"][4:7]
            sub.mkdir(exist_ok=True)
            (sub / f"{d['id']}.{d['lang']}.txt").write_text(text_of(d), encoding="utf-8")
    elif fmt == "html":
        for d in docs:
            sub = out / d["id"][4:7]
            sub.mkdir(exist_ok=True)
            (sub / f"{d['id']}.{d['lang']}.html").write_text(html_of(d), encoding="utf-8")
    elif fmt == "jsonl":
        path = out / ("corpus.jsonl.gz" if gzip_jsonl else "corpus.jsonl")
        opener = gzip.open if gzip_jsonl else open
        with opener(path, "wt", encoding="utf-8") as handle:  # type: ignore[operator]
            for d in docs:
                handle.write(json.dumps({"id": d["id"], "text": text_of(d)}, ensure_ascii=False) + "\n")
    elif fmt == "warc":
        from warcio.statusandheaders import StatusAndHeaders
        from warcio.warcwriter import WARCWriter

        with (out / "crawl.warc.gz").open("wb") as handle:
            writer = WARCWriter(handle, gzip=True)
            for d in docs:
                body = html_of(d).encode("utf-8")
                headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")],
                                           protocol="HTTP/1.1")
                writer.write_record(writer.create_warc_record(
                    f"https://{d['site']}/news/{d['id']}", "response", payload=io.BytesIO(body), length=len(body),
                    http_headers=headers))
    else:
        raise SystemExit(f"unknown format {fmt}")
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out", type=Path)
    ap.add_argument("--n", type=int, default=1000)
    ap.add_argument("--format", choices=("txt", "html", "jsonl", "warc"), default="html")
    ap.add_argument("--dups", type=float, default=0.05, help="share of syndicated copies")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--chars", type=int, default=3000, help="article length in characters")
    ap.add_argument("--gzip", action="store_true", help="jsonl: write corpus.jsonl.gz")
    args = ap.parse_args()
    write(args.out, args.n, args.format, args.seed, args.dups, args.chars, args.gzip)


if __name__ == "__main__":
    main()
