"""Pure tests: the loader, the quote matcher and every rule, on small case corpora."""
