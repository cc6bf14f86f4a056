"""Decode a story file's bytes: UTF-8 with or without a BOM, one kind of line ending, tabs flagged.

The first step of reading a file (see :func:`story.loading.yamlsafe.load_file`): a file too
large, or not UTF-8, is refused here, before the YAML parser sees it.
"""

from __future__ import annotations

from story.core.codes import Code
from story.core.diagnostics import Diagnostic, Pos

MAX_FILE_BYTES = 4 * 1024 * 1024
"""Larger files are refused before parsing."""


def decode(data: bytes, file: str) -> tuple[str | None, list[Diagnostic]]:
    """Decode UTF-8 (with or without BOM), normalise line endings and flag tabs."""
    if len(data) > MAX_FILE_BYTES:
        return None, [
            Diagnostic(
                Pos(file, 1, 1),
                Code.TOO_LARGE,
                f"file is too large ({len(data):,} bytes; the limit is {MAX_FILE_BYTES:,})",
                "split the story into several smaller files",
            )
        ]
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        # Count line breaks the way the decoded text will (CRLF, CR or LF each end a line).
        before = data[: error.start]
        line = before.count(b"\n") + before.count(b"\r") - before.count(b"\r\n") + 1
        column = error.start - max(before.rfind(b"\n"), before.rfind(b"\r")) if before else 1
        return None, [
            Diagnostic(
                Pos(file, line, column),
                Code.NOT_UTF8,
                f"file is not valid UTF-8 (byte 0x{data[error.start]:02x})",
                "save the file as UTF-8 text",
            )
        ]
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    diagnostics = []
    for number, line_text in enumerate(text.split("\n"), start=1):
        column = line_text.find("\t")
        if column >= 0:
            diagnostics.append(
                Diagnostic(
                    Pos(file, number, column + 1),
                    Code.TAB,
                    "tab character",
                    "indent with spaces; YAML forbids tabs in indentation and they hide in text",
                )
            )
            if len(diagnostics) >= 20:
                break
    return text, diagnostics
