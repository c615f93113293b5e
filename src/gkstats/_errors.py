"""The one exception a user's mistake can raise, with its message in Chinese and English."""

from __future__ import annotations


class GkError(Exception):
    """A failure the user caused and can fix: bad file, unknown format, malformed rule file.

    Front ends (CLI, add-in) show ``zh`` (or ``en``) and never a traceback; ``code`` is a stable
    machine-readable name for scripts.
    """

    def __init__(self, code: str, *, zh: str, en: str) -> None:
        super().__init__(en)
        self.code = code
        self.zh = zh
        self.en = en

    def message(self, lang: str = "zh") -> str:
        return self.zh if lang == "zh" else self.en

    def __str__(self) -> str:
        return f"{self.zh} / {self.en}"
