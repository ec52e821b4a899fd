"""The vendored package as a user gets it: built into a wheel, installed into a fresh virtual
environment that has no generator (pip resolves pydantic and httpx itself), and used there
against the mock controller, which runs here, built from the same vendored package.

Slow (a build, a venv, a pip install: about 15 s with a warm pip cache), so marked ``slow``;
it runs by default and in CI.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from codegen.cli import main
from codegen.mock import MockController
from tests.helpers import REPO, import_package

PACKAGE = "acme_avi_wheel"

CLIENT_SCRIPT = textwrap.dedent(
    """
    import importlib.util
    import sys

    assert importlib.util.find_spec("codegen") is None, "the generator is importable"
    import acme_avi_wheel
    from acme_avi_wheel import Client
    from acme_avi_wheel.models import Image

    url, password = sys.argv[1:3]
    with Client(url, username="admin", password=password, timeout=10) as client:
        created = client.image.create(Image(name="vendored-image"))
        got = client.image.get(created.uuid)
        assert isinstance(got, Image) and got.name == "vendored-image", got
        client.image.delete(created.uuid)
        assert [image.name for image in client.image.iter()] == []
    print(acme_avi_wheel.__avi_release__, acme_avi_wheel.__file__)
    """
)


def _run(args: list[str | Path], cwd: Path, timeout: float = 120) -> str:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    result = subprocess.run(
        [str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout
    )
    assert result.returncode == 0, f"{args}\n{result.stdout}\n{result.stderr}"
    return result.stdout


@pytest.mark.slow
def test_vendored_wheel_installs_and_works_in_a_fresh_venv(tmp_path: Path) -> None:
    project = tmp_path / "acme-avi-wheel"
    result = CliRunner().invoke(
        main,
        [
            "vendor", "--release", "31.1.1", "--package", PACKAGE, "--out", str(project),
            "--specs", str(REPO / "specs"), "--no-cache", "-q",
        ],
    )  # fmt: skip
    assert result.exit_code == 0, result.output

    dist = tmp_path / "dist"
    _run([sys.executable, "-m", "build", "--wheel", "--outdir", dist, project], tmp_path)
    (wheel,) = dist.glob("*.whl")
    assert wheel.name == "acme_avi_wheel-31.1.1-py3-none-any.whl"

    venv = tmp_path / "venv"
    _run([sys.executable, "-m", "venv", venv], tmp_path)
    python = venv / "bin" / "python"
    _run([python, "-m", "pip", "install", "--quiet", wheel], tmp_path, timeout=300)

    module = import_package(project, PACKAGE)
    with MockController.from_package(module, strict_version=True) as mock:
        script = tmp_path / "use_it.py"
        script.write_text(CLIENT_SCRIPT)
        out = _run([python, script, mock.url, mock.password], tmp_path)
        stats = mock.stats
    release, location = out.split()
    assert release == "31.1.1"
    assert Path(location).is_relative_to(venv)  # the installed copy, not the project folder
    assert stats["POST /api/image"] == 1
    assert sum(n for key, n in stats.items() if key.startswith("DELETE /api/image/")) == 1
