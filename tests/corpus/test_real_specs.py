"""Every real spec in ../shared/avi-specs loads and validates, and every Image release generates."""

from __future__ import annotations

from pathlib import Path

import pytest

from codegen.diagnostics import Level
from codegen.pipeline import check_file, discover
from tests.helpers import avi_specs, generate, import_package

QUIRKS = {"avi-comment", "unsigned-format", "array-format"}


def test_every_file_validates_with_warnings_only() -> None:
    root = avi_specs()
    files = sorted(root.glob("*/*.json"))
    assert len(files) >= 350
    failures = []
    for path in files:
        checked = check_file(path)
        bad = [
            d.format()
            for d in checked.diagnostics
            if d.level >= Level.ERROR or d.code not in QUIRKS
        ]
        if bad or checked.data is None:
            failures.append((path.name, bad[:2]))
    assert failures == []


@pytest.fixture(scope="module")
def image_packages(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str]]:
    root = avi_specs()
    out = tmp_path_factory.mktemp("image")
    releases = [str(r) for r in discover(root)[0]]
    return out, generate(root, out, releases, ["Image"])


def test_every_image_release_generates_and_imports(image_packages: tuple[Path, list[str]]) -> None:
    out, names = image_packages
    assert len(names) == 31
    for name in names:
        pkg = import_package(out, name)
        image = pkg.models.Image
        assert image.avi_release == pkg.__avi_release__
        assert image.model_validate({"name": "x"}).to_json_dict() == {"name": "x"}
        assert hasattr(pkg.Client, "image")


def test_image_history_is_visible_in_the_models(image_packages: tuple[Path, list[str]]) -> None:
    out, _ = image_packages

    def fields(release: str) -> set[str]:
        pkg = import_package(out, "avi_v" + release.replace(".", "_"))
        return {f.alias or n for n, f in pkg.models.Image.model_fields.items()}

    assert "controller_patch_uuid" in fields("21.1.3") and "controller_patch_ref" in fields(
        "21.1.4"
    )
    assert "status" in fields("21.1.7") and "status" not in fields("22.1.1")
    status = import_package(out, "avi_v21_1_7").models.ImageStatus
    assert len(status.__members__) > 500
