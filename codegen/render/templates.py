"""Locate and load the jinja templates: the bundled ones, overridden by a user folder by name."""

from __future__ import annotations

from pathlib import Path

import jinja2

#: The bundled templates: ``templates/`` beside the ``codegen`` package.
BUNDLED = Path(__file__).resolve().parent.parent.parent / "templates"


class Templates:
    """The template folders of one run: an optional override folder, then the bundled one."""

    def __init__(self, override: Path | None = None) -> None:
        self.folders = [p for p in (override, BUNDLED) if p is not None]
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader([str(p) for p in self.folders]),
            autoescape=False,
            keep_trailing_newline=True,
            undefined=jinja2.StrictUndefined,
            trim_blocks=False,
        )

    def render(self, name: str, **context: object) -> str:
        return self.env.get_template(name).render(**context)

    def models_dir(self) -> Path:
        """The model template folder datamodel-code-generator reads (override wins if present)."""
        for folder in self.folders:
            if (folder / "models").is_dir():
                return folder / "models"
        raise FileNotFoundError("no models/ template folder")
