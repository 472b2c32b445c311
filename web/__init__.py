"""ckg part: see docs/architecture.md."""
