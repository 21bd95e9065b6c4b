#!/usr/bin/env python3
"""Deterministic synthetic store for the score benchmark (bench/score_bench.py).

Writes CSV files of the canonical tables the `tempo` scorer reads (docs/scoring.md,
docs/store-schema.md) and a tempo.yaml whose `file` connection `crm` maps them, so the store is
built the way a user builds one: `tempo sync crm` (score_bench.py does it and keeps the store).
At --scale 1.0: 300 partners, 200,000 accounts, 1,000,000 opportunities (about 12 % with a
partner attached: 150,000 attributions), 2,000,000 leads (10 % referred by a partner, about
8 % converted), 500,000 overlaps, 50,000 partner activities, 300 integrations and 60,000
installs. The same --scale and --seed always give the same bytes. Dates fall in the two years
before the benchmark's as-of instant, 2026-06-30.

    bench/score_data.py --scale 1.0 --out DIR    # DIR/score-1.0/{*.csv,tempo.yaml}
"""
import argparse
import csv
import os
import random

AS_OF = "2026-06-30"
PARTNERS = 300
BASE = {"accounts": 200000, "opportunities": 1000000, "leads": 2000000, "overlaps": 500000,
        "activities": 50000, "installs": 60000}
DAY = 86400


def _date(rnd, lo_days=0, hi_days=730):
    """An ISO time lo..hi days before the as-of instant (2026-06-30T00:00:00Z)."""
    t = 1782777600 - rnd.randint(lo_days * DAY, hi_days * DAY)
    return _iso(t), t


def _iso(t):
    import time
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(t))


class Writer:
    def __init__(self, out, name, header):
        self.f = open(os.path.join(out, name + ".csv"), "w", newline="", encoding="utf-8")
        self.w = csv.writer(self.f)
        self.w.writerow(header)

    def row(self, *values):
        self.w.writerow(["" if v is None else v for v in values])

    def close(self):
        self.f.close()


def generate(scale, out, seed=42):
    rnd = random.Random(seed)
    n = {k: max(1, int(v * scale)) for k, v in BASE.items()}
    os.makedirs(out, exist_ok=True)

    w = Writer(out, "partners", ["partner_id", "name", "domain", "partner_type", "tier",
                                 "status", "partnered_at"])
    types = ["technology", "reseller", "si", "referral", "agency", "marketplace"]
    for p in range(PARTNERS):
        w.row(f"P{p:04d}", f"Partner {p} Systems", f"partner{p}.example.com", rnd.choice(types),
              rnd.choice(["gold", "silver", "bronze"]), "active", _date(rnd, 100, 2000)[0])
    w.close()

    w = Writer(out, "integrations", ["integration_id", "partner_id", "name", "status",
                                     "released_at"])
    for p in range(PARTNERS):
        w.row(f"I{p:04d}", f"P{p:04d}", f"Partner {p} connector", rnd.choice(["ga", "beta"]),
              _date(rnd, 200, 1500)[0])
    w.close()

    accounts = n["accounts"]
    w = Writer(out, "accounts", ["account_id", "name", "domain", "lifecycle", "customer_since",
                                 "churned_at", "arr_usd", "segment"])
    customer = []
    for a in range(accounts):
        r = rnd.random()
        lifecycle = "customer" if r < 0.3 else "former_customer" if r < 0.35 else "prospect"
        since = churned = arr = None
        if lifecycle != "prospect":
            since = _date(rnd, 30, 1500)[0]
            arr = round(rnd.lognormvariate(10, 1), 2)
        if lifecycle == "former_customer":
            churned = _date(rnd, 0, 700)[0]
        customer.append(lifecycle == "customer")
        w.row(f"A{a:07d}", f"Account {a}", f"account{a}.example.com", lifecycle, since, churned,
              arr, rnd.choice(["smb", "mid", "enterprise"]))
    w.close()

    opps = n["opportunities"]
    w = Writer(out, "opportunities", ["opp_id", "account_id", "name", "opp_type", "amount",
                                      "currency", "stage", "is_closed", "is_won", "created_at",
                                      "closed_at"])
    attributions = Writer(out, "opportunity_partners", ["attribution_id", "opp_id",
                                                        "partner_id", "role", "is_primary",
                                                        "attributed_at"])
    roles = ["sourced", "influenced", "co_sell", "resell", "referral"]
    for o in range(opps):
        created_s, created = _date(rnd, 0, 730)
        closed = rnd.random() < 0.7
        won = closed and rnd.random() < 0.35
        closed_at = _iso(min(created + rnd.randint(5, 200) * DAY, 1782777600)) if closed else None
        partnered = rnd.random() < 0.12
        if won and partnered and rnd.random() < 0.3:
            won = True
        amount = round(rnd.lognormvariate(9.5, 1.1) * (1.15 if partnered else 1), 2)
        w.row(f"O{o:08d}", f"A{rnd.randrange(accounts):07d}", f"Deal {o}",
              rnd.choice(["new", "new", "expansion", "renewal"]), amount, "USD",
              "closed" if closed else "open", int(closed), int(won), created_s, closed_at)
        if partnered:
            attributions.row(f"AT{o:08d}", f"O{o:08d}", f"P{rnd.randrange(PARTNERS):04d}",
                             rnd.choice(roles), 1, created_s)
    w.close()
    attributions.close()

    w = Writer(out, "leads", ["lead_id", "account_id", "partner_id", "email", "company",
                              "status", "lead_source", "created_at", "mql_at",
                              "first_response_at", "converted_opp_id"])
    for ld in range(n["leads"]):
        created_s, created = _date(rnd, 0, 730)
        referred = rnd.random() < 0.1
        mql = _iso(created + rnd.randint(0, 20) * DAY) if rnd.random() < 0.5 else None
        response = _iso(created + rnd.randint(1, 7200) * 60) if rnd.random() < 0.8 else None
        converted = f"O{rnd.randrange(opps):08d}" if rnd.random() < 0.08 else None
        w.row(f"L{ld:08d}", f"A{rnd.randrange(accounts):07d}",
              f"P{rnd.randrange(PARTNERS):04d}" if referred else None,
              f"lead{ld}@example.com", f"Company {ld % 50000}", rnd.choice(["open", "working",
                                                                          "qualified"]),
              "partner" if referred else rnd.choice(["web", "event", "outbound"]), created_s,
              mql, response, converted)
    w.close()

    pops = ["customer", "prospect", "open_opp", "other"]
    w = Writer(out, "overlaps", ["overlap_id", "partner_id", "partner_name", "partner_domain",
                                 "account_name", "account_domain", "account_crm_id",
                                 "our_population", "partner_population", "snapshot_at"])
    for ov in range(n["overlaps"]):
        p, a = rnd.randrange(PARTNERS), rnd.randrange(accounts)
        w.row(f"OV{ov:08d}", f"P{p:04d}", f"Partner {p} Systems", f"partner{p}.example.com",
              f"Account {a}", f"account{a}.example.com", f"A{a:07d}",
              "customer" if customer[a] else rnd.choice(pops[1:]), rnd.choice(pops), AS_OF)
    w.close()

    w = Writer(out, "activities", ["activity_id", "partner_id", "account_id", "kind",
                                   "occurred_at"])
    for i in range(n["activities"]):
        w.row(f"ACT{i:08d}", f"P{rnd.randrange(PARTNERS):04d}",
              f"A{rnd.randrange(accounts):07d}",
              rnd.choice(["intro_given", "intro_received", "joint_call", "event"]),
              _date(rnd, 0, 400)[0])
    w.close()

    w = Writer(out, "installs", ["install_id", "account_id", "integration_id", "installed_at",
                                 "uninstalled_at"])
    for i in range(n["installs"]):
        w.row(f"IN{i:08d}", f"A{rnd.randrange(accounts):07d}", f"I{rnd.randrange(PARTNERS):04d}",
              _date(rnd, 0, 900)[0], _date(rnd, 0, 100)[0] if rnd.random() < 0.1 else None)
    w.close()
    return n


STREAMS = [  # name, file, entity, id column, columns (canonical: source)
    ("partners", "partner", "partner_id",
     "name: name, domain: domain, partner_type: partner_type, tier: tier, status: status, "
     "partnered_at: partnered_at"),
    ("integrations", "integration", "integration_id",
     "partner_source_id: partner_id, name: name, status: status, released_at: released_at"),
    ("accounts", "account", "account_id",
     "name: name, domain: domain, lifecycle: lifecycle, customer_since: customer_since, "
     "churned_at: churned_at, arr_usd: arr_usd, segment: segment"),
    ("opportunities", "opportunity", "opp_id",
     "account_source_id: account_id, name: name, opp_type: opp_type, amount: amount, "
     "currency: currency, stage: stage, is_closed: is_closed, is_won: is_won, "
     "created_at: created_at, closed_at: closed_at"),
    ("opportunity_partners", "opportunity_partner", "attribution_id",
     "opportunity_source_id: opp_id, partner_source_id: partner_id, role: role, "
     "is_primary: is_primary, attributed_at: attributed_at"),
    ("leads", "lead", "lead_id",
     "account_source_id: account_id, partner_source_id: partner_id, email: email, "
     "company: company, status: status, lead_source: lead_source, created_at: created_at, "
     "mql_at: mql_at, first_response_at: first_response_at, "
     "converted_opportunity_source_id: converted_opp_id"),
    ("overlaps", "overlap", "overlap_id",
     "partner_source_id: partner_id, partner_name: partner_name, "
     "partner_domain: partner_domain, account_name: account_name, "
     "account_domain: account_domain, account_crm_id: account_crm_id, "
     "our_population: our_population, partner_population: partner_population, "
     "snapshot_at: snapshot_at"),
    ("activities", "partner_activity", "activity_id",
     "partner_source_id: partner_id, account_source_id: account_id, kind: kind, "
     "occurred_at: occurred_at"),
    ("installs", "integration_install", "install_id",
     "account_source_id: account_id, integration_source_id: integration_id, "
     "installed_at: installed_at, uninstalled_at: uninstalled_at"),
]


def write_config(out, plugin_dir):
    lines = ["store:", "  path: tempo.db", "plugins:", f"  path: [{plugin_dir}]",
             "connections:", "  - name: crm", "    plugin: file", "    keep_raw: false",
             "    config:", "      streams:"]
    for name, entity, id_col, cols in STREAMS:
        lines += [f"        - name: {name}", f"          path: {name}.csv",
                  f"          entity: {entity}", f"          id: {id_col}",
                  f"          columns: {{{cols}}}"]
    lines += ["scorers:", "  - name: tempo", "    plugin: tempo"]
    with open(os.path.join(out, "tempo.yaml"), "w") as f:
        f.write("\n".join(lines) + "\n")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scale", type=float, default=1.0)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--out", default=".")
    ap.add_argument("--plugins", default="build-release/plugins")
    args = ap.parse_args()
    out = os.path.join(args.out, f"score-{args.scale}")
    print(generate(args.scale, out, args.seed))
    write_config(out, os.path.abspath(args.plugins))
    print(out)


if __name__ == "__main__":
    main()
