"""The benchmarks and the soak: tools for developing pgbackfill, not part of it.

A top-level package of the source checkout, outside the wheel (pyproject's
hatch target ships only `pgbackfill`). Run from the repository root:

    make bench                           # python -m bench: every section, one table
    make bench SECTIONS=growth           # python -m bench --only growth (opt-in, long)
    python -m bench.maintenance URL      # one section on its own (most have a __main__)
    make soak MINUTES=10                 # python -m bench.soak

Each section module (synthetic, pedigree, facts, entities, maintenance,
features, breakdown, memory, footprint; growth on request) has a `run(url)`
returning rows (measure, figure, note): bench/report.py says how they are
shown and judged; bench/memory.py's `Watch` samples the server processes'
private memory.
"""
