"""The top floor: the home page (work lists) and, later, dashboards that compose the
apps below. Nothing imports this app (docs/decisions/0007-layers.md)."""
