"""Text, Markdown, LaTeX and JSON made from typed facts (never parsed back)."""
