"""The hand-written runtime that every generated package carries as ``_runtime``.

These modules are copied verbatim into each generated package; they import only pydantic,
httpx and each other (relatively), never the generator.
"""
