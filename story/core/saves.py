"""Saves: one story's progress on disk, written atomically, kept aside when it cannot be used.

The file holds :meth:`Progress.to_dict <story.core.progress.Progress.to_dict>`'s snapshot as
JSON, one file per story folder, in :func:`default_save_dir`.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import time
from pathlib import Path

from story.core.model import Story
from story.core.progress import Progress


def default_save_dir() -> Path:
    """Where saves go: ``$STORY_DATA_DIR``, else the user's data directory."""
    override = os.environ.get("STORY_DATA_DIR")
    if override:
        return Path(override)
    from platformdirs import user_data_dir

    return Path(user_data_dir("story", appauthor=False))


class SaveStore:
    """Reads and writes one story's save file, atomically, recovering from corruption."""

    def __init__(self, story: Story, directory: Path | None = None) -> None:
        self.story = story
        self.directory = directory or default_save_dir()
        key = hashlib.sha256(str(Path(story.root).resolve()).encode()).hexdigest()[:12]
        self.path = self.directory / f"save-{key}.json"

    def save(self, progress: Progress) -> None:
        """Write the save atomically: a crash leaves the old file or the new one, never half."""
        self.write(progress.to_dict())

    def write(self, state: dict[str, object]) -> None:
        """Write a snapshot taken with :meth:`Progress.to_dict` (safe to call from a thread)."""
        self.directory.mkdir(parents=True, exist_ok=True)
        payload = json.dumps(state, indent=1)
        handle, temporary = tempfile.mkstemp(prefix=".save-", suffix=".tmp", dir=self.directory)
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as stream:
                stream.write(payload)
                stream.flush()
                os.fsync(stream.fileno())
            os.replace(temporary, self.path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise

    def load(self) -> tuple[Progress, str | None]:
        """Load the save, or start fresh.

        Returns:
            The progress, and a message for the player when the save could not be used as it
            was (the old file is then kept aside, never deleted).
        """
        if not self.path.exists():
            return Progress(self.story), None
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            progress, notes = Progress.from_dict(self.story, data)
        except (OSError, UnicodeDecodeError, ValueError) as error:
            kept = self._keep_aside()
            message = f"Your saved progress could not be read ({error}); starting afresh."
            return Progress(self.story), f"{message} The old save was kept as {kept}."
        if notes:
            kept = self._keep_aside()
            message = f"The story has changed since your last visit ({'; '.join(notes)})."
            return progress, f"{message} The old save was kept as {kept}."
        return progress, None

    def _keep_aside(self) -> Path:
        stamp = time.strftime("%Y%m%d-%H%M%S")
        aside = self.path.with_name(f"{self.path.stem}.{stamp}.bak")
        counter = 1
        while aside.exists():
            aside = self.path.with_name(f"{self.path.stem}.{stamp}-{counter}.bak")
            counter += 1
        try:
            os.replace(self.path, aside)
        except OSError:
            return self.path
        return aside

    def clear(self) -> None:
        """Forget the save (``--new``), keeping it aside rather than deleting it."""
        if self.path.exists():
            self._keep_aside()
