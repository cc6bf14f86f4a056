"""Read the sources manifest (``sources.yaml``) and the articles it names."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from story.core.codes import Code
from story.core.diagnostics import Diagnostic, Pos
from story.core.sources import Source
from story.loading.files import read_yaml
from story.loading.validator import validate

MANIFEST_SCHEMA: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["sources"],
    "properties": {
        "sources": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["id", "file"],
                "properties": {
                    "id": {"type": "string", "minLength": 1, "description": "Source id."},
                    "file": {
                        "type": "string",
                        "minLength": 1,
                        "description": "Article file, relative to the manifest.",
                    },
                    "title": {"type": "string", "minLength": 1, "description": "Title, as printed in the article."},
                },
            },
        }
    },
}


def load_sources(
    manifest: Path, diagnostics: list[Diagnostic], where: Pos, unreadable: set[str] | None = None
) -> dict[str, Source]:
    """Load the sources manifest and the articles it names.

    Args:
        manifest: The manifest file.
        diagnostics: Where problems are reported.
        where: Position of the ``sources:`` value that names the manifest.
        unreadable: Filled with the ids of sources whose article could not be read.
    """
    if not manifest.is_file():
        diagnostics.append(
            Diagnostic(
                where,
                Code.SOURCES_UNREADABLE,
                f"sources manifest not found: {manifest}",
                "give a path relative to the story file",
            )
        )
        return {}
    node = read_yaml(manifest, diagnostics)
    if node is None:
        return {}
    unreadable = set() if unreadable is None else unreadable
    problems = validate(node, MANIFEST_SCHEMA, "sources manifest")
    diagnostics.extend(problems)
    sources: dict[str, Source] = {}
    entries = node.get("sources")
    for entry in entries.items() if entries is not None else []:
        if entry.kind != "map":
            continue
        id_node, file_node, title_node = entry.get("id"), entry.get("file"), entry.get("title")
        if id_node is None or file_node is None or id_node.kind != "scalar" or file_node.kind != "scalar":
            continue
        source_id = id_node.text
        if source_id in sources:
            diagnostics.append(Diagnostic(id_node.pos, Code.DUPLICATE_ID, f"duplicate source id {source_id!r}"))
            continue
        article = manifest.parent / file_node.text
        try:
            text = article.read_bytes().decode("utf-8")
        except (OSError, UnicodeDecodeError) as error:
            reason = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
            diagnostics.append(
                Diagnostic(
                    file_node.pos, Code.SOURCES_UNREADABLE, f"cannot read source {source_id} ({article}): {reason}"
                )
            )
            unreadable.add(source_id)
            continue
        title = title_node.text if title_node is not None and title_node.kind == "scalar" else None
        source = Source(source_id, article, text, title)
        if title and source.find(title) is None:
            diagnostics.append(
                Diagnostic(
                    title_node.pos if title_node else entry.pos,
                    Code.QUOTE_NOT_FOUND,
                    f"title not found in source {source_id}: {title!r}",
                    "take the title from the article's own text, or leave it out",
                )
            )
        sources[source_id] = source
    return sources
