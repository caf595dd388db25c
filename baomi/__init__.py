"""baomi (保密): secrecy management for organisations."""
