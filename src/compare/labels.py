"""Every word a chart, page, notebook or export shows, in Chinese or English: one lookup (`text`) over
metadata/labels.yaml, the names of jurisdictions, indicators, agencies, tasks and units, punctuation by
language, and the number formatters.  A missing word of labels.yaml is an error (`MissingLabel`),
never the key shown to a reader.
"""

from __future__ import annotations

import re

import pandas as pd

from compare import metadata

#: The languages of every chart, page and export (zh first: the default).
LANGS = ("zh", "en")


class MissingLabel(KeyError):
    """labels.yaml (or the vocabulary) has no word for a key in a language."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else "missing label"


def check_lang(lang: str) -> None:
    """ValueError unless `lang` is one of LANGS."""
    if lang not in LANGS:
        raise ValueError(f"lang must be one of {LANGS}, not {lang!r}")


def other_lang(lang: str) -> str:
    """The other language of the pair (zh ↔ en)."""
    check_lang(lang)
    return LANGS[1 - LANGS.index(lang)]


def text(group: str, key: str, lang: str, **fill: object) -> str:
    """The label `group.key` of metadata/labels.yaml in `lang`, its `{placeholders}` filled from `fill`;
    MissingLabel naming the group, key and language when there is none."""
    check_lang(lang)
    try:
        s = metadata.label(group, key, lang)
    except KeyError:
        raise MissingLabel(f"metadata/labels.yaml has no {group}.{key}.{lang}") from None
    return s.format(**fill) if fill else s


# The names of things the tables refer to by id.  An id the vocabulary does not know (a place of a
# scratch project, say) is shown as itself: the id is the thing's name in the data.


def _name(spec: dict | None, key: str, lang: str) -> str:
    check_lang(lang)
    return str(spec[f"name_{lang}"]) if spec and spec.get(f"name_{lang}") else str(key)


def jurisdiction_label(jurisdiction_id: str, lang: str) -> str:
    """The jurisdiction's name in `lang` (jurisdictions.yaml); its id when the vocabulary does not know it."""
    return _name(metadata.jurisdiction_specs().get(jurisdiction_id), jurisdiction_id, lang)


def indicator_label(indicator_id: str, lang: str) -> str:
    """The indicator's name in `lang` (indicators.yaml); its id when the vocabulary does not know it."""
    return _name(metadata.indicator_specs().get(indicator_id), indicator_id, lang)


def agency_label(agency_id: str, lang: str) -> str:
    """The agency's name in `lang` (agencies.yaml); its id when the vocabulary does not know it."""
    return _name(metadata.agency_specs().get(agency_id), agency_id, lang)


def task_label(task_id: str, lang: str) -> str:
    """The harmonised task's name in `lang` (tasks.yaml); its id when the vocabulary does not know it."""
    return _name(metadata.task_specs().get(task_id), task_id, lang)


def unit_label(unit: str | None, lang: str) -> str:
    """A canonical unit written for `lang` (亿立方米 → 100 million m³); '' for no unit."""
    if unit is None or (not isinstance(unit, str) and pd.isna(unit)):
        return ""
    return text("unit", unit, lang)


def comparator_text(comparator: str | None, lang: str) -> str:
    """The comparator as written in charts and tables: symbol and word (▼ ≤ 不超过 / ▲ ≥ at least)."""
    if comparator is None or (not isinstance(comparator, str) and pd.isna(comparator)):
        return ""
    spec = metadata.labels()["comparator"].get(comparator)
    if spec is None:
        raise MissingLabel(f"metadata/labels.yaml has no comparator {comparator!r}")
    return f"{spec['symbol']} {spec[lang]}"


# --------------------------------------------------------------------------- punctuation


def punct(key: str, lang: str) -> str:
    """A punctuation mark of `lang` (labels.yaml `punctuation:`): colon, list, enum, open, close …"""
    return text("punctuation", key, lang)


def colon(lang: str) -> str:
    """'：' in Chinese, ': ' in English."""
    return punct("colon", lang)


def list_sep(lang: str) -> str:
    """Between the items of a list of phrases: '；' / '; '."""
    return punct("list", lang)


def enum_sep(lang: str) -> str:
    """Between names in a series: '、' / ', '."""
    return punct("enum", lang)


def aside(s: str, lang: str) -> str:
    """`s` in brackets after a word: '（s）' / ' (s)'."""
    return f"{punct('open', lang)}{s}{punct('close', lang)}"


def titled(name: str, title: str, lang: str) -> str:
    """A chart or page title for one place: '运城市目标概览' / 'Yuncheng: target profile'."""
    return text("punctuation", "titled", lang, name=name, title=title)


def sentences(first: str, second: str, lang: str) -> str:
    """Two sentences one after the other: run on in Chinese, a space between them in English."""
    return text("punctuation", "sentences", lang, first=first, second=second)


def book_title(title: str, lang: str = "zh") -> str:
    """A Chinese document title as written in both languages: 《title》."""
    return f"{punct('book_open', lang)}{title}{punct('book_close', lang)}"


def quoted(phrase: str, lang: str = "zh") -> str:
    """A quoted Chinese phrase as written in both languages: 「phrase」."""
    return f"{punct('quote_open', lang)}{phrase}{punct('quote_close', lang)}"


# --------------------------------------------------------------------------- scopes and document titles


def scope_label(scope: object, lang: str) -> tuple[str, bool]:
    """A target's scope (scope_zh) in `lang` (labels.yaml `scope:`), and whether it is the Chinese as
    written (a scope the vocabulary has no words for, shown in English pages marked as Chinese)."""
    check_lang(lang)
    if scope is None or (not isinstance(scope, str) and pd.isna(scope)) or not str(scope):
        return "", False
    known = metadata.labels().get("scope", {})
    if str(scope) in known:
        return str(known[str(scope)][lang]), False
    return str(scope), lang != "zh"


def document_gloss(title_zh: object, jurisdiction_id: str | None = None, title_en: object = None) -> str:
    """An English name for a Chinese document: its `title_en` when the registry has one, else a gloss
    made from metadata words — the place, the plan period (“十四五” → 14th Five-Year Plan), the topic
    and the kind of document (labels.yaml `doc_topic:`, `doc_type:`: 节水行动实施方案 → water-saving
    action plan).  '' when nothing is known."""
    if isinstance(title_en, str) and title_en.strip():
        return title_en.strip()
    if not isinstance(title_zh, str) or not title_zh:
        return ""
    words = metadata.labels()
    parts = []
    if jurisdiction_id and jurisdiction_id in metadata.jurisdiction_specs():
        parts.append(jurisdiction_label(jurisdiction_id, "en"))
    period = next((v["en"] for k, v in words.get("doc_period", {}).items() if k in title_zh), None)
    year = re.search(r"(20\d\d)" + re.escape(metadata.lexicon()["year_word"]), title_zh)
    kinds = sorted((k for k in words.get("doc_type", {}) if k in title_zh),
                   key=lambda k: (title_zh.rfind(k) + len(k), len(k)), reverse=True)
    head = ", ".join(p for p in (*parts, period or (year.group(1) if year else None)) if p)
    kind = words["doc_type"][kinds[0]]["en"] if kinds else ""
    topic = next((v["en"] for k, v in words.get("doc_topic", {}).items() if k in title_zh), "")
    if kind and topic and topic not in kind:
        kind = f"{topic} {kind}"
    return f"{head}: {kind}" if head and kind else head or kind


def document_title(title_zh: object, lang: str, jurisdiction_id: str | None = None, title_en: object = None) -> str:
    """A document's title as a page or chart writes it: 《title》 in Chinese; in English 《title》
    followed by its English name in brackets (document_gloss), when one can be given."""
    check_lang(lang)
    title = book_title(str(title_zh), lang)
    gloss = document_gloss(title_zh, jurisdiction_id, title_en) if lang == "en" else ""
    return text("figure", "gloss", lang, title=title, gloss=gloss) if gloss else title


#: Chinese text: ideographs and full-width punctuation, with numbers between them (下降16.0%左右).
CHINESE_RUN = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]+"
                         r"(?:[0-9.%]+[\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]+)*")
#: Three or more English words in a row: a sentence or note in English.
ENGLISH_RUN = re.compile(r"[A-Za-z][a-z'’-]+(?:[ ,;:()]+[A-Za-z][a-z'’-]+){2,}")


def is_english(s: object) -> bool:
    """Whether a free-text cell (a curator's note) is written in English: two English words or more,
    and more Latin letters than Chinese characters (a note quoting Chinese words is still English)."""
    if not isinstance(s, str):
        return False
    words = re.findall(r"[A-Za-z]{2,}", s)
    latin = sum(len(w) for w in words)
    chinese = sum(len(m) for m in CHINESE_RUN.findall(s))
    return len(words) >= 2 and latin > chinese


# --------------------------------------------------------------------------- numbers


def fmt_number(value: object, digits: int = 4) -> str:
    """A number as every chart and page writes it: rounded to `digits` places without trailing zeros
    (12.75, 0.5, 10); '' when missing; text is returned as it is."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    if isinstance(value, str):
        return value
    return f"{float(value):.{digits}f}".rstrip("0").rstrip(".")


def fmt_year(value: object) -> str:
    """A year as text ('' when missing)."""
    return "" if value is None or pd.isna(value) else str(int(value))
