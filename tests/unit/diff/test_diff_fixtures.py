"""Every change kind on a fixture pair: ``tests/fixtures/diff/<case>_base.json`` -> ``_revision``.

Each pair is a small Swagger 2.0 document in Avi's style (``/pool`` with its CRUD operations and
a request-only ``POST /pool/{uuid}/scaleout`` body, ``ScaleoutParams``), so the severity that
follows direction is visible: ``Pool`` travels both ways, read-only fields in responses only,
``ScaleoutParams`` in requests only. The expected lists are complete: nothing else may appear.
"""

from __future__ import annotations

import pytest
from diff_support import FIXTURES, NO_SPECS, Row, case_files, cases, diff_case, rows

from codegen.diff.compare import diff_apis
from codegen.diff.inputs import load_side
from codegen.diff.kinds import REGISTRY

EXPECTED: dict[str, list[Row]] = {
    "fields": [
        ("definition-removed", "Legacy", "Legacy", None),
        ("definition-added", "HealthMonitor", None, "HealthMonitor"),
        ("field-added", "Pool.monitor", None, "HealthMonitor"),
        ("field-added", "Pool.new_option", None, "string"),
        ("field-removed", "Pool.old_flag", "boolean", None),
        ("request-required-field-added", "Pool.tier", None, "string"),
        # required but read-only: only responses carry it
        ("field-added", "Pool.url", None, "string"),
    ],
    "rename": [
        ("field-removed", "Pool.alpha", "string", None),
        ("field-added", "Pool.beta", None, "string"),
        # no summary to compare: never a rename
        ("field-added", "Pool.blank_new", None, "string"),
        ("field-removed", "Pool.blank_old", "string", None),
        ("field-renamed", "Pool.controller_patch_ref", "controller_patch_uuid",
         "controller_patch_ref"),
        ("ref-type-added", "Pool.controller_patch_ref", None, "Image"),
        # two removed fields match one added field: ambiguous, so no rename
        ("field-removed", "Pool.copy_a", "string", None),
        ("field-removed", "Pool.copy_b", "string", None),
        ("field-added", "Pool.copy_c", None, "string"),
        # the field's own name inside its summary is blanked out
        ("field-renamed", "Pool.queue_size", "pool_size", "queue_size"),
        # same words, other type: not a rename
        ("field-added", "Pool.se_patch_ref", None, "integer(int32)"),
        ("field-removed", "Pool.se_patch_uuid", "string", None),
    ],
    "types": [
        ("type-changed", "Pool.addr", "IpAddr", "IpAddr6"),
        ("type-changed", "Pool.count", "string", "integer(int32)"),
        ("response-format-widened", "Pool.grow", "int32", "int64"),
        # 1-MAX under int32 and uint32: uint32 holds more of it
        ("response-format-widened", "Pool.open_ended", "int32", "uint32"),
        ("format-changed-within-range", "Pool.percent", "int32", "uint32"),
        ("format-changed", "Pool.plain32", "int32", "uint32"),
        ("response-format-widened", "Pool.ratio", "float", "double"),
        ("response-format-narrowed", "Pool.ro_shrink", "int64", "int32"),
        ("request-format-narrowed", "Pool.shrink", "int64", "int32"),
        ("response-format-widened", "Pool.sizes", "int32", "int64"),
        ("type-changed", "Pool.tags", "array<string>", "array<integer(int32)>"),
        # the special value -1 no longer fits a uint32
        ("request-format-narrowed", "Pool.timeout", "int32", "uint32"),
        ("request-format-widened", "ScaleoutParams.weight", "int32", "int64"),
    ],
    "required": [
        ("read-only-added", "Pool.locked", False, True),
        ("response-required-removed", "Pool.maybe", True, False),
        ("request-required-added", "Pool.must", False, True),
        ("response-required-added", "Pool.ro_must", False, True),
        ("read-only-removed", "Pool.unlocked", True, False),
        ("request-required-removed", "ScaleoutParams.count", True, False),
    ],
    "enums": [
        ("enum-introduced", "Pool.kind", None, ["KIND_1", "KIND_2"]),
        ("enum-lifted", "Pool.legacy", ["X", "Y"], None),
        ("request-enum-value-removed", "Pool.mode", ["MODE_B"], None),
        ("response-enum-value-added", "Pool.mode", None, ["MODE_D", "MODE_E"]),
        ("request-enum-value-removed", "Pool.protocols", ["TLS1_2"], None),
        ("response-enum-value-added", "Pool.state", None, ["UNKNOWN"]),
        ("response-enum-value-removed", "Pool.state", ["OLD"], None),
        ("response-enum-value-added", "Pool.weight", None, [8]),
        ("request-enum-value-added", "ScaleoutParams.reason", None, ["SCHEDULE"]),
    ],
    "ranges": [
        ("request-range-narrowed", "Pool.a", "1-100", "1-50"),
        ("response-range-widened", "Pool.b", "1-100", "0-200"),
        ("request-range-narrowed", "Pool.c", None, "0-10"),
        ("response-range-widened", "Pool.d", "0-10", None),
        ("request-range-narrowed", "Pool.e", "0-10", "5-20"),
        ("response-range-narrowed", "Pool.f", "0-10", "0-5"),
        ("request-special-value-removed", "Pool.h", [{"value": -1, "meaning": "Infinite"}], None),
        ("response-special-value-added", "Pool.i", None, [{"value": -1, "meaning": "Unlimited"}]),
        ("special-value-meaning-changed", "Pool.j", {"value": 0, "meaning": "Disabled"},
         {"value": 0, "meaning": "Off"}),
        ("request-item-count-narrowed", "Pool.l", {"max_items": 10}, {"max_items": 5}),
        ("response-item-count-widened", "Pool.m", {"max_items": 5}, {"max_items": 10}),
        ("request-item-count-narrowed", "Pool.n", None, {"min_items": 1}),
        ("response-item-count-narrowed", "Pool.ro_list", {"max_items": 8}, {"max_items": 4}),
        ("response-special-value-removed", "Pool.ro_special",
         [{"value": 0, "meaning": "Disabled"}], None),
        ("request-range-widened", "ScaleoutParams.count", "1-10", "1-20"),
        ("request-special-value-added", "ScaleoutParams.delay", None,
         [{"value": 0, "meaning": "Now"}]),
        ("request-item-count-widened", "ScaleoutParams.hosts", {"max_items": 4},
         {"max_items": 8}),
    ],
    "defaults": [
        ("default-changed", "Pool.d1", 10, 20),
        ("default-added", "Pool.d2", None, True),
        ("default-removed", "Pool.d3", "x", None),
        ("special-default-changed", "Pool.d5", "false", "true"),
    ],
    "units": [
        ("unit-changed", "Pool.u1", "SEC", "MILLISECONDS"),
        ("unit-added", "Pool.u2", None, "GB"),
        ("unit-removed", "Pool.u3", "MB", None),
    ],
    "refs": [
        ("ref-type-changed", "Pool.r1", "Pool", "PoolGroup"),
        ("ref-type-added", "Pool.r2", None, "Tenant"),
        ("ref-type-removed", "Pool.r3", "Cloud", None),
    ],
    "lifecycle": [
        ("field-deprecated", "Pool.l1", None, "22.1.1"),
        ("zero-unlimited-added", "Pool.l10", False, True),
        ("zero-unlimited-removed", "Pool.l11", True, False),
        ("field-undeprecated", "Pool.l2", "21.1.3", None),
        ("field-moved", "Pool.l3", None, "se_group properties 20.1.3"),
        ("reboot-required-added", "Pool.l6", False, True),
        ("reboot-required-removed", "Pool.l7", True, False),
        ("internal-use-added", "Pool.l8", False, True),
        ("internal-use-removed", "Pool.l9", True, False),
    ],
    "editions": [
        ("edition-removed", "Pool.e3", "Basic", None),
        ("edition-removed", "Pool.e3", "Essentials", None),
        ("edition-added", "Pool.e4", None, "Basic"),
        ("edition-added", "Pool.e4", None, "Essentials"),
        ("edition-values-widened", "Pool.e5", "values false", "any value"),
        ("edition-values-narrowed", "Pool.e6", "any value", "values false"),
        ("edition-values-narrowed", "Pool.e7", "any value",
         "any value (only with addon license)"),
    ],
    # every description reworded, reordered and respelled; nothing means anything else
    "wording": [],
    "operations": [
        ("operation-removed", "DELETE /pool/{uuid}", "DELETE /pool/{uuid}", None),
        ("parameter-added", "GET /pool query:fields", None, "string"),
        ("parameter-type-changed", "GET /pool query:include_name", "string", "boolean"),
        ("parameter-removed", "GET /pool query:name", "string", None),
        ("parameter-required-removed", "GET /pool/{uuid} header:X-Avi-Version", True, False),
        ("response-type-changed", "GET /pool/{uuid} response:200", "Pool", "PoolRuntime"),
        ("response-removed", "GET /pool/{uuid} response:401", None, None),
        ("response-added", "GET /pool/{uuid} response:404", None, None),
        ("operation-added", "GET /pool/{uuid}/runtime/", None, "GET /pool/{uuid}/runtime/"),
        ("parameter-type-changed", "PATCH /pool/{uuid} body", "Pool", "PoolPatch"),
        ("required-parameter-added", "POST /pool header:X-Avi-Tenant", None, "string"),
        ("parameter-required-added", "PUT /pool/{uuid} header:X-CSRFToken", False, True),
        ("definition-added", "PoolPatch", None, "PoolPatch"),
        ("definition-added", "PoolRuntime", None, "PoolRuntime"),
    ],
}


def test_every_fixture_pair_has_expectations() -> None:
    assert cases() == sorted(EXPECTED)
    for case in cases():
        for path in case_files(case):
            assert path.is_file(), path


@pytest.mark.parametrize("case", sorted(EXPECTED))
def test_fixture_pair(case: str) -> None:
    assert rows(diff_case(case)) == EXPECTED[case]


@pytest.mark.parametrize("case", sorted(EXPECTED))
def test_nothing_changes_against_itself(case: str) -> None:
    base, _ = case_files(case)
    side = load_side(str(base), NO_SPECS)
    assert diff_apis(side.api, side.api) == []


def test_kinds_come_from_the_registry_and_follow_their_direction() -> None:
    for case in cases():
        for change in diff_case(case):
            assert REGISTRY[change.id] is change.kind
            if change.definition == "ScaleoutParams":  # a request body only
                assert change.direction.value in ("request", "both")


def test_object_folders() -> None:
    old = load_side(str(FIXTURES / "objects_base"), NO_SPECS)
    new = load_side(str(FIXTURES / "objects_revision"), NO_SPECS)
    got = [(c.id, c.object, c.location) for c in diff_apis(old.api, new.api)]
    assert got == [
        ("object-added", "Tenant", "Tenant"),
        ("definition-added", "Tenant", "Tenant"),
        ("definition-added", "Tenant", "TenantApiResponse"),
        ("object-removed", "Vip", "Vip"),
        ("definition-removed", "Vip", "Vip"),
        ("definition-removed", "Vip", "VipApiResponse"),
    ]
    # and backwards, everything swaps
    back = {c.id for c in diff_apis(new.api, old.api)}
    assert back == {"definition-added", "definition-removed", "object-added", "object-removed"}


def test_every_spec_change_kind_is_exercised_by_a_fixture() -> None:
    seen = {c.id for case in cases() for c in diff_case(case)}
    old = load_side(str(FIXTURES / "objects_base"), NO_SPECS)
    new = load_side(str(FIXTURES / "objects_revision"), NO_SPECS)
    seen |= {c.id for c in diff_apis(old.api, new.api)}
    spec_kinds = {k for k in REGISTRY if not k.startswith("python-")}
    assert spec_kinds - seen == set()
