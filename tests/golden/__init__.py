"""Golden tests: round trips per release, negative cases, properties, generated-code record."""
