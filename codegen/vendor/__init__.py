"""Bring specs in and packages out: ``import-specs`` and ``vendor``.

* :mod:`codegen.vendor.specs` copies a folder of Avi spec files into ``<specs>/<release>/``,
  checked and atomically (``avi-codegen import-specs``).
* :mod:`codegen.vendor.project` makes one release's package a self-contained, installable
  project under a name of the user's choosing (``avi-codegen vendor``).
"""
