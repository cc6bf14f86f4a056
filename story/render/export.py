"""The printable handout written out: as Markdown, or as one self-contained HTML file.

The blocks come from :func:`story.render.handout.handout`. Each writer escapes every piece of
story text for its format, so nothing a story file holds can become markup. Pure: no Textual,
no Rich.
"""

from __future__ import annotations

import html
import re

from story.core.model import Story
from story.render.handout import Heading, ItemList, Line, Link, NoteRef, Paragraph, Table, handout

FORMATS = ("markdown", "html")

# -- Markdown -----------------------------------------------------------------------------

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|#~&!])")
_MD_LINE_START = re.compile(r"^(\d+)([.)])|^([-+=:])")


def md_escape(text: str, line_start: bool = True) -> str:
    """Escape story text so Markdown shows it literally (CommonMark and GitHub tables).

    Args:
        text: The text; runs of whitespace become one space.
        line_start: Whether the text may begin a line, where ``1.``, ``-`` and the like would
            start a list.
    """
    text = " ".join(text.split())
    text = _MD_SPECIAL.sub(r"\\\1", text)
    if not line_start:
        return text
    return _MD_LINE_START.sub(lambda m: f"{m.group(1)}\\{m.group(2)}" if m.group(1) else f"\\{m.group(3)}", text)


def _md_line(spans: Line) -> str:
    parts: list[str] = []
    for span in spans:
        if isinstance(span, NoteRef):
            parts.append(f"[^{span.number}]")
        elif isinstance(span, Link):
            parts.append(f"[{md_escape(span.text)}](#{span.anchor})")
        else:
            # Escaping collapses whitespace; the spaces that join one span to the next are kept.
            lead = " " if span.text[:1].isspace() else ""
            trail = " " if span.text[-1:].isspace() and span.text.strip() else ""
            core = md_escape(span.text, line_start=not parts)
            parts.append(lead + (f"**{core}**" if span.strong and core else core) + trail)
    return "".join(parts)


def to_markdown(story: Story) -> str:
    """The handout as Markdown; notes use footnote syntax (``[^1]``)."""
    out: list[str] = []
    for block in handout(story):
        if isinstance(block, Heading):
            anchor = f'<a id="{block.anchor}"></a>\n' if block.level > 1 else ""
            out.append(f"{anchor}{'#' * block.level} {md_escape(block.text)}{_md_line(block.refs)}")
        elif isinstance(block, Paragraph):
            line = _md_line(block.spans)
            line = f"*{line}*" if block.muted and line else line
            out.append(f'<a id="{block.anchor}"></a>\n{line}' if block.anchor else line)
        elif isinstance(block, ItemList):
            if block.style == "notes":
                notes = [
                    f"[^{a.removeprefix('note-')}]: {_md_line(item)}"
                    for a, item in zip(block.anchors, block.items, strict=True)
                ]
                out.append("\n".join(notes))
                continue
            anchor = "".join(f'<a id="{a}"></a>' for a in block.anchors)
            # A different bullet keeps two lists in a row (prompts, then choices) from merging.
            bullet = "1." if block.ordered else "*" if block.style == "choices" else "-"
            items = "\n".join(f"{bullet} {_md_line(item)}" for item in block.items)
            out.append(f"{anchor}\n{items}" if anchor else items)
        elif isinstance(block, Table):
            header = "| " + " | ".join(md_escape(cell) for cell in block.header) + " |"
            rule = "|" + "|".join("---" for _ in block.header) + "|"
            rows = ["| " + " | ".join(_md_line(cell) for cell in row) + " |" for row in block.rows]
            out.append("\n".join([header, rule, *rows]))
    return "\n\n".join(part for part in out if part) + "\n"


# -- HTML ---------------------------------------------------------------------------------

_CSS = """
:root { color-scheme: light; }
body { font-family: Georgia, "Times New Roman", serif; line-height: 1.5; max-width: 46rem;
       margin: 2rem auto; padding: 0 1rem; color: #111; background: #fff; }
h1 { font-size: 1.8rem; margin-bottom: 0.2rem; }
h2 { font-size: 1.35rem; border-bottom: 1px solid #999; margin-top: 2.2rem; }
h3 { font-size: 1.1rem; margin-bottom: 0.3rem; }
h2, h3 { break-after: avoid; page-break-after: avoid; }
p, li, tr { break-inside: avoid; page-break-inside: avoid; }
sup { font-size: 0.7em; line-height: 0; }
sup a, a { color: inherit; text-decoration: none; }
.muted { color: #555; font-style: italic; }
ul.choices { list-style: circle; color: #333; }
ul.options, ul.answers, ul.sources { list-style: none; padding-left: 1.2rem; }
ol.notes { font-size: 0.9rem; }
table { border-collapse: collapse; width: 100%; table-layout: fixed; }
th, td { border: 1px solid #999; padding: 0.4rem; vertical-align: top; text-align: left;
         overflow-wrap: anywhere; }
th { background: #eee; }
th:first-child { width: 22%; }
@page { margin: 2cm; }
@media print {
  body { max-width: none; margin: 0; padding: 0; font-size: 11pt; }
  .page-break { break-before: page; page-break-before: always; }
  th { background: none; }
}
""".strip()


def _html_line(spans: Line) -> str:
    parts = []
    for span in spans:
        if isinstance(span, NoteRef):
            parts.append(f'<sup><a href="#note-{span.number}">[{span.number}]</a></sup>')
        elif isinstance(span, Link):
            parts.append(f'<a href="#{html.escape(span.anchor)}">{html.escape(span.text)}</a>')
        elif span.strong:
            parts.append(f"<strong>{html.escape(span.text)}</strong>")
        else:
            parts.append(html.escape(span.text))
    return "".join(parts)


def to_html(story: Story) -> str:
    """The handout as one HTML file: no scripts, fonts, images or links to anything outside it."""
    body: list[str] = []
    for block in handout(story):
        if isinstance(block, Heading):
            attributes = f' id="{html.escape(block.anchor)}"' if block.anchor else ""
            if block.page_break:
                attributes += ' class="page-break"'
            body.append(
                f"<h{block.level}{attributes}>{html.escape(block.text)}{_html_line(block.refs)}</h{block.level}>"
            )
        elif isinstance(block, Paragraph):
            css = ' class="muted"' if block.muted else ""
            css += f' id="{html.escape(block.anchor)}"' if block.anchor else ""
            body.append(f"<p{css}>{_html_line(block.spans)}</p>")
        elif isinstance(block, ItemList):
            tag = "ol" if block.ordered else "ul"
            css = f' class="{block.style}"' if block.style else ""
            ids = block.anchors if block.style == "notes" else []
            first = f' id="{html.escape(block.anchors[0])}"' if block.anchors and not ids else ""
            items = []
            for index, item in enumerate(block.items):
                item_id = f' id="{html.escape(ids[index])}"' if index < len(ids) else ""
                items.append(f"  <li{item_id}>{_html_line(item)}</li>")
            body.append(f"<{tag}{css}{first}>\n" + "\n".join(items) + f"\n</{tag}>")
        elif isinstance(block, Table):
            head = "".join(f"<th>{html.escape(cell)}</th>" for cell in block.header)
            rows = "\n".join(
                "  <tr>" + "".join(f"<td>{_html_line(cell)}</td>" for cell in row) + "</tr>" for row in block.rows
            )
            body.append(f"<table>\n  <thead><tr>{head}</tr></thead>\n  <tbody>\n{rows}\n  </tbody>\n</table>")
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{html.escape(story.title.value)}</title>\n"
        f"<style>\n{_CSS}\n</style>\n</head>\n<body>\n" + "\n".join(body) + "\n</body>\n</html>\n"
    )


def render(story: Story, format: str) -> str:
    """The handout in one of :data:`FORMATS`.

    Raises:
        ValueError: for an unknown format.
    """
    if format == "markdown":
        return to_markdown(story)
    if format == "html":
        return to_html(story)
    raise ValueError(f"unknown export format {format!r}; use one of {', '.join(FORMATS)}")
