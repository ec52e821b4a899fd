"""Benchmarks of avi-codegen against its anchors, measured in the same run on the same input.

    .venv/bin/python bench/run.py [--quick] [--repeat N] [--keep]

Anchors: datamodel-code-generator (default formatting, black) and openapi-python-client
(default post-hooks, ruff), both run on our OpenAPI 3.1 export of the release. Prints a table
(metric, ours, anchor, ratio, target, PASS/FAIL) and writes it to bench/results/latest.json.
Specs come from $AVI_SPECS_DIR, else ../shared/avi-specs. See bench/README.md.
"""

from __future__ import annotations

import argparse
import compileall
import datetime as dt
import json
import os
import platform
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from importlib.metadata import version
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from anchors import Anchors, ensure_anchors  # noqa: E402
from measure import Run, run  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results" / "latest.json"
PROBE = ROOT / "bench" / "probe.py"
GOLDEN = ROOT / "tests" / "golden" / "data" / "30.2.1" / "avi-specs" / "Image.max.json"
RELEASE = "30.2.1"
PACKAGE = "avi_v30_2_1"
VENV_BIN = Path(sys.executable).parent


# ---------------------------------------------------------------- results


@dataclass
class Row:
    metric: str
    unit: str  # "s", "MiB" or "x"
    ours: float | None
    anchor: str = "-"
    anchor_value: float | None = None
    target: str = "-"
    limit: float | None = None  # on the ratio when the target ends in "x", else on ours
    note: str = ""

    @property
    def ratio(self) -> float | None:
        if self.ours is None or not self.anchor_value:
            return None
        return self.ours / self.anchor_value

    @property
    def verdict(self) -> str:
        if self.limit is None:
            return "info" if self.ours is not None else "n/a"
        value = self.ratio if self.target.endswith("x") else self.ours
        if value is None:
            return "n/a"
        strict = self.target.startswith("<") and not self.target.startswith("<=")
        ok = value < self.limit if strict else value <= self.limit
        return "PASS" if ok else "FAIL"


@dataclass
class Measured:
    """Repeated runs of one command: medians, peaks, and the first failure if any."""

    label: str
    runs: list[Run] = field(default_factory=list)
    error: list[str] = field(default_factory=list)

    def add(self, r: Run) -> Run:
        self.runs.append(r)
        if not r.ok and not self.error:
            self.error = [f"exit {r.rc}: {' '.join(r.cmd[:4])} ..."] + r.first_error_lines()
        return r

    @property
    def wall(self) -> float | None:
        if self.error or not self.runs:
            return None
        return statistics.median(r.wall_s for r in self.runs)

    @property
    def tree_pss(self) -> float | None:
        return max((r.tree_pss_mib for r in self.runs), default=None) if self.runs else None

    @property
    def max_rss(self) -> float | None:
        return max((r.max_rss_mib for r in self.runs), default=None) if self.runs else None

    def summary(self) -> dict[str, Any]:
        return {
            "median_wall_s": self.wall,
            "walls_s": [round(r.wall_s, 4) for r in self.runs],
            "peak_tree_pss_mib": self.tree_pss,
            "peak_process_rss_mib": self.max_rss,
            "error": self.error,
        }


def fmt(value: float | None, unit: str) -> str:
    if value is None:
        return "n/a"
    if unit == "MiB":
        return f"{value:.0f} MiB"
    if unit == "x":
        return f"{value:.2f}x" if value >= 0.1 else f"{value:.3f}x"
    if value >= 10:
        return f"{value:.1f} s"
    if value >= 1:
        return f"{value:.2f} s"
    if value >= 1e-3:
        return f"{value * 1e3:.1f} ms"
    return f"{value * 1e6:.1f} us"


def table(rows: Sequence[Row]) -> str:
    head = ("metric", "ours", "anchor", "anchor value", "ratio", "target", "verdict")
    body = [
        (
            r.metric,
            fmt(r.ours, r.unit),
            r.anchor,
            fmt(r.anchor_value, r.unit) if r.anchor != "-" else "-",
            fmt(r.ratio, "x") if r.ratio is not None else "-",
            r.target,
            r.verdict,
        )
        for r in rows
    ]
    widths = [max(len(line[i]) for line in (head, *body)) for i in range(len(head))]
    out = []
    for n, line in enumerate((head, *body)):
        cells = [
            c.ljust(w) if i in (0, 2) else c.rjust(w)
            for i, (c, w) in enumerate(zip(line, widths, strict=True))
        ]
        out.append("  ".join(cells).rstrip())
        if n == 0:
            out.append("  ".join("-" * w for w in widths))
    notes = [f"  [{i}] {r.metric}: {r.note}" for i, r in enumerate(rows, 1) if r.note]
    return "\n".join(out + (["", "notes:"] + notes if notes else []))


# ---------------------------------------------------------------- setup


def specs_dir() -> Path:
    env = os.environ.get("AVI_SPECS_DIR")
    path = Path(env) if env else ROOT.parent / "shared" / "avi-specs"
    if not (path / RELEASE).is_dir():
        where = "$AVI_SPECS_DIR" if env else "../shared/avi-specs"
        print(
            f"bench: no {RELEASE} spec folder in {path} ({where}); set AVI_SPECS_DIR to a folder "
            "of <release>/<Object>.json (the shared Avi spec corpus)",
            file=sys.stderr,
        )
        sys.exit(2)
    return path


def release_key(name: str) -> tuple[int, ...]:
    return tuple(int(p) for p in name.split("."))


def image_releases(specs: Path) -> list[str]:
    found = [
        p.name
        for p in specs.iterdir()
        if p.is_dir() and (p / "Image.json").is_file() and p.name.replace(".", "").isdigit()
    ]
    return sorted(found, key=release_key)


def snapshot(tmp: Path) -> Path:
    """A frozen copy of codegen/ and templates/: edits made during the run change nothing."""
    src = tmp / "src"
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    shutil.copytree(ROOT / "codegen", src / "codegen", ignore=ignore)
    shutil.copytree(ROOT / "templates", src / "templates", ignore=ignore)
    compileall.compile_dir(src / "codegen", quiet=1)
    return src


def edit_image(path: Path, n: int) -> None:
    """Change one field description of the Image object (a one-file, one-module change)."""
    doc = json.loads(path.read_text())
    prop = doc["definitions"]["Image"]["properties"]["name"]
    prop["description"] = f"Bench edit {n}. {prop.get('description', '')}".strip()
    path.write_text(json.dumps(doc, indent=4, ensure_ascii=False) + "\n")


def cache_files(folder: Path) -> int:
    return sum(1 for p in folder.rglob("*") if p.is_file()) if folder.exists() else 0


# ---------------------------------------------------------------- the bench


class Bench:
    def __init__(self, args: argparse.Namespace, specs: Path, anchors: Anchors, tmp: Path):
        self.args, self.specs, self.anchors, self.tmp = args, specs, anchors, tmp
        self.reps = 1 if args.quick else args.repeat
        self.m: dict[str, Measured] = {}
        self.notes: list[str] = list(anchors.notes)
        self.extra: dict[str, Any] = {}
        src = snapshot(tmp)
        self.env_ours = dict(os.environ, PYTHONPATH=str(src))
        self.env_anchor = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
        self.env_opc = dict(self.env_anchor)
        if anchors.opc_bin is not None:
            self.env_opc["PATH"] = f"{anchors.opc_bin}{os.pathsep}{os.environ.get('PATH', '')}"
        self.ours: list[str | Path] = [str(VENV_BIN / "avi-codegen")]
        check = run(
            [sys.executable, "-P", "-c", "import codegen; print(codegen.__file__)"],
            env=self.env_ours,
            cwd=tmp,
        )
        if not check.stdout.strip().startswith(str(src)):
            self.notes.append(f"code snapshot not used: codegen from {check.stdout.strip()}")
        self.copy = tmp / "specs"
        shutil.copytree(specs / RELEASE, self.copy / RELEASE)
        self.image_json = self.copy / RELEASE / "Image.json"
        self.image_original = self.image_json.read_bytes()
        self.releases = image_releases(specs)

    def measured(self, key: str) -> Measured:
        return self.m.setdefault(key, Measured(key))

    def log(self, text: str) -> None:
        print(f"[{time.strftime('%H:%M:%S')}] {text}", file=sys.stderr, flush=True)

    # -- setup: exports (not timed)

    def exports(self) -> None:
        out = self.tmp / "export"
        self.export = out / f"avi-{RELEASE}.openapi.json"
        self.log(f"exporting {RELEASE} (OpenAPI 3.1) and {len(self.releases)} Image releases")
        r = run(
            self.ours
            + ["export", "--release", RELEASE, "--specs", self.specs, "--out", self.export],
            env=self.env_ours,
        )
        self.extra["export"] = {
            "wall_s": r.wall_s,
            "ok": r.ok,
            "bytes": self.export.stat().st_size if r.ok else 0,
        }
        if not r.ok:
            print("bench: the export failed:\n" + "\n".join(r.first_error_lines()), file=sys.stderr)
            sys.exit(1)
        self.image_exports: dict[str, Path] = {}
        for rel in self.releases:
            target = out / f"image-{rel}.openapi.json"
            r = run(
                self.ours
                + ["export", "--release", rel, "--object", "Image", "--specs", self.specs]
                + ["--out", target],
                env=self.env_ours,
            )
            if r.ok:
                self.image_exports[rel] = target
            else:
                self.notes.append(f"Image export of {rel} failed: {r.first_error_lines(2)}")

    # -- one repetition of every generation measurement, interleaved

    def repetition(self, i: int) -> None:
        t = self.tmp
        cache, out = t / f"cache-{i}", t / f"out-{i}"
        gen: list[str | Path] = self.ours + ["generate", "--specs", self.copy, "--release", RELEASE]
        gen += ["--out", out, "--cache", cache]
        self.log(f"rep {i + 1}/{self.reps}: ours, cold generation of {RELEASE}")
        cold = self.measured("ours_cold").add(run(gen, env=self.env_ours, cwd=t))
        if cold.ok:
            self.log(f"rep {i + 1}/{self.reps}: ours, warm regeneration (nothing changed)")
            before = cache_files(cache)
            warm = self.measured("ours_warm").add(run(gen, env=self.env_ours, cwd=t))
            self.extra.setdefault("warm_new_cache_files", []).append(cache_files(cache) - before)
            if warm.ok:
                self.log(f"rep {i + 1}/{self.reps}: ours, regeneration after editing Image.json")
                edit_image(self.image_json, i)
                before = cache_files(cache)
                try:
                    self.measured("ours_changed").add(run(gen, env=self.env_ours, cwd=t))
                finally:
                    self.image_json.write_bytes(self.image_original)
                self.extra.setdefault("changed_new_cache_files", []).append(
                    cache_files(cache) - before
                )
        self.anchor_cold(i)
        self.images(i)
        if i > 0:  # rep 0's outputs serve the import and round trip measurements
            for name in ("out", "cache", "dcg", "opc", "img-out", "img-cache"):
                shutil.rmtree(t / f"{name}-{i}", ignore_errors=True)

    def anchor_cold(self, i: int) -> None:
        a, t = self.anchors, self.tmp
        if a.dcg is not None:
            self.log(f"rep {i + 1}/{self.reps}: datamodel-codegen on the export")
            (t / f"dcg-{i}").mkdir()
            cmd: list[str | Path] = [a.dcg, "--input", self.export, "--input-file-type", "openapi"]
            cmd += ["--output", t / f"dcg-{i}" / "models.py"]
            cmd += ["--output-model-type", "pydantic_v2.BaseModel"]
            self.measured("dcg_cold").add(run(cmd, env=self.env_anchor, cwd=t))
        if a.opc is not None:
            self.log(f"rep {i + 1}/{self.reps}: openapi-python-client on the export")
            cmd = [a.opc, "generate", "--path", self.export, "--output-path", t / f"opc-{i}"]
            r = self.measured("opc_cold").add(run(cmd + ["--overwrite"], env=self.env_opc, cwd=t))
            text = r.stdout + r.stderr
            if "Warning" in text or "Error" in text:
                self.extra.setdefault("opc_messages", r.first_error_lines(12))

    def images(self, i: int) -> None:
        t = self.tmp
        self.log(f"rep {i + 1}/{self.reps}: ours, {len(self.releases)} Image releases cold")
        cmd = self.ours + ["generate", "--specs", self.specs, "--object", "Image"]
        for rel in self.releases:
            cmd += ["--release", rel]
        cmd += ["--out", t / f"img-out-{i}", "--cache", t / f"img-cache-{i}"]
        self.measured("ours_images").add(run(cmd, env=self.env_ours, cwd=t))
        if self.anchors.dcg is None:
            return
        self.log(f"rep {i + 1}/{self.reps}: {len(self.image_exports)} datamodel-codegen runs")
        total = Measured("dcg_images_rep")
        for rel, export in self.image_exports.items():
            cmd2: list[str | Path] = [
                self.anchors.dcg,
                "--input",
                export,
                "--input-file-type",
                "openapi",
            ]
            cmd2 += ["--output", t / f"dcg-img-{i}-{rel}.py"]
            cmd2 += ["--output-model-type", "pydantic_v2.BaseModel"]
            total.add(run(cmd2, env=self.env_anchor, cwd=t))
        summed = Run(
            cmd=["datamodel-codegen", f"x{len(total.runs)}"],
            rc=0 if not total.error else 1,
            wall_s=sum(r.wall_s for r in total.runs),
            max_rss_mib=total.max_rss or 0.0,
            tree_pss_mib=total.tree_pss or 0.0,
            stdout="",
            stderr="\n".join(total.error),
        )
        self.measured("dcg_images").add(summed)

    # -- imports and round trip, in fresh interpreters

    def probe(
        self, key: str, python: Path, args: Sequence[str], path: Path, times: int
    ) -> list[dict[str, Any]]:
        """``times`` fresh interpreters running probe.py, after one uncounted run that writes
        the .pyc files; their JSON results."""
        # .pyc files are written and used, as for an installed package, even where the caller's
        # environment says not to write them
        env = {k: v for k, v in self.env_anchor.items() if k != "PYTHONDONTWRITEBYTECODE"}
        env["PYTHONPATH"] = str(path)
        cmd = [str(python), "-P", str(PROBE), *args]
        results = []
        for n in range(times + 1):
            r = run(cmd, env=env, cwd=self.tmp)
            if n or not r.ok:
                self.measured(key).add(r)
            if not r.ok:
                break
            if n:
                results.append(json.loads(r.stdout.strip().splitlines()[-1]))
        return results

    def imports(self) -> None:
        times = 5 if self.args.quick else 9
        self.log(f"imports, {times} fresh interpreters each")
        py = Path(sys.executable)
        self.imp: dict[str, list[dict[str, Any]]] = {}
        out0 = self.tmp / "out-0"
        if (out0 / PACKAGE).is_dir():
            self.imp["ours"] = self.probe("import_ours", py, ["import-ours", PACKAGE], out0, times)
        self.imp["floor"] = self.probe("import_floor", py, ["import-floor"], self.tmp, times)
        if (self.tmp / "dcg-0" / "models.py").is_file():
            dcg0 = self.tmp / "dcg-0"
            self.imp["dcg"] = self.probe("import_dcg", py, ["import-dcg", "models"], dcg0, times)
        opc_pkg = self.opc_package()
        if opc_pkg is not None and self.anchors.opc_python is not None:
            self.imp["opc"] = self.probe(
                "import_opc",
                self.anchors.opc_python,
                ["import-opc", opc_pkg.name],
                opc_pkg.parent,
                times,
            )

    def opc_package(self) -> Path | None:
        found = sorted((self.tmp / "opc-0").glob("*/models/__init__.py"))
        return found[0].parent.parent if found else None

    def roundtrip(self) -> None:
        times = 5 if self.args.quick else 9
        self.log("Image round trip")
        doc = GOLDEN
        if not doc.is_file():
            doc = self.tmp / "image.json"
            doc.write_text(json.dumps({"name": "bench-image", "uuid": "image-bench"}))
            self.notes.append("round trip document built (no golden Image.max.json)")
        self.extra["roundtrip_document"] = str(doc.relative_to(ROOT) if doc == GOLDEN else doc)
        self.rt: dict[str, dict[str, Any]] = {}
        py = Path(sys.executable)
        targets: list[tuple[str, Path, str, Path]] = [
            ("ours", py, PACKAGE, self.tmp / "out-0"),
            ("dcg", py, "models", self.tmp / "dcg-0"),
        ]
        opc_pkg = self.opc_package()
        if opc_pkg is not None and self.anchors.opc_python is not None:
            targets.append(("opc", self.anchors.opc_python, opc_pkg.name, opc_pkg.parent))
        for kind, python, name, path in targets:
            if not path.exists():
                continue
            args = ["roundtrip", kind, name, str(doc), str(times)]
            res = self.probe(f"roundtrip_{kind}", python, args, path, 1)
            if res:
                self.rt[kind] = res[0]

    # -- the table

    def rows(self) -> list[Row]:
        m = self.m
        get: Callable[[str], Measured] = lambda k: m.get(k, Measured(k))  # noqa: E731
        n_img = len(self.releases)
        rows = [
            Row(
                f"cold generation {RELEASE} (black on)",
                "s",
                get("ours_cold").wall,
                "openapi-python-client",
                get("opc_cold").wall,
                "<= 1.0x",
                1.0,
                self.error_note("opc_cold"),
            ),
            Row(
                f"cold generation {RELEASE} (black on)",
                "s",
                get("ours_cold").wall,
                "datamodel-codegen",
                get("dcg_cold").wall,
                "<= 0.5x",
                0.5,
                self.error_note("dcg_cold"),
            ),
            Row(
                "warm regeneration, nothing changed",
                "s",
                get("ours_warm").wall,
                target="< 1 s",
                limit=1.0,
                note=self.warm_note(),
            ),
            Row(
                "regeneration, 1 spec file changed",
                "s",
                get("ours_changed").wall,
                target="< 3 s",
                limit=3.0,
                note=self.changed_note(),
            ),
            Row(
                f"all {n_img} Image releases, cold",
                "s",
                get("ours_images").wall,
                f"{len(self.image_exports)} x datamodel-codegen",
                get("dcg_images").wall,
                "< 0.2x",
                0.2,
                self.error_note("dcg_images"),
            ),
        ]
        rows += self.import_rows()
        rows += self.roundtrip_rows()
        rows += self.memory_rows()
        return rows

    def error_note(self, key: str) -> str:
        err = self.m.get(key, Measured(key)).error
        return ("failed: " + " | ".join(err[:3])) if err else ""

    def warm_note(self) -> str:
        new = self.extra.get("warm_new_cache_files", [])
        if any(new):
            return f"not fully warm: {new} new cache entries (code or tools changed?)"
        return "all jobs from the cache" if new else ""

    def changed_note(self) -> str:
        new = self.extra.get("changed_new_cache_files", [])
        return f"new cache entries per run: {new} (validation verdict + re-rendered modules)"

    def import_rows(self) -> list[Row]:
        imp = getattr(self, "imp", {})

        def med(kind: str, key: str) -> float | None:
            vals = [r[key] for r in imp.get(kind, [])]
            return statistics.median(vals) if vals else None

        def total(kind: str) -> float | None:
            vals = [r["import_s"] + r["first_use_s"] for r in imp.get(kind, [])]
            return statistics.median(vals) if vals else None

        dcg, opc = "datamodel-codegen models.py", "openapi-python-client models"
        return [
            Row(
                "import whole-release package",
                "s",
                med("ours", "import_s"),
                dcg,
                med("dcg", "import_s"),
                "< 0.1 s",
                0.1,
            ),
            Row(
                "import whole-release package",
                "s",
                med("ours", "import_s"),
                opc,
                med("opc", "import_s"),
            ),
            Row(
                "first use of Image, after import",
                "s",
                med("ours", "first_use_s"),
                target="< 0.05 s",
                limit=0.05,
                note=f"anchors: dcg {fmt(med('dcg', 'first_use_s'), 's')}, "
                f"opc {fmt(med('opc', 'first_use_s'), 's')} (their import built everything)",
            ),
            Row(
                "  floor: import pydantic + 1 small model",
                "s",
                total("floor"),
                note="any first use pays this; it is part of ours' first use of Image",
            ),
            Row("import + first use of Image", "s", total("ours"), dcg, total("dcg")),
            Row("import + first use of Image", "s", total("ours"), opc, total("opc")),
        ]

    def roundtrip_rows(self) -> list[Row]:
        rt = getattr(self, "rt", {})
        rows = []
        ours = rt.get("ours")
        size = f"{ours['bytes'] / 1024:.1f} KiB" if ours else "?"
        rows.append(
            Row(
                f"Image round trip ({size} doc)",
                "s",
                ours["model_s"] if ours else None,
                "json.loads+json.dumps",
                ours["floor_s"] if ours else None,
                "<= 1.3x",
                1.3,
                "" if not ours or ours["lossless"] else "ours: round trip not lossless",
            )
        )
        for kind, label in (("dcg", "datamodel-codegen"), ("opc", "openapi-python-client")):
            res = rt.get(kind)
            if res:
                lossless = "" if res["lossless"] else " (not lossless: drops or changes fields)"
                rows.append(
                    Row(
                        f"  {label} Image round trip",
                        "s",
                        res["model_s"],
                        "json.loads+json.dumps",
                        res["floor_s"],
                        note=f"anchor, for scale{lossless}",
                    )
                )
        return rows

    def memory_rows(self) -> list[Row]:
        m = self.m

        def pss(key: str) -> float | None:
            return m[key].tree_pss if key in m and m[key].runs else None

        def rss(key: str) -> str:
            v = m[key].max_rss if key in m else None
            return f"largest process {fmt(v, 'MiB')}"

        rows = [
            Row(
                f"peak memory: cold generation {RELEASE}",
                "MiB",
                pss("ours_cold"),
                "openapi-python-client",
                pss("opc_cold"),
                "< 400 MiB",
                400.0,
                rss("ours_cold"),
            ),
            Row(
                f"peak memory: cold generation {RELEASE}",
                "MiB",
                pss("ours_cold"),
                "datamodel-codegen",
                pss("dcg_cold"),
                note=f"dcg {rss('dcg_cold')}",
            ),
            Row(
                "peak memory: warm regeneration",
                "MiB",
                pss("ours_warm"),
                target="< 400 MiB",
                limit=400.0,
                note=rss("ours_warm"),
            ),
            Row(
                "peak memory: 1 spec file changed",
                "MiB",
                pss("ours_changed"),
                target="< 400 MiB",
                limit=400.0,
                note=rss("ours_changed"),
            ),
            Row(
                "peak memory: all Image releases",
                "MiB",
                pss("ours_images"),
                "datamodel-codegen (largest run)",
                pss("dcg_images"),
                "< 400 MiB",
                400.0,
                rss("ours_images"),
            ),
            Row(
                "peak memory: import + first use",
                "MiB",
                pss("import_ours"),
                "datamodel-codegen models.py",
                pss("import_dcg"),
            ),
            Row(
                "peak memory: import + first use",
                "MiB",
                pss("import_ours"),
                "openapi-python-client models",
                pss("import_opc"),
            ),
            Row(
                "peak memory: Image round trip",
                "MiB",
                pss("roundtrip_ours"),
                "datamodel-codegen",
                pss("roundtrip_dcg"),
            ),
        ]
        return rows


def machine(start_load: tuple[float, float, float]) -> dict[str, Any]:
    return {
        "system": f"{platform.system()} {platform.release()} {platform.machine()}",
        "nproc": os.cpu_count(),
        "python": platform.python_version(),
        "loadavg_start": [round(x, 2) for x in start_load],
        "loadavg_end": [round(x, 2) for x in os.getloadavg()],
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="one repetition")
    parser.add_argument("--repeat", type=int, default=3, help="repetitions (median) [3]")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = parser.parse_args(argv)
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    specs = specs_dir()
    started, start_load = time.perf_counter(), os.getloadavg()
    when = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    anchors = ensure_anchors()
    tmp = Path(tempfile.mkdtemp(prefix="avi-bench-"))
    try:
        bench = Bench(args, specs, anchors, tmp)
        bench.exports()
        for i in range(bench.reps):
            bench.repetition(i)
        bench.imports()
        bench.roundtrip()
        rows = bench.rows()
    finally:
        if args.keep:
            print(f"kept {tmp}", file=sys.stderr)
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    elapsed = time.perf_counter() - started
    info = machine(start_load)
    tools = {
        "avi-codegen": version("avi-codegen") + " (frozen copy of the working tree)",
        "datamodel-code-generator": anchors.dcg_version,
        "black": version("black"),
        "openapi-python-client": anchors.opc_version,
    }
    header = [
        f"avi-codegen benchmarks, {when}",
        f"machine: {info['system']}, {info['nproc']} CPUs, Python {info['python']}; "
        f"load average {info['loadavg_start'][0]} at start, {info['loadavg_end'][0]} at end "
        "(other jobs may share the machine)",
        "tools: " + ", ".join(f"{k} {v}" for k, v in tools.items()),
        f"input: {specs} ({RELEASE}: {len(list((specs / RELEASE).glob('*.json')))} files; "
        f"{len(bench.releases)} Image releases); repetitions: {bench.reps} (median)",
        "memory: peak PSS summed over the process tree, sampled every 0.1 s",
    ]
    text = "\n".join(header) + "\n\n" + table(rows)
    if bench.notes:
        text += "\n\nrun notes:\n" + "\n".join(f"  - {n}" for n in bench.notes)
    opc_msgs = bench.extra.get("opc_messages")
    if opc_msgs:
        text += "\n\nopenapi-python-client said:\n" + "\n".join(f"  {x}" for x in opc_msgs)
    text += f"\n\ntotal bench time: {elapsed / 60:.1f} min"
    print(text)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    data = {
        "when": when,
        "command": "bench/run.py " + " ".join(argv if argv is not None else sys.argv[1:]),
        "machine": info,
        "tools": tools,
        "repetitions": bench.reps,
        "rows": [dict(asdict(r), ratio=r.ratio, verdict=r.verdict) for r in rows],
        "measurements": {k: v.summary() for k, v in bench.m.items()},
        "imports": getattr(bench, "imp", {}),
        "roundtrip": getattr(bench, "rt", {}),
        "extra": bench.extra,
        "notes": bench.notes,
        "total_s": round(elapsed, 1),
        "table": text,
    }
    RESULTS.write_text(json.dumps(data, indent=2, default=str) + "\n")
    print(f"\nwritten: {RESULTS.relative_to(ROOT)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
