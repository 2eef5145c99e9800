# The package's own __main__ modules run the command line when imported: not doctest material.
collect_ignore_glob = ["symact/__main__.py", "symact/store/__main__.py"]
