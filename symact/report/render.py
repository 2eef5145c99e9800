"""The command line's three renderings of a profile: text, text with evidence, JSON."""
from __future__ import annotations

import json


def render(profile, fmt: str) -> str:
    if fmt == "json":
        return json.dumps(profile.to_json(), indent=2, ensure_ascii=False)
    from .text import profile_text
    return profile_text(profile, evidence=(fmt == "evidence"))
