"""Writing a product to a file all at once: to a temporary file in the target folder, then
``os.replace``, so a failure (bad input, a full disk, an interrupted run) never leaves a
partial file where the output belongs."""
from __future__ import annotations

import os
import tempfile
from contextlib import contextmanager
from pathlib import Path

from ..core.errors import SymactError

SUFFIXES = {".tex": "latex", ".md": "markdown", ".markdown": "markdown", ".csv": "csv", ".html": "html",
            ".htm": "html", ".json": "json", ".pdf": "pdf", ".png": "png", ".svg": "svg"}


class OutputError(SymactError, OSError):
    """The output path cannot be written (missing folder, no permission, unknown suffix)."""


def kind_of(path: str | os.PathLike, allowed: tuple[str, ...]) -> str:
    """The format named by the file's suffix, checked against ``allowed``."""
    suffix = Path(path).suffix.lower()
    kind = SUFFIXES.get(suffix)
    if kind not in allowed:
        raise OutputError(f"cannot tell the format of {str(path)[:80]!r}: use a name ending in "
                          + ", ".join(sorted({s for s, k in SUFFIXES.items() if k in allowed})))
    return kind


def check_writable(path: str | os.PathLike) -> Path:
    """``path`` resolved, its folder existing and writable (checked before any work is done)."""
    target = Path(path).expanduser()
    folder = target.parent if str(target.parent) else Path(".")
    if target.is_dir():
        raise OutputError(f"cannot write {str(path)[:80]!r}: it is a folder")
    if not folder.is_dir():
        raise OutputError(f"cannot write {str(path)[:80]!r}: no folder {str(folder)[:80]!r}")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise OutputError(f"cannot write {str(path)[:80]!r}: the folder is not writable")
    return target


@contextmanager
def atomic(path: str | os.PathLike, mode: str = "w"):
    """Yield a temporary path beside ``path``; on success it replaces ``path``, on any error it
    is removed and ``path`` is left as it was."""
    target = check_writable(path)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    except OSError as exc:
        raise OutputError(f"cannot write {str(path)[:80]!r}: {exc.strerror or exc}") from None
    os.close(fd)
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes 0600; the product is an ordinary file
    try:
        yield Path(tmp)
        os.replace(tmp, target)
    except OSError as exc:
        raise OutputError(f"cannot write {str(path)[:80]!r}: {exc.strerror or exc}") from None
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def write_text(path: str | os.PathLike, text: str) -> Path:
    """Write ``text`` (UTF-8) to ``path`` atomically."""
    with atomic(path) as tmp:
        tmp.write_text(text, encoding="utf-8")
    return Path(path)


def write_bytes(path: str | os.PathLike, data: bytes) -> Path:
    with atomic(path) as tmp:
        tmp.write_bytes(data)
    return Path(path)
