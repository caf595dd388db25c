"""Parts of bench/customers_scan.py: Django set-up, the generated table, the figures."""
