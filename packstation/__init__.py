"""packstation: a packing-station app for the SortedPRO shipping API."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("packstation")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0+source"
