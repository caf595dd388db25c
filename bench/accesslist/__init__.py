"""Parts of bench/access_list.py (data building, anchors)."""
