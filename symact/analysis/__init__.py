"""From ingredients (pieces, limits, sign structures) to facts: one registered function per fact
family (:mod:`symact.analysis.facts`), audited against samples (:mod:`symact.analysis.guard`);
:class:`~symact.analysis.profile.Profile` is the view over them."""
