"""The benchmarks and the soak: tools for developing pgbackfill, not part of it.

A top-level package of the source checkout, outside the wheel (pyproject's
hatch target ships only `pgbackfill`). Run from the repository root:

    make bench                           # python -m bench: every section, one table
    python -m bench.maintenance URL      # one section on its own (also pedigree, entities)
    make soak MINUTES=10                 # python -m bench.soak

Each section module (synthetic, pedigree, entities, maintenance, features,
breakdown) has a `run(url)` returning rows (name, seconds, note).
"""
