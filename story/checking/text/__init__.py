"""Pure text helpers for the rules: they read words, stems, details and sentences, and report nothing."""
