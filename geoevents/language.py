"""Which language a text is in: English, Russian, Kazakh (Cyrillic) or other.

By letters, in one pass: Kazakh Cyrillic has letters Russian lacks (ә ғ қ ң ө ұ ү һ і);
Cyrillic text without them is Russian; Latin text with English function words is English.
A language without a pack (geoevents/lang) is decoded and segmented but yields no events.
"""
from __future__ import annotations

import re

NAMES = {"en": "English", "ru": "Russian", "kk": "Kazakh", "other": "an unknown language"}
# Letters are counted in the text's UTF-8 bytes with bytes.count (C, a few passes): a Python
# loop over every character, or a regex findall, cost more than the rest of the detection.
# U+0400-U+04FF (Cyrillic) are the two-byte sequences whose lead byte is 0xD0-0xD3.
_CYRILLIC = re.compile("[\u0400-\u04ff]")
_CYRILLIC_LEADS = (b"\xd0", b"\xd1", b"\xd2", b"\xd3")
_LATIN_LETTERS = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
_KAZAKH_LETTERS = tuple(ch.encode() for ch in "әғқңөұүһіӘҒҚҢӨҰҮҺІ")
_ENGLISH_WORDS = ("the", "of", "and", "in", "to", "was", "were", "with", "for", "from", "by", "on", "that",
                  "is", "are")
_MIN_LETTERS = 20  # fewer letters than this say nothing about a language


def detect(text: str) -> str | None:
    """'en', 'ru', 'kk' or 'other' for ``text``; None when it holds too few letters to tell."""
    if len(text) < _MIN_LETTERS:
        return None
    if _CYRILLIC.search(text):
        encoded = text.encode("utf-8", "surrogatepass")
        cyrillic = sum(encoded.count(lead) for lead in _CYRILLIC_LEADS)
        ascii_only = text.encode("ascii", "ignore")
        latin = len(ascii_only) - len(ascii_only.translate(None, _LATIN_LETTERS))
        if cyrillic + latin < _MIN_LETTERS:
            return None
        if cyrillic > latin:
            # a handful of Kazakh letters in a Russian text are names ("Қазақстан" quoted): not Kazakh
            kazakh = sum(encoded.count(letter) for letter in _KAZAKH_LETTERS)
            return "kk" if kazakh >= max(3, cyrillic // 100) else "ru"
    elif sum(ch.isalpha() for ch in text[:_MIN_LETTERS * 4]) < _MIN_LETTERS and not text[_MIN_LETTERS * 4:]:
        return None
    # Latin script: English when its commonest words are there (counted in C, not per character)
    lower = f" {text.lower()} "
    hits = sum(lower.count(f" {w} ") for w in _ENGLISH_WORDS)
    return "en" if hits >= max(1, lower.count(" ") // 25) else "other"


def document_language(paragraph_texts: list[str]) -> str | None:
    """The language most of a document's letters are in (None: no text to tell)."""
    weight: dict[str, int] = {}
    for text in paragraph_texts:
        lang = detect(text)
        if lang is not None:
            weight[lang] = weight.get(lang, 0) + len(text)
    return max(weight, key=weight.get) if weight else None  # type: ignore[arg-type]


_SCRIPTED = ("en", "ru", "kk")  # languages a paragraph's own letters can settle


def paragraph_languages(paragraph_texts: list[str]) -> list[str | None]:
    """Each paragraph's language: its own letters when they are clear, else (a heading, a line
    of names) the language most of the document is in."""
    found = [detect(text) for text in paragraph_texts]
    weight: dict[str, int] = {}
    for text, lang in zip(paragraph_texts, found):
        if lang is not None:
            weight[lang] = weight.get(lang, 0) + len(text)
    doc_lang = max(weight, key=weight.get) if weight else None  # type: ignore[arg-type]
    return [lang if lang in _SCRIPTED else doc_lang for lang in found]
