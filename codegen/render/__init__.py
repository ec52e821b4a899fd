"""Stage 3: IR to files: JSON Schema view, models, client, package layout, formatting, writing."""
