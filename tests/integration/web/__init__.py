"""The story as one web page, played in a real headless Chromium."""
