"""The peers `bench/audit.py` measures the audit log against, in the same run."""
