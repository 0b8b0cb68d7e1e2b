"""Benchmarks of the ccmkg build, the saved queries and `ccmkg serve` (issue 7).

Run from the project root:  python -m bench   (see bench/README.md)
"""
