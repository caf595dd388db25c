"""Pages of the personnel app: thin, calling selectors and services only."""
