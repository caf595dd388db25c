"""The top floor's demo loader: the demo company (`company/`) and the customers module's
demo (`customers/`), loaded through every app's services by `baomi demo_load`.

Nothing imports this app (docs/decisions/0007-layers.md). Demo only.
"""
