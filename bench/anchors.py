"""Find or install the anchors: datamodel-code-generator and openapi-python-client.

datamodel-code-generator is a project dependency and runs from the project venv. Before
openapi-python-client goes into the project venv, a ``pip install --dry-run --report`` checks
that it changes no package already installed there; if it would (it pins ``httpx<0.29``, for
one), it goes into its own venv, ``bench/.venv-anchors``, made with the same Python.
"""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import dataclass, field
from importlib.metadata import PackageNotFoundError, distributions, version
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ANCHOR_VENV = BENCH / ".venv-anchors"
OPC_REQUIREMENT = "openapi-python-client==0.29.1"


@dataclass
class Anchors:
    dcg: Path | None  # the datamodel-codegen executable
    dcg_version: str
    opc: Path | None  # the openapi-python-client executable
    opc_python: Path | None  # the interpreter that has openapi-python-client and its deps
    opc_version: str
    notes: list[str] = field(default_factory=list)

    @property
    def opc_bin(self) -> Path | None:
        return self.opc.parent if self.opc else None


def _venv_bin() -> Path:
    return Path(sys.executable).parent


def _installed() -> dict[str, str]:
    return {
        (d.metadata["Name"] or "").lower().replace("_", "-"): d.version for d in distributions()
    }


def _would_change(requirement: str) -> list[str]:
    """Already installed packages that ``pip install requirement`` would change, as text."""
    proc = subprocess.run(
        [sys.executable, "-m", "pip", "install", "--dry-run", "--quiet", "--report", "-"]
        + [requirement],
        capture_output=True,
        text=True,
        check=True,
    )
    report = json.loads(proc.stdout)
    have = _installed()
    changes = []
    for item in report.get("install", []):
        meta = item["metadata"]
        name = meta["name"].lower().replace("_", "-")
        if name in have and have[name] != meta["version"]:
            changes.append(f"{name} {have[name]} -> {meta['version']}")
    return changes


def _tool_version(python: Path, dist: str) -> str:
    code = f"from importlib.metadata import version; print(version({dist!r}))"
    proc = subprocess.run([str(python), "-c", code], capture_output=True, text=True)
    return proc.stdout.strip() or "?"


def _opc(notes: list[str]) -> tuple[Path | None, Path | None]:
    here = _venv_bin() / "openapi-python-client"
    separate = ANCHOR_VENV / "bin" / "openapi-python-client"
    if separate.exists():
        notes.append(f"openapi-python-client runs from {ANCHOR_VENV.relative_to(BENCH.parent)}")
        return separate, ANCHOR_VENV / "bin" / "python"
    if here.exists():
        return here, Path(sys.executable)
    try:
        changes = _would_change(OPC_REQUIREMENT)
    except (subprocess.CalledProcessError, json.JSONDecodeError) as exc:
        notes.append(f"openapi-python-client: pip --dry-run failed ({exc}); not installed")
        return None, None
    try:
        if not changes:
            print(f"installing {OPC_REQUIREMENT} into the project venv", file=sys.stderr)
            subprocess.run(
                [sys.executable, "-m", "pip", "install", "--quiet", OPC_REQUIREMENT], check=True
            )
            return here, Path(sys.executable)
        notes.append(
            f"{OPC_REQUIREMENT} would change the project venv ({', '.join(changes)}): "
            f"installed into {ANCHOR_VENV.relative_to(BENCH.parent)} instead"
        )
        print(f"installing {OPC_REQUIREMENT} into {ANCHOR_VENV}", file=sys.stderr)
        base = Path(getattr(sys, "_base_executable", sys.executable))
        subprocess.run([str(base), "-m", "venv", str(ANCHOR_VENV)], check=True)
        subprocess.run(
            [str(ANCHOR_VENV / "bin" / "python"), "-m", "pip", "install", "--quiet"]
            + [OPC_REQUIREMENT],
            check=True,
        )
        return separate, ANCHOR_VENV / "bin" / "python"
    except subprocess.CalledProcessError as exc:
        notes.append(f"openapi-python-client could not be installed ({exc})")
        return None, None


def ensure_anchors() -> Anchors:
    notes: list[str] = []
    dcg: Path | None = _venv_bin() / "datamodel-codegen"
    try:
        dcg_version = version("datamodel-code-generator")
    except PackageNotFoundError:
        dcg_version = "?"
    if dcg is not None and not dcg.exists():
        notes.append("datamodel-codegen not found in the project venv (pip install -e .)")
        dcg = None
    opc, opc_python = _opc(notes)
    opc_version = _tool_version(opc_python, "openapi-python-client") if opc_python else "n/a"
    if opc_python is not None:
        ruff = _tool_version(opc_python, "ruff")
        notes.append(f"openapi-python-client post-hooks (ruff {ruff}) kept as default")
    return Anchors(dcg, dcg_version, opc, opc_python, opc_version, notes)
