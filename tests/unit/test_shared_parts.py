"""Validation of a batch shares the parts its files have in common (definitions, parameter
lists, responses): each goes through the metaschema once, yet every file gets exactly the
verdict it gets alone (see codegen/spec/validate.py)."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from codegen import pipeline
from codegen.cache import Cache
from codegen.diagnostics import Diagnostic, Level
from codegen.ir.release import Release
from codegen.spec import validate as spec
from codegen.spec.validate import Part, Verdict, check, parts, plan_stubs
from tests.helpers import api_response, crud_paths, swagger

IP_ADDR = {
    "type": "object",
    "required": ["addr", "type"],
    "properties": {"addr": {"type": "string"}, "type": {"type": "string", "enum": ["V4", "V6"]}},
}


# parts are shared only when the validator checks the metaschema with jsonschema
pytestmark = pytest.mark.usefixtures("jsonschema_backend")


def test_nothing_is_shared_with_the_compiled_backend(monkeypatch: pytest.MonkeyPatch) -> None:
    assert parts(_doc("Pool"))
    monkeypatch.delenv("OPENAPI_SPEC_VALIDATOR_SCHEMA_VALIDATOR_BACKEND")
    spec._parts_supported.cache_clear()
    assert parts(_doc("Pool")) == []


def _doc(model: str, ip_addr: dict[str, Any] | None = None) -> dict[str, Any]:
    schema = {
        "type": "object",
        "description": f"A {model}.",
        "required": ["name"],
        "properties": {"name": {"type": "string"}, "ip": {"$ref": "#/definitions/IpAddr"}},
    }
    definitions = {
        model: schema,
        f"{model}ApiResponse": api_response(model),
        "IpAddr": copy.deepcopy(ip_addr or IP_ADDR),
    }
    return swagger(definitions, crud_paths(f"/{model.lower()}", model))


def _write(folder: Path, docs: dict[str, dict[str, Any]]) -> list[Path]:
    paths = []
    for name, doc in docs.items():
        path = folder / f"{name}.json"
        path.write_text(json.dumps(doc))
        paths.append(path)
    return paths


def _verdicts(paths: list[Path], **kw: Any) -> list[tuple[Diagnostic, ...]]:
    return [c.diagnostics for c in pipeline.check_files(paths, Cache(None), **kw)]


def _alone(paths: list[Path]) -> list[tuple[Diagnostic, ...]]:
    return [pipeline.check_file(p, Cache(None)).diagnostics for p in paths]


class _Spy:
    """Records what each run of the validator was given: the file and the parts it left out,
    and every document the metaschema pass validated."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.runs: list[tuple[str, list[Part]]] = []
        self.metaschema_saw: list[dict[str, Any]] = []
        real_check = pipeline.check
        real_iter = spec._MetaschemaOn.iter_errors

        def check_spy(data: dict[str, Any], file: str, stubs: Any = ()) -> Verdict:
            self.runs.append((Path(file).name, list(stubs)))
            return real_check(data, file, stubs)

        def iter_spy(on: Any, instance: object) -> Any:
            self.metaschema_saw.append(on._document)
            return real_iter(on, instance)

        monkeypatch.setattr(pipeline, "check", check_spy)
        monkeypatch.setattr(spec._MetaschemaOn, "iter_errors", iter_spy)

    def left_out(self, name: str) -> list[str]:
        """The pointers of the parts the last run of file ``name`` left out."""
        last = [stubs for file, stubs in self.runs if file == name][-1]
        return [p.pointer for p in last]


def test_an_error_in_a_shared_definition_is_reported_in_every_file(tmp_path: Path) -> None:
    broken = copy.deepcopy(IP_ADDR)
    broken["properties"]["addr"]["type"] = 5  # not a JSON Schema type
    broken["foo"] = 1  # a keyword Swagger does not know
    paths = _write(tmp_path, {n: _doc(n, broken) for n in ("Pool", "Vip", "Gslb")})
    batch = _verdicts(paths)
    for path, diagnostics in zip(paths, batch, strict=True):
        located = {(d.file, d.pointer, d.code) for d in diagnostics}
        assert (str(path), "/definitions/IpAddr/properties/addr/type", "invalid") in located
        assert (str(path), "/definitions/IpAddr", "invalid") in located
    assert batch == _alone(paths)


def test_an_error_in_one_copy_only_stays_in_its_file(tmp_path: Path) -> None:
    broken = copy.deepcopy(IP_ADDR)
    broken["required"] = "addr"  # not a list
    paths = _write(
        tmp_path, {"Pool": _doc("Pool"), "Vip": _doc("Vip", broken), "Gslb": _doc("Gslb")}
    )
    batch = _verdicts(paths)
    assert [bool(v) for v in batch] == [False, True, False]
    assert {d.pointer for d in batch[1]} == {"/definitions/IpAddr/required"}
    assert batch == _alone(paths)


def test_shared_parts_go_through_the_metaschema_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    spy = _Spy(monkeypatch)
    paths = _write(tmp_path, {"Pool": _doc("Pool"), "Vip": _doc("Vip")})
    assert _verdicts(paths) == [(), ()]
    # the first file owns what it holds, and leaves out only what it repeats itself
    first = spy.left_out("Pool.json")
    assert not [p for p in first if p.startswith("/definitions")]
    assert "/paths/~1pool/post/responses" not in first
    assert "/paths/~1pool~1{uuid}/get/responses" in first  # the same as post's
    left_out = spy.left_out("Vip.json")
    assert "/definitions/IpAddr" in left_out
    assert "/paths/~1vip~1{uuid}/get/parameters" in left_out  # same list as /pool/{uuid}
    assert "/paths/~1vip/get/responses" not in left_out  # refers to VipApiResponse: not shared
    assert "/paths/~1vip~1{uuid}/delete/responses" in left_out
    assert "/definitions/Vip" not in left_out
    # what the metaschema saw of Vip.json: stubs in place of the shared parts, keys in order
    pool, vip = spy.metaschema_saw
    assert pool["definitions"]["IpAddr"] == IP_ADDR
    assert vip["definitions"]["IpAddr"] == {}
    assert list(vip["definitions"]) == ["Vip", "VipApiResponse", "IpAddr"]
    assert vip["paths"]["/vip/{uuid}"]["get"]["parameters"] == []
    assert vip["paths"]["/vip/{uuid}"]["delete"]["responses"] == {"default": {"description": ""}}
    assert len(spy.runs) == 2  # no second run: every shared part was proven clean


def test_a_parameter_list_of_known_parameters_is_shared(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    spy = _Spy(monkeypatch)
    pool = _doc("Pool")
    vip = _doc("Vip")
    get = vip["paths"]["/vip/{uuid}"]["get"]
    get["parameters"] = list(reversed(get["parameters"]))  # another list, the same parameters
    paths = _write(tmp_path, {"Pool": pool, "Vip": vip})
    assert _verdicts(paths) == [(), ()]
    assert "/paths/~1vip~1{uuid}/get/parameters" in spy.left_out("Vip.json")


def test_parameters_equal_for_unique_items_are_not_distinct(tmp_path: Path) -> None:
    param = {"name": "limit", "in": "query", "type": "number", "default": 1}
    other = {**param, "default": 1.0}  # another parameter, yet equal to the first for JSON Schema
    pool = _doc("Pool")
    pool["paths"]["/pool"]["get"]["parameters"] = [param]
    pool["paths"]["/pool"]["post"]["parameters"].append(other)
    vip = _doc("Vip")
    vip["paths"]["/vip"]["get"]["parameters"] = [param, other]
    lists = [p for p in parts(vip) if p.where == ("paths", "/vip", "get", "parameters")]
    assert len(lists) == 1 and len(set(lists[0].items)) == 2 and not lists[0].distinct
    paths = _write(tmp_path, {"Pool": pool, "Vip": vip})
    batch = _verdicts(paths)  # Vip's list is validated although Pool proves each parameter
    assert batch[0] == () and "/paths/~1vip/get/parameters" in {d.pointer for d in batch[1]}
    assert batch == _alone(paths)


def test_an_owner_that_stops_short_proves_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    spy = _Spy(monkeypatch)
    first = _doc("Alb")
    first["definitions"]["Alb"]["properties"]["peer"] = {"$ref": "#/definitions/Nope"}
    docs = {"Alb": first, **{n: _doc(n) for n in ("Pool", "Vip", "Gslb")}}
    paths = _write(tmp_path, docs)
    batch = _verdicts(paths)
    # all again (Alb too: it left out what it repeats), Pool now owning what Alb held; no third
    assert [file for file, _ in spy.runs] == [p.name for p in paths] * 2
    assert "/definitions/IpAddr" not in spy.left_out("Pool.json")
    assert "/definitions/IpAddr" in spy.left_out("Gslb.json")
    assert [d.code for d in batch[0]] == ["dangling-ref"] and batch[1:] == [(), (), ()]
    assert batch == _alone(paths)


def test_errors_the_operation_walk_finds_through_a_ref_are_kept(tmp_path: Path) -> None:
    # Defaults the metaschema does not check, the walk from the operations (which reads the
    # whole document) does: one outside its enum in the shared IpAddr, in each file; and one
    # of Vip's own, an array of IpAddr, checked against IpAddr although Vip leaves it out.
    bad_default = copy.deepcopy(IP_ADDR)
    bad_default["properties"]["type"]["default"] = "V5"
    vip = _doc("Vip", bad_default)
    ips = {"type": "array", "items": {"$ref": "#/definitions/IpAddr"}, "default": [{"addr": 7}]}
    vip["definitions"]["Vip"]["properties"]["ips"] = ips
    paths = _write(tmp_path, {"Pool": _doc("Pool", bad_default), "Vip": vip})
    batch = _verdicts(paths)
    assert all(any("V5" in d.message for d in v) for v in batch)
    assert any("7 is not of type 'string'" in d.message for d in batch[1])
    assert batch == _alone(paths)


def test_a_file_gets_the_same_verdict_alone_as_in_any_batch(tmp_path: Path) -> None:
    broken = copy.deepcopy(IP_ADDR)
    broken["properties"]["addr"]["minLength"] = -1
    odd_params = _doc("Gslb")
    odd_params["paths"]["/gslb"]["get"]["parameters"].append({"name": "x", "in": "nowhere"})
    docs = {
        "Alb": _doc("Alb", broken),
        "Pool": _doc("Pool"),
        "Vip": _doc("Vip", broken),
        "Gslb": odd_params,
        "Dns": _doc("Dns"),
    }
    paths = _write(tmp_path, docs)
    alone = _alone(paths)
    assert sum(bool(v) for v in alone) == 3
    assert _verdicts(paths) == alone
    assert _verdicts(list(reversed(paths))) == list(reversed(alone))
    direct = [check(doc, str(path)) for doc, path in zip(docs.values(), paths, strict=True)]
    assert [v.diagnostics for v in direct] == alone
    # proven parts shared between calls change nothing either
    clean: set[bytes] = set()
    assert _verdicts(paths[:2], clean=clean) == alone[:2]
    assert clean
    assert _verdicts(paths[2:], clean=clean) == alone[2:]


def test_proven_parts_last_across_calls(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    spy = _Spy(monkeypatch)
    paths = _write(tmp_path, {"Pool": _doc("Pool"), "Vip": _doc("Vip")})
    clean: set[bytes] = set()
    _verdicts(paths[:1], clean=clean)
    _verdicts(paths[1:], clean=clean)
    assert "/definitions/IpAddr" in spy.left_out("Vip.json")


def test_parts_json_cannot_stand_for_are_not_shared() -> None:
    doc = _doc("Pool")
    doc["definitions"]["IpAddr"]["properties"]["addr"]["default"] = float("nan")
    doc["definitions"]["Pool"]["properties"]["name"]["enum"] = (
        "a",
        "b",
    )  # a YAML !!pairs-like tuple
    shared = {p.where for p in parts(doc)}
    assert ("definitions", "IpAddr") not in shared and ("definitions", "Pool") not in shared
    assert ("definitions", "PoolApiResponse") in shared


def test_the_first_holder_owns_a_part_and_known_bad_parts_are_owned_by_none() -> None:
    a, b = (
        Part(("definitions", "A"), "definition", b"a"),
        Part(("definitions", "B"), "definition", b"b"),
    )
    assert plan_stubs([[a, b], [a], [b]], clean={b"b"}) == [[b], [a], [b]]
    assert plan_stubs([[a], [a]], clean=set(), tainted={b"a"}) == [[], []]


def test_the_installed_metaschema_has_the_shape_sharing_relies_on() -> None:
    # if this fails after upgrading openapi-spec-validator, sharing is off (every document is
    # validated whole): review the assumptions in codegen/spec/validate.py, then this test
    spec._parts_supported.cache_clear()
    assert spec._parts_supported()


def test_a_cached_clean_verdict_proves_its_parts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    spy = _Spy(monkeypatch)
    folder = tmp_path / "specs"
    folder.mkdir()
    names = ["Pool", "Vip", "Vs", "Vsvip", "Vrf"]  # Pool first: the one cached below
    paths = _write(folder, {name: _doc(name) for name in names})
    assert [p.stem for p in paths] == names
    cache = Cache(tmp_path / "cache")
    pipeline.check_files(paths[:1], cache)
    spy.runs.clear()
    # One file to validate: it is validated whole (hashing the cached files would cost more).
    assert [c.diagnostics for c in pipeline.check_files(paths[:2], cache)] == [(), ()]
    assert [file for file, _ in spy.runs] == ["Vip.json"]
    assert "/definitions/IpAddr" not in spy.left_out("Vip.json")
    # Four or more to validate: the cached clean verdict proves Pool's parts, which all of
    # them leave out.
    other = Cache(tmp_path / "other")
    pipeline.check_files(paths[:1], other)
    spy.runs.clear()
    assert [c.diagnostics for c in pipeline.check_files(paths, other)] == [()] * 5
    assert sorted(file for file, _ in spy.runs) == sorted(f"{n}.json" for n in names[1:])
    for name in names[1:]:
        assert "/definitions/IpAddr" in spy.left_out(f"{name}.json")


def test_meanwhile_runs_once_while_the_files_are_validated(tmp_path: Path) -> None:
    names = ("Pool", "Vip", "Gslb", "Cloud", "Tenant", "Role", "User", "Alert")
    paths = _write(tmp_path, {n: _doc(n) for n in names})
    seen: list[list[Path]] = []
    checked = pipeline.check_files(
        paths, Cache(None), meanwhile=lambda loaded: seen.append([c.path for c in loaded])
    )
    assert seen == [paths]
    assert [c.diagnostics for c in checked] == _alone(paths)


def test_a_file_whose_early_build_breaks_is_reported_by_validation(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The IR is built while the workers validate, from data not yet validated: a file that
    breaks the build there is left to its verdict (an error, not a traceback)."""
    real = pipeline.build_document

    def fragile(data: dict[str, Any], *args: Any) -> Any:
        if isinstance(data["definitions"].get("Vip", {}).get("properties"), list):
            raise AttributeError("'list' object has no attribute 'items'")
        return real(data, *args)

    monkeypatch.setattr(pipeline, "build_document", fragile)
    bad = _doc("Vip")
    bad["definitions"]["Vip"]["properties"] = ["name", "ip"]  # not a mapping
    names = ("Pool", "Gslb", "Cloud", "Tenant")
    paths = _write(tmp_path, {"Vip": bad, **{n: _doc(n) for n in names}})
    calls: list[object] = []
    api, diagnostics = pipeline.build_release(
        Release.parse("30.2.1"), paths, meanwhile=lambda: calls.append(1), ahead=calls.append
    )
    assert api is None and calls == [1]  # and nothing could be built ahead
    errors = [d for d in diagnostics if d.level >= Level.ERROR]
    assert errors and {d.file for d in errors} == {str(paths[0])}
    assert any(d.pointer == "/definitions/Vip/properties" for d in errors)
