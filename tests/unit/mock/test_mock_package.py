"""The emulator's package contract, tenant objects, PATCH helpers, concurrency and ``serve``."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import httpx
import pytest
from avi_mock_models import RELEASE, SPECS, SPECS_WITH_TENANT, Login

from codegen.mock import MockController, objects_from_package
from codegen.mock.patch import PatchError, apply_json_patch, apply_patch

ROOT = Path(__file__).resolve().parents[3]


def _write_package(tmp_path: Path, name: str) -> None:
    pkg = tmp_path / name
    pkg.mkdir()
    (pkg / "__init__.py").write_text(
        '__avi_release__ = "22.1.3"\n'
        '__avi_objects__ = {"Image": ("/image", "Image"), "Pool": ("/pool", "PoolModel")}\n'
    )
    (pkg / "models.py").write_text(
        textwrap.dedent("""
        from codegen.runtime.models import AviModel

        class Image(AviModel):
            avi_release = "22.1.3"
            name: str

        class PoolModel(AviModel):
            avi_release = "22.1.3"
            name: str
            port: int = 80
    """)
    )


def test_objects_from_package(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _write_package(tmp_path, "avi_fake_pkg")
    monkeypatch.syspath_prepend(str(tmp_path))
    specs = objects_from_package("avi_fake_pkg")
    assert {n: (s.path, s.model.__name__) for n, s in specs.items()} == {
        "Image": ("/image", "Image"),
        "Pool": ("/pool", "PoolModel"),
    }
    mock = MockController.from_package("avi_fake_pkg")
    assert mock.release == "22.1.3"
    assert mock.create("Pool", {"name": "p"})["port"] == 80
    with pytest.raises(ValueError):
        objects_from_package("json")  # no registry


def test_tenant_objects_register_tenants() -> None:
    with MockController(SPECS_WITH_TENANT, release=RELEASE) as mock:
        assert [t["name"] for t in mock.stored("Tenant")] == ["admin"]
        with httpx.Client(base_url=mock.url, headers={"X-Avi-Version": RELEASE}) as client:
            csrf = client.post("/login", data={"username": "admin", "password": "admin"}).cookies[
                "csrftoken"
            ]
            client.headers["X-CSRFToken"] = csrf
            tenant = client.post("/api/tenant", json={"name": "green"}).json()
            assert tenant["uuid"].startswith("tenant-") and tenant["local"] is True
            image = client.post("/api/image", json={"name": "g"}, headers={"X-Avi-Tenant": "green"})
            assert image.json()["tenant_ref"].endswith(f"/api/tenant/{tenant['uuid']}#green")
            assert client.get("/api/tenant").json()["count"] == 2
            assert client.delete(f"/api/tenant/{tenant['uuid']}").status_code == 409  # not empty
            assert (
                client.delete(
                    f"/api/image/{image.json()['uuid']}", headers={"X-Avi-Tenant": "green"}
                ).status_code
                == 204
            )
            assert client.delete(f"/api/tenant/{tenant['uuid']}").status_code == 204
            assert client.get("/api/image", headers={"X-Avi-Tenant": "green"}).status_code == 400
            assert client.delete("/api/tenant/admin").status_code == 400
        uuid = mock.add_tenant("yellow")
        assert mock.tenants()[uuid] == "yellow"
        assert [t["name"] for t in mock.stored("Tenant")] == ["admin", "yellow"]


def test_concurrent_clients(mock: MockController, login: Login) -> None:
    clients = [login() for _ in range(4)]
    errors: list[str] = []

    def work(client: httpx.Client, n: int) -> None:
        for i in range(10):
            rsp = client.post("/api/image", json={"name": f"c{n}-{i}"})
            if rsp.status_code != 201:
                errors.append(rsp.text)

    threads = [threading.Thread(target=work, args=(c, n)) for n, c in enumerate(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert len(mock.stored("Image")) == 40
    assert mock.stats["POST /api/image"] == 40


def test_patch_helpers() -> None:
    doc = {"a": [1, 2, 3], "b": {"c": 1, "d": [{"k": 1, "v": 2}]}, "e": "x"}
    assert apply_patch(doc, {"add": {"a": 4, "b": {"d": [{"k": 2}]}}})["b"]["d"][1] == {"k": 2}
    assert apply_patch(doc, {"delete": {"a": [1, 3], "b": {"d": [{"k": 1}]}, "e": None}}) == {
        "a": [2],
        "b": {"c": 1, "d": []},
    }
    assert doc["a"] == [1, 2, 3]  # the input is not modified
    moved = apply_json_patch(
        {"a": {"x": 1}, "l": [1]},
        [
            {"op": "move", "from": "/a/x", "path": "/y"},
            {"op": "copy", "from": "/l", "path": "/m"},
            {"op": "add", "path": "/l/0", "value": 0},
        ],
    )
    assert moved == {"a": {}, "l": [0, 1], "y": 1, "m": [1]}
    for ops in (
        [{"op": "test", "path": "/a", "value": 2}],
        [{"op": "add", "path": "/l/5", "value": 1}],
        [{"op": "nope", "path": "/a"}],
        [{"path": "/a"}],
        "x",
        [{"op": "remove", "path": ""}],
    ):
        with pytest.raises(PatchError):
            apply_json_patch({"a": 1, "l": []}, ops)


def test_serve_blocks_until_ctrl_c(tmp_path: Path) -> None:
    script = textwrap.dedent(f"""
        import sys
        sys.path[:0] = [{str(Path(__file__).parent)!r}, {str(ROOT)!r}]
        from avi_mock_models import SPECS, RELEASE
        from codegen.mock import MockController, serve
        serve(MockController(SPECS, release=RELEASE), 0,
              on_ready=lambda url: print(url, flush=True))
        print("clean exit", flush=True)
    """)
    proc = subprocess.Popen(
        [sys.executable, "-c", script],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    try:
        assert proc.stdout is not None
        url = proc.stdout.readline().strip()
        assert url.startswith("http://127.0.0.1:"), proc.stderr.read() if proc.stderr else ""
        assert httpx.get(f"{url}/api/initial-data").json()["version"]["Version"] == RELEASE
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=10)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0, err
    assert "clean exit" in out and "Traceback" not in err


def test_invalid_construction() -> None:
    with pytest.raises(ValueError):
        MockController(SPECS, release="")
    with pytest.raises(ValueError):
        MockController({**SPECS, "Other": SPECS["Image"]}, release=RELEASE)
    mock = MockController(SPECS, release=RELEASE)
    with pytest.raises(RuntimeError):
        _ = mock.url
