"""Split a release's models into modules, and give every enum one class.

* An object's module holds the definitions only that object reaches.
* A definition reached by several objects (or none) lives in a shared module, one per strongly
  connected group of such definitions, so modules import each other without cycles.
* Enum options with the same values become one enum class, named after its first user in
  sorted order; every other ``(definition, field)`` name is an alias of it.
* Enums live apart from models: those used by one module in ``<module>_enums``, one used by
  several in a module of its own (``enum_<class>``). Their modules are rendered from the
  enum template alone, and a model module and its enums change (and are cached) apart.

Names are stable: a module is named after its object or its first definition, never numbered.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from codegen.diagnostics import Diagnostic, DiagnosticError, Level, pointer
from codegen.ir.assemble import object_roots, reachable
from codegen.ir.model import Api, Field, Kind
from codegen.render.naming import class_name, enum_name, snake


@dataclass(frozen=True)
class EnumClass:
    """One enum class: its values and every (definition, field) that uses it."""

    name: str
    values: tuple[str, ...]
    users: tuple[tuple[str, str], ...]


@dataclass
class Layout:
    """Where every generated class lives."""

    module_of: dict[str, str] = field(default_factory=dict)  # class name -> module
    enum_of: dict[tuple[str, str], str] = field(default_factory=dict)  # (def, field) -> enum
    enums: dict[str, EnumClass] = field(default_factory=dict)
    aliases: dict[str, str] = field(default_factory=dict)  # per-field enum name -> enum class
    object_module: dict[str, str] = field(default_factory=dict)  # object -> its module
    definition_of: dict[str, str] = field(default_factory=dict)  # model class -> definition

    def enum_modules(self) -> set[str]:
        """The modules that hold enums only."""
        return {self.module_of[name] for name in self.enums}

    def modules(self) -> dict[str, list[str]]:
        out: dict[str, list[str]] = defaultdict(list)
        for cls, module in sorted(self.module_of.items()):
            out[module].append(cls)
        return dict(sorted(out.items()))


def enum_values(f: Field) -> tuple[str, ...]:
    base = f.type.items if f.type.kind is Kind.ARRAY and f.type.items else f.type
    return f.doc.enum if base.kind is Kind.STRING else ()


def _sccs(nodes: list[str], edges: dict[str, set[str]]) -> list[list[str]]:
    """Tarjan's strongly connected components, iterative, in a deterministic order."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    out: list[list[str]] = []
    counter = 0
    for root in nodes:
        if root in index:
            continue
        work = [(root, iter(sorted(edges.get(root, ()))))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(edges.get(child, ())))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                group = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.append(member)
                    if member == node:
                        break
                out.append(sorted(group))
    return out


def _class_collisions(api: Api) -> list[Diagnostic]:
    """Definitions whose names give the same class name (``Foo`` and ``foo``): one would be
    lost, so they are reported instead."""
    by_class: dict[str, list[str]] = defaultdict(list)
    for d in sorted(api.definitions):
        by_class[class_name(d)].append(d)
    out = []
    for cls, names in sorted(by_class.items()):
        if len(names) > 1:
            first = api.definitions[names[0]]
            out.append(
                Diagnostic(
                    first.source,
                    pointer("definitions", names[0]),
                    Level.ERROR,
                    "name-collision",
                    f"definitions {', '.join(repr(n) for n in names)} would all be class {cls}",
                )
            )
    return out


#: Longest chain of definitions nested in one another that a models package may hold: pydantic
#: builds a model's schema recursively, and runs out of stack at about a hundred (Avi: 13).
MAX_NESTING = 64


def _too_deep(api: Api) -> list[Diagnostic]:
    """The longest chain of nested definitions (a cycle counted whole), if it is too long."""
    names = sorted(api.definitions)
    edges = {
        d: {r for f in api.definitions[d].fields for r in f.type.refs() if r in api.definitions}
        for d in names
    }
    depth: dict[str, int] = {}  # definition -> longest chain from it
    below: dict[str, str | None] = {}  # the next definition on that chain
    for group in _sccs(names, edges):  # each group after every group it reaches
        members = set(group)
        outside = [(depth[r], r) for d in group for r in edges[d] if r not in members]
        best = max(outside, default=(0, None))
        for d in group:
            depth[d] = len(group) + best[0]
            below[d] = best[1]
    if not depth or max(depth.values()) <= MAX_NESTING:
        return []
    root = max(names, key=lambda d: (depth[d], d))
    chain: list[str] = [root]
    while (nxt := below[chain[-1]]) is not None and len(chain) < 4:
        chain.append(nxt)
    shown = " > ".join(chain) + (" > ..." if below[chain[-1]] is not None else "")
    return [
        Diagnostic(
            api.definitions[root].source,
            pointer("definitions", root),
            Level.ERROR,
            "too-deep",
            f"definitions nested {depth[root]} levels deep ({shown}); "
            f"generated models hold at most {MAX_NESTING}",
        )
    ]


def plan_layout(api: Api) -> Layout:
    """Where every class of ``api`` goes; raises :class:`DiagnosticError` when names collide
    or definitions nest too deeply."""
    problems = _class_collisions(api) or _too_deep(api)
    if problems:
        raise DiagnosticError(problems)
    layout = Layout()
    taken_modules: set[str] = set()

    def module_name(base: str) -> str:
        name = base
        while name in taken_modules:
            name += "_"
        taken_modules.add(name)
        return name

    owners: dict[str, set[str]] = defaultdict(set)
    for obj_name, obj in api.objects.items():
        for d in reachable(api, object_roots(api, [obj])):
            owners[d].add(obj_name)
    obj_module: dict[str, str] = {}
    for obj_name in api.objects:
        obj_module[obj_name] = module_name(snake(obj_name))
    layout.object_module = dict(obj_module)

    shared = sorted(d for d in api.definitions if len(owners.get(d, ())) != 1)
    shared_set = set(shared)
    edges = {
        d: {r for f in api.definitions[d].fields for r in f.type.refs() if r in shared_set}
        for d in shared
    }
    def_module: dict[str, str] = {}
    for group in sorted(_sccs(shared, edges)):
        module = module_name("shared_" + snake(group[0]))
        for d in group:
            def_module[d] = module
    for d in api.definitions:
        if d not in def_module:
            (only,) = owners[d]
            def_module[d] = obj_module[only]
    for d, module in def_module.items():
        layout.module_of[class_name(d)] = module
        layout.definition_of[class_name(d)] = d

    # Enums: one class per distinct value list.
    taken = set(layout.module_of)
    by_values: dict[tuple[str, ...], list[tuple[str, str]]] = defaultdict(list)
    for dname in sorted(api.definitions):
        for f in api.definitions[dname].fields:
            values = enum_values(f)
            if values:
                by_values[values].append((dname, f.name))
    per_field_names: dict[tuple[str, str], str] = {}
    enums_of: dict[str, str] = {}  # models module -> the module of the enums only it uses
    for users in sorted(by_values.values()):
        for dname, fname in users:
            try:
                name = enum_name(dname, fname, taken)
            except ValueError as exc:
                where = pointer("definitions", dname, "properties", fname)
                source = api.definitions[dname].source
                raise DiagnosticError(
                    [Diagnostic(source, where, Level.ERROR, "name-collision", str(exc))]
                ) from None
            taken.add(name)
            per_field_names[(dname, fname)] = name
    for values, users in sorted(by_values.items(), key=lambda kv: kv[1]):
        canonical = per_field_names[users[0]]
        layout.enums[canonical] = EnumClass(canonical, values, tuple(users))
        for user in users:
            layout.enum_of[user] = canonical
            if per_field_names[user] != canonical:
                layout.aliases[per_field_names[user]] = canonical
        user_modules = {def_module[d] for d, _ in users}
        if len(user_modules) == 1:
            (user_module,) = user_modules
            if user_module not in enums_of:
                enums_of[user_module] = module_name(user_module + "_enums")
            layout.module_of[canonical] = enums_of[user_module]
        else:
            layout.module_of[canonical] = module_name("enum_" + snake(canonical))
    return layout
