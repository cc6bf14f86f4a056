"""Read the sources manifest (``sources.yaml``) and the articles it names.

The manifest gives each article an id for citations and a ``label`` for readers, checked here
against the article's own words (:mod:`story.core.labels`). It may sit inside the story folder
(the bundled story keeps it in ``scenes/``): the loader then reads it as the manifest, not as a
story file.
"""

from __future__ import annotations

import copy
import os
from pathlib import Path
from typing import Any

from story.core.caches import digest_of, file_digest, read_regular, reason_unread
from story.core.codes import Code
from story.core.diagnostics import Diagnostic, Pos
from story.core.labels import label_problem, suggested_label
from story.core.sources import Source, normalise
from story.loading.files import read_yaml
from story.loading.node import Node
from story.loading.schema import SCHEMA
from story.loading.validator import validate


def _manifest_schema() -> dict[str, Any]:
    """The manifest's schema: the published one's ``sources``, with ``label`` left to :data:`Code.SOURCE_LABEL`.

    Editors are told a label is required; the loader reports a missing one as E204, with a
    label to take, rather than as a bare missing key.
    """
    source = copy.deepcopy(SCHEMA["$defs"]["source"])
    source["required"] = [key for key in source["required"] if key != "label"]
    sources = dict(SCHEMA["properties"]["sources"], items=source)
    return {
        "type": "object",
        "additionalProperties": False,
        "required": ["sources"],
        "properties": {"sources": sources},
    }


MANIFEST_SCHEMA: dict[str, Any] = _manifest_schema()


def load_sources(
    manifest: Path,
    diagnostics: list[Diagnostic],
    where: Pos,
    unreadable: set[str] | None = None,
    node: Node | None = None,
    inputs: dict[str, str] | None = None,
) -> dict[str, Source]:
    """Load the sources manifest and the articles it names.

    Args:
        manifest: The manifest file.
        diagnostics: Where problems are reported.
        where: Position of the ``sources:`` value that names the manifest.
        unreadable: Filled with the ids of sources whose article could not be read.
        node: The manifest, already read (when it is a file of the story folder).
        inputs: Filled with a hash of each file read, or why it could not be (see
            :func:`story.core.caches.file_digest`).
    """
    inputs = {} if inputs is None else inputs
    if node is None:
        inputs[str(manifest)] = file_digest(manifest)
        if not manifest.is_file():
            diagnostics.append(
                Diagnostic(
                    where,
                    Code.SOURCES_UNREADABLE,
                    f"sources manifest not found: {os.path.normpath(manifest)}",
                    "give a path relative to the story file",
                )
            )
            return {}
        node = read_yaml(manifest, diagnostics)
        if node is None:
            return {}
    unreadable = set() if unreadable is None else unreadable
    diagnostics.extend(validate(node, MANIFEST_SCHEMA, "sources manifest"))
    sources: dict[str, Source] = {}
    labels: dict[str, Pos] = {}
    entries = node.get("sources")
    for entry in entries.items() if entries is not None and entries.kind == "seq" else []:
        if entry.kind != "map":
            continue
        id_node, file_node = entry.get("id"), entry.get("file")
        if id_node is None or file_node is None or id_node.kind != "scalar" or file_node.kind != "scalar":
            continue
        source_id = id_node.text
        if source_id in sources:
            diagnostics.append(Diagnostic(id_node.pos, Code.DUPLICATE_ID, f"duplicate source id {source_id!r}"))
            continue
        article = manifest.parent / file_node.text
        try:
            raw = read_regular(article)
            inputs[str(article)] = digest_of(raw)
            text = raw.decode("utf-8")
        except (OSError, UnicodeDecodeError, ValueError) as error:
            if not isinstance(error, UnicodeDecodeError):  # bytes that were read have their digest
                inputs[str(article)] = reason_unread(error)
            reason = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
            diagnostics.append(
                Diagnostic(
                    file_node.pos,
                    Code.SOURCES_UNREADABLE,
                    f"cannot read source {source_id} ({os.path.normpath(article)}): {reason}",
                )
            )
            unreadable.add(source_id)
            continue
        title_node = entry.get("title")
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
            source.title = None  # a label is then checked against the article's first sentence
        source.label = _label(entry, source, labels, diagnostics)
        sources[source_id] = source
    return sources


def _label(entry: Node, source: Source, labels: dict[str, Pos], diagnostics: list[Diagnostic]) -> str:
    """The source's label, checked; a stand-in made of the article's own words if it has none that works.

    A story with a bad label still plays (the check reports it): readers see the stand-in.
    """
    node = entry.get("label")
    suggestion = suggested_label(source)
    where = "headline" if source.title else "first sentence"
    hint = f"take a few words of the article's {where}: `label: {suggestion}`"
    if node is None or node.kind != "scalar":
        if node is None:
            message = f"source {source.id} has no `label`: readers would not know which article it is"
            diagnostics.append(Diagnostic(entry.pos, Code.SOURCE_LABEL, message, hint))
        return suggestion  # a label that is not text is reported by the schema (E303)
    label = normalise(node.text)
    problem = label_problem(label, source)
    if problem is not None:
        diagnostics.append(
            Diagnostic(node.pos, Code.SOURCE_LABEL, f"the label {label!r} of source {source.id} {problem}", hint)
        )
        return suggestion
    key = label.lower()
    if key in labels:
        diagnostics.append(
            Diagnostic(
                node.pos,
                Code.SOURCE_LABEL,
                f"the label {label!r} of source {source.id} is already the label of another source",
                f"each article needs a label of its own (the other is at {labels[key]})",
            )
        )
        return suggestion
    labels[key] = node.pos
    return label
