"""Analyses of an architecture, each in its own module.

The public entry points are :func:`spofscan.analysis.analyse.analyse` and
:func:`spofscan.analysis.what_if.what_if`.
"""
