"""Kept for older imports: the workaround now lives in the package itself."""

from packstation.pyside_compat import pin_singletons

__all__ = ["pin_singletons"]
