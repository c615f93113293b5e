"""Texts in both languages gkstats speaks: Chinese first, English too."""

from __future__ import annotations

import attrs


@attrs.frozen
class Message:
    """A text in Chinese and in English: a rule's title, a finding's message, a note.

    Everything a person reads is written in both, so a message is never only in one."""

    zh: str
    en: str

    def get(self, lang: str = "zh") -> str:
        """The text in ``lang`` (``"zh"``, or anything else for English)."""
        return self.zh if lang == "zh" else self.en


__all__ = ["Message"]
