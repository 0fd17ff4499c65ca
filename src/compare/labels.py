"""Every word a chart, page, notebook or export shows, in Chinese or English: one lookup (`text`) over
metadata/labels.yaml, the names of jurisdictions, indicators, agencies, tasks and units, punctuation by
language, and the number formatters.  A missing word of labels.yaml is an error (`MissingLabel`),
never the key shown to a reader.
"""

from __future__ import annotations

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
