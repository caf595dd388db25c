"""The customers module's demo (篇十一, R-CUS-1..6), loaded by `baomi demo_load` when the
module is on (`[modules] customers`). Demo only — never load it into a production database.

Everything goes through the services, so every write is checked and audited as in real
use: a customer-service unit (客户服务部, the first code of `[customers] service_units`,
unless the demo company already has a unit of those codes) with three logins; two agencies
and six agents, one deactivated with a reason; about 300 policies imported as a file would
be (`policies_import`), a few rows refused; the suspicious-list scan; one item closed with
findings and an evidence file; mis-selling complaints that take one agent to the re-check
threshold; one verified policy query.

`plan_customers(seed=…, today=…)` is pure and deterministic for a seed: realistic names,
valid GB 11643 ID numbers, addresses, mobile numbers and Luhn-valid bank cards, with a
few planted shared values — a family using the daughter's mobile, an agent's own mobile
given for four customers, a couple sharing a mobile, a couple sharing a card, and an agent
paying two customers' premiums from one card.

Timestamps are the services' own (the moment of loading). The scan is run for *today's*
business date: the policies are entered today, and a scan for an earlier date counts only
customers entered before it, so it would list nothing. The nightly `customers_scan`
(yesterday by default) then finds nothing new for the demo data.
"""

from baomi.demo.customers.data import (
    AGENTS,
    COMPLAINED,
    DEACTIVATED,
    DEFAULT_POLICIES,
    PEOPLE,
    UNKNOWN_AGENT,
)
from baomi.demo.customers.load import CustomersDemoSummary, load_customers_demo
from baomi.demo.customers.plan import CustomersPlan, plan_customers

__all__ = ["AGENTS", "COMPLAINED", "DEACTIVATED", "DEFAULT_POLICIES", "PEOPLE", "UNKNOWN_AGENT",
           "CustomersDemoSummary", "CustomersPlan", "load_customers_demo", "plan_customers"]
