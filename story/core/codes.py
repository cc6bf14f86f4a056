"""The registry of diagnostic codes: every code declared once, with all that is known about it.

A rule emits a :class:`Code` member (``Code.QUOTE_NOT_FOUND``), never a string. Its severity, the
one-line summary and the fix shown in the README's table, and the section of docs/authoring.md
that explains it with an example, all come from its one declaration here; the tests iterate
:class:`Code` to keep the README and the guide in step with it.

To add a code: declare it below in its family, and emit it from one of the modules its
:attr:`Family.modules` names: a rule module of ``story/checking/rules/`` (a new rule function is
listed in ``RULES``, in ``story/checking/rules/__init__.py``), or a module of ``story/loading/``
for what is found while reading. Add a fixture that produces it (tests/unit/engine/test_rules.py), a
row to the README's table and a section with an example to docs/authoring.md. The tests fail
until all four exist.
"""

from __future__ import annotations

from enum import Enum, StrEnum
from typing import Literal

Severity = Literal["error", "warning"]
ERROR: Severity = "error"
WARNING: Severity = "warning"

GUIDE = "docs/authoring.md"
"""Where every code is explained, one section (``#### E201``) each."""


class Family(Enum):
    """A family of codes: one hundred, one heading of the guide, one place in the code."""

    READING = (
        "Reading the files",
        "story.loading.loader, story.loading.files, story.loading.decode, story.loading.yamlsafe",
    )
    QUOTES = (
        "Quotes and sources",
        "story.loading.sources_manifest, story.checking.rules.quotes, story.checking.rules.naming",
    )
    FORMAT = ("The format", "story.loading.validator, story.loading.yamlsafe, story.checking.rules.quotes")
    SCENE_MAP = (
        "The scene map",
        "story.loading.build, story.loading.sources_manifest, story.checking.rules.scene_map",
    )
    DETAILS = ("Figures, dates and names", "story.loading.validator, story.loading.nodes, story.checking.rules.details")
    STRUCTURE = (
        "Structure",
        "story.loading.build, story.loading.nodes, story.checking.rules.structure, story.checking.rules.checkpoints",
    )
    FAITHFULNESS = (
        "Faithfulness",
        "story.checking.rules.content, story.checking.rules.attribution, story.checking.rules.hedges, "
        "story.checking.rules.vocabulary, story.checking.rules.meaning",
    )

    def __init__(self, heading: str, modules: str) -> None:
        self.heading = heading
        """The family's heading in the guide."""
        self.modules = modules
        """The modules that emit the family's codes."""


class Code(StrEnum):
    """A diagnostic code. A member is its code text (``"E201"``), so it prints and compares as one."""

    severity: Severity
    family: Family
    summary: str
    """What the code means, as the README's table says it."""
    fix: str
    """What to do about it, in a few words."""

    def __new__(cls, code: str, severity: Severity, family: Family, summary: str, fix: str) -> Code:
        member = str.__new__(cls, code)
        member._value_ = code
        member.severity = severity
        member.family = family
        member.summary = summary
        member.fix = fix
        return member

    @classmethod
    def lookup(cls, code: str) -> Code:
        """The member for a code's text (``"E201"``).

        Raises:
            ValueError: if no such code is declared.
        """
        member = cls._value2member_map_.get(code)
        if not isinstance(member, Code):
            raise ValueError(f"{code!r} is not a declared diagnostic code")
        return member

    @property
    def documentation(self) -> str:
        """Where the code is explained: its section of the authoring guide."""
        return f"{GUIDE}#{self.value.lower()}"

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR

    # fmt: off
    UNREADABLE_PATH = ("E100", ERROR, Family.READING,
        "a file or folder cannot be read, or holds no `*.yaml`",
        "check the path")
    NOT_UTF8 = ("E101", ERROR, Family.READING,
        "file is not UTF-8 (most binary files land here)",
        "save as UTF-8 (a BOM is fine, so are CRLF line endings)")
    TAB = ("E102", ERROR, Family.READING,
        "tab character",
        "indent with spaces")
    DUPLICATE_KEY = ("E103", ERROR, Family.READING,
        "duplicate key in a mapping",
        "YAML would silently keep the last one; remove one")
    YAML_SYNTAX = ("E104", ERROR, Family.READING,
        "YAML syntax error, a second document, an unknown alias, or binary data (control characters)",
        "fix the YAML near the line given")
    TOO_LARGE = ("E105", ERROR, Family.READING,
        "file over 4 MB, nested deeper than 64, more than 200,000 values (an alias bomb), or a value over "
        "20,000 characters",
        "split it up")
    FORBIDDEN_TAG = ("E106", ERROR, Family.READING,
        "a YAML tag such as `!!python/object/apply`, `!!binary` or `!include`",
        "remove it; nothing in a story file is ever executed")
    EMPTY_FILE = ("E107", ERROR, Family.READING,
        "empty file (or only comments, or a null document)",
        "add a section or delete the file")
    NOT_A_MAPPING = ("E108", ERROR, Family.READING,
        "top level is a list or text, not a mapping",
        "start with `scenes:` or another section")
    QUOTE_NOT_FOUND = ("E201", ERROR, Family.QUOTES,
        "quote not found in its source (shows the closest passage and its line), or it runs across two paragraphs",
        "copy the words exactly, or use `story cite`; one quote per paragraph")
    UNKNOWN_SOURCE = ("E202", ERROR, Family.QUOTES,
        "unknown source id",
        "use an id from the sources manifest")
    SOURCES_UNREADABLE = ("E203", ERROR, Family.QUOTES,
        "sources manifest or article cannot be read",
        "fix `sources:`")
    SOURCE_LABEL = ("E204", ERROR, Family.QUOTES,
        "a source's `label` is missing or empty, the same as another source's, longer than five words, or not the "
        "article's own words (found in its headline, or in its first sentence where it has none)",
        "take a few words of the headline (or first sentence): `label: Hail of Bullets`")
    NAMED_NOT_CITED = ("E205", ERROR, Family.QUOTES,
        "a sentence names an article (by its label or headline) but cites no quote of it, or none that shares "
        "a word with the sentence",
        "cite the words of that article the sentence tells, or name the article it comes from")
    VAGUE_ARTICLE = ("W206", WARNING, Family.QUOTES,
        '"an article", "one article", "the other article" (and the like) do not tell the reader which article',
        "name it by its label (`Hail of Bullets`)")
    UNKNOWN_KEY = ("E301", ERROR, Family.FORMAT,
        'unknown key (with "did you mean")',
        "fix the spelling")
    MISSING_KEY = ("E302", ERROR, Family.FORMAT,
        "missing required key",
        "add it")
    WRONG_TYPE = ("E303", ERROR, Family.FORMAT,
        "wrong type (text where a list belongs...)",
        "see `story schema`")
    EMPTY_VALUE = ("E304", ERROR, Family.FORMAT,
        "empty text, a quote with no words, a bad id, or too few items",
        "fill it in")
    YAML_TRAP = ("E305", ERROR, Family.FORMAT,
        "YAML trap: a bare `no`, `on`, `yes` or number (`004`, `1.10`, `3:30`) where text is expected, or "
        "`yes` for a boolean; a `!!bool`, `!!int`, `!!float` or `!!null` tag on text, or any tag on "
        "`true`/`false`",
        "quote the text; write `true`/`false`; remove the tag")
    DUPLICATE_ID = ("E401", ERROR, Family.SCENE_MAP,
        "duplicate id (scenes and fact-panel entries share one namespace)",
        "rename one")
    MISSING_TARGET = ("E402", ERROR, Family.SCENE_MAP,
        "choice leads to a missing scene",
        "fix the target")
    MISSING_START = ("E403", ERROR, Family.SCENE_MAP,
        "start scene does not exist",
        "fix `start:`")
    UNREACHABLE_SCENE = ("W404", WARNING, Family.SCENE_MAP,
        "scene cannot be reached from the start",
        "add a choice to it, or remove it")
    DEAD_END = ("E405", ERROR, Family.SCENE_MAP,
        "dead end: a scene with no choices that is not an ending",
        "add a choice or `ending: true`")
    ENDING_WITH_CHOICES = ("E406", ERROR, Family.SCENE_MAP,
        "an ending has choices",
        "remove one or the other")
    UNREACHABLE_ENDING = ("E407", ERROR, Family.SCENE_MAP,
        "an ending cannot be reached",
        "add a choice that leads to it")
    NO_ENDING = ("E408", ERROR, Family.SCENE_MAP,
        "the story has no ending",
        "mark a final scene `ending: true`")
    NO_WAY_OUT = ("W409", WARNING, Family.SCENE_MAP,
        "no ending can be reached from a scene (a loop)",
        "add a way out")
    UNKNOWN_ENTRY = ("E410", ERROR, Family.SCENE_MAP,
        "`unlocks` names an unknown entry",
        "fix the id")
    ENTRY_NEVER_UNLOCKED = ("W411", WARNING, Family.SCENE_MAP,
        "a fact-panel entry is never unlocked by a reachable scene",
        "unlock it where the story tells it")
    UNSUPPORTED_NUMBER = ("E501", ERROR, Family.DETAILS,
        "a number (digits or words) is not in the cited quotes",
        "cite a quote that gives it")
    UNSUPPORTED_DATE = ("E502", ERROR, Family.DETAILS,
        "a weekday or month is not in the cited quotes",
        "cite a quote that gives it")
    UNSUPPORTED_NAME = ("E503", ERROR, Family.DETAILS,
        "a capitalised name is not in the cited quotes",
        "cite it, or write ordinary words in lowercase")
    UNCITED_TEXT = ("E504", ERROR, Family.DETAILS,
        "visible text with no citation, or an empty `cite:`",
        "add `cite:` with a quote")
    STORY_SECTION = ("E601", ERROR, Family.STRUCTURE,
        "no `story:` section, or more than one",
        "keep exactly one")
    SPLIT_TIMELINE = ("E602", ERROR, Family.STRUCTURE,
        "the timeline is split across files",
        "keep it in one list")
    FACT_FORM = ("E603", ERROR, Family.STRUCTURE,
        "a fact has both `text` and `accounts`, or neither, or `accounts` beside a fact-level `cite` (one "
        "account alone is E304)",
        "use accounts only for disagreements")
    CHECKPOINT_ANSWER = ("E604", ERROR, Family.STRUCTURE,
        "a checkpoint has no `correct: true`",
        "mark the right answer (where the articles disagree, each account may be right)")
    REPEATED_OPTION = ("E605", ERROR, Family.STRUCTURE,
        "a checkpoint offers the same option twice",
        "remove one")
    ACCOUNT_SOURCES = ("W606", WARNING, Family.STRUCTURE,
        "an account mixes sources, or two accounts cite the same source",
        "one account per source")
    OTHER_ACCOUNT_WRONG = ("E607", ERROR, Family.STRUCTURE,
        "a wrong option cites an article that no right option cites, in a question that does not ask which "
        "article says what: it marks that article's account wrong",
        "take the wrong option from the same article, mark both accounts right, or ask which article says it")
    UNSUPPORTED_WORD = ("E701", ERROR, Family.FAITHFULNESS,
        "a content word (not a function word) is not in the cited quotes, in any form",
        'cite the quote that gives it (`story cite "word"`), or use the articles\' own word')
    ATTRIBUTION_DROPPED = ("E702", ERROR, Family.FAITHFULNESS,
        "the article attributes a claim the text states without attribution (shows the article's wording)",
        "keep the attribution in the same sentence, and cite its words")
    HEDGE_DROPPED = ("E703", ERROR, Family.FAITHFULNESS,
        "the article's sentence hedges, around the quoted words, a claim the text states as sure (shows the "
        "article's wording)",
        "keep the hedge: presumed, not clear, would, if...")
    VOCABULARY_FACT = ("E704", ERROR, Family.FAITHFULNESS,
        "a `vocabulary:` entry carries a fact: a figure, a date, a name, a negation, or more than one word",
        "cite the articles instead")
    VOCABULARY_UNUSED = ("W705", WARNING, Family.FAITHFULNESS,
        "a `vocabulary:` entry is never needed, repeated, or a function word",
        "remove it")
    QUOTED_SPEECH_ALTERED = ("E706", ERROR, Family.FAITHFULNESS,
        "words in quotation marks are not the speaker's words verbatim in a cited quote",
        "copy the quoted words exactly, or drop the quotation marks")
    MEANING_WORD_DROPPED = ("E707", ERROR, Family.FAITHFULNESS,
        "a negation, hedge or modal, approximator or quantifier, or condition of the quote is left out while "
        "words it governs are kept (shows the quote)",
        "keep the word, or leave out the whole clause it governs")
    MEANING_WORD_ADDED = ("E708", ERROR, Family.FAITHFULNESS,
        "a negation, modal, hedge, approximator or quantifier that the quotes do not give there: added, or "
        "put on other words",
        "say only what the quotes say, where they say it")
    ROLES_SWAPPED = ("E709", ERROR, Family.FAITHFULNESS,
        'who did what changed: participants trade places around a verb the quote gives (a change of voice '
        'with "by" is fine)',
        "keep the quote's roles")
    FIGURE_MOVED = ("E710", ERROR, Family.FAITHFULNESS,
        "a figure or name put on another noun, or in the place of the quote's own",
        "keep each figure and name with the words it belongs to in its quote")
    # fmt: on
