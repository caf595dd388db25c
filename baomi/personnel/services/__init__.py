"""Writes of the personnel app (rule of the house 1): one function per domain event."""
