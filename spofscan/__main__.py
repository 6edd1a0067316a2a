"""Allow ``python -m spofscan``."""

from spofscan.cli import main

main()
