"""Regenerate the published examples checked in under docs/ (one command):

    python benchmarks/publish_docs.py

writes docs/survey-table.md (the default survey table of the whole pointwise catalog, Markdown),
docs/survey-table.tex (the same, a standalone LaTeX document), docs/figures/gelu.svg
(`symact plot gelu swish mish`) and docs/figures/gelu-error.svg
(`symact plot gelu --vs gelu_tanh,gelu_sigmoid --error`), and refreshes the table excerpt in
README.md between the `survey-excerpt` markers. Each output goes through the same code path as
the command line, so the files are exactly what `symact table` / `symact plot` print.
"""
from __future__ import annotations

import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXCERPT = ["sigmoid", "tanh", "relu", "elu", "gelu", "swish", "mish", "elish", "binary_step"]


def main() -> int:
    from symact.cli import main as symact
    docs = ROOT / "docs"
    (docs / "figures").mkdir(exist_ok=True)
    started = time.perf_counter()
    steps = [
        ["table", "-o", str(docs / "survey-table.md")],
        ["table", "--standalone", "-o", str(docs / "survey-table.tex")],
        ["plot", "gelu", "swish", "mish", "-o", str(docs / "figures" / "gelu.svg")],
        ["plot", "gelu", "--vs", "gelu_tanh,gelu_sigmoid", "--error", "-o", str(docs / "figures" / "gelu-error.svg")],
    ]
    for argv in steps:
        if symact(argv) != 0:
            return 1
    from symact.publish import table
    excerpt = table(EXCERPT, ["derivative", "range", "derivative_range", "value_at_0", "smoothness"]).render("markdown")
    readme = ROOT / "README.md"
    text = readme.read_text(encoding="utf-8")
    pattern = re.compile(r"(<!-- survey-excerpt:start -->\n).*?(<!-- survey-excerpt:end -->)", re.S)
    if pattern.search(text):
        readme.write_text(pattern.sub(lambda m: m.group(1) + excerpt + m.group(2), text), encoding="utf-8")
    print(f"docs regenerated in {time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
