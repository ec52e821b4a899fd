"""Stage 1: read spec files, normalise Avi's known quirks, validate."""
