"""The judged results: a check (:mod:`.check`), the comparison of two checks
(:mod:`.comparison`), and the choices of the options that judge and write them
(:mod:`.options`).

This layer sits between the analysis, findings and remediation below it and the
renderers above it: renderers import from here, never from the orchestrator
(:mod:`spofscan.pipeline`).
"""
