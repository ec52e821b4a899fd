"""Run the command line as ``python -m codegen``."""

from codegen.cli import run

run()
