"""Telusur's benchmarks (`make bench`, `python -m bench [NAME...] [--quick] [--full]`).

Each benchmark measures the app and a baseline in the same run and reports medians and their ratio. They read
`../shared/data` and run against their own database (`telusur_bench`) and index (`var/bench/whoosh`), never the
ones the portal serves from. Not part of the test suite's pass/fail.
"""
