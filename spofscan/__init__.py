"""spofscan: find the single points of failure in a system before they find you."""

__version__ = "0.1.0"
