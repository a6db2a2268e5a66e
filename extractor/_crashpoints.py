"""Named points inside the write windows of ``extract run`` and ``extract publish``.

The crash tests install a hook that kills the process at one of these points, so each
window between two writes is tested deterministically instead of by random timing.
Nothing installs a hook in normal use; a checkpoint then costs one attribute lookup.
"""

from __future__ import annotations

from collections.abc import Callable

__all__ = ["checkpoint", "set_hook"]

_hook: Callable[[str], None] | None = None


def set_hook(hook: Callable[[str], None] | None) -> Callable[[str], None] | None:
    """Install ``hook`` (called with each checkpoint's name); returns the previous one."""
    global _hook
    previous, _hook = _hook, hook
    return previous


def checkpoint(name: str) -> None:
    """Mark a point in a write window; the crash tests may stop the process here."""
    if _hook is not None:
        _hook(name)
