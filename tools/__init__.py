"""The project's tooling, kept out of the product package: run from the project root as `python -m tools.<name>`.

- `tools.bench`: `make bench`, how fast the build is on this machine (a measurement, never a test);
- `tools.envlock`: environment.yml -> requirements.lock and the check that they agree (standard library only);
- `tools.nbcheck`: committed notebooks carry no outputs (pre-commit and the tests);
- `tools.deps`: the package modules each notebook and entry point imports, written to build/deps.mk for make
  (standard library only).
"""
