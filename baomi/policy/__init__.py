"""The organisation's policy and the pure rules. Every rule returns a `Decision`."""
