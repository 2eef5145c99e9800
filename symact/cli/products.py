"""``symact table | plot | report``: the publication products (a thin layer over
:mod:`symact.publish`). Every output file is written whole or not at all."""
from __future__ import annotations

import re

COMMANDS = ("table", "plot", "report")


def add_parsers(sub) -> None:
    """Add the three subcommands to ``sub`` (an argparse subparsers object)."""
    tab = sub.add_parser("table", help="survey table of activations (LaTeX, Markdown, CSV, HTML, JSON)",
                         description="One row per activation (default: the whole pointwise catalog), one column "
                                     "per fact (default: the classic survey). Marks: † numeric, ? unknown, "
                                     "* rounded decimal. See docs/publish.md.")
    tab.add_argument("names", nargs="*", metavar="NAME")
    tab.add_argument("--facts", metavar="KEY,KEY", help="fact keys as columns (docs/json-schema.md), e.g. range,smoothness")
    tab.add_argument("--derivations", action="store_true", help="f, f', f'' and f' in terms of f")
    tab.add_argument("--format", choices=["latex", "markdown", "csv", "html", "json"],
                     help="default: from the -o suffix, else latex")
    tab.add_argument("--standalone", action="store_true", help="a whole LaTeX/HTML document, not a fragment")
    tab.add_argument("-o", "--output", metavar="FILE", help="write here (atomically) instead of stdout")
    plo = sub.add_parser("plot", help="f, f', f'' with minima, inflections, asymptotes; or approximation errors",
                         description="e.g. 'symact plot gelu mish -o fig.svg', "
                                     "'symact plot gelu --vs gelu_tanh,gelu_sigmoid --error -o err.pdf'")
    plo.add_argument("names", nargs="+", metavar="NAME")
    plo.add_argument("--derivatives", default="0,1,2", metavar="0,1,2")
    plo.add_argument("--range", default="-5,5", metavar="LO,HI")
    # let "--range -2,2" read -2,2 as a value, not as an option (argparse knows only "-2")
    plo._negative_number_matcher = re.compile(r"^-\d[\d.,eE+-]*$")
    plo.add_argument("--vs", metavar="NAME,NAME", help="other activations to overlay (or to compare with --error)")
    plo.add_argument("--error", action="store_true", help="plot |f - g| with the verifier's certified maximum")
    plo.add_argument("-o", "--output", metavar="FILE", help="fig.svg, fig.pdf or fig.png (default: NAME.svg here)")
    rep = sub.add_parser("report", help="a report: one section per activation and a comparison table")
    rep.add_argument("names", nargs="+", metavar="NAME")
    rep.add_argument("-o", "--output", metavar="FILE", required=True, help="report.md, .tex, .pdf or .html")


def run(args) -> str:
    from ..publish.output import check_writable, kind_of, write_text
    if args.command == "table":
        from ..publish import table
        fmt = args.format
        if args.output:
            check_writable(args.output)
            if fmt is None:
                fmt = kind_of(args.output, ("latex", "markdown", "csv", "html", "json"))
        facts = [f for f in (args.facts or "").split(",") if f.strip()]
        text = table(args.names, facts, derivations=args.derivations).render(fmt or "latex", args.standalone)
        if not args.output:
            return text.rstrip("\n")
        write_text(args.output, text)
        return f"wrote {args.output}"
    if args.command == "plot":
        from ..publish.figures import parse_orders, parse_range, plot
        if not args.output:  # vector output by default, named after the first activation
            args.output = f"{args.names[0]}{'-error' if args.error else ''}.svg"
        kind_of(args.output, ("svg", "pdf", "png"))
        check_writable(args.output)
        parse_orders(args.derivatives)
        parse_range(args.range)
        plot(args.names, args.derivatives, args.range, args.vs, args.error).save(args.output)
        return f"wrote {args.output}"
    from ..publish import report
    report(args.names, args.output)
    return f"wrote {args.output}"
