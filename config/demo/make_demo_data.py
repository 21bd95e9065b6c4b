#!/usr/bin/env python3
"""Writes the demo's source files into config/demo/data/ (run it from anywhere).

One small synthetic B2B software company, "Brightwave", sells an analytics product and works
with eight partners. Some partners are planted strong (they source and influence deals that
win, their integration runs on many customers, they share overlap data and meet often) and some
weak (few deals, rarely won, little else), so a scorer has something to find.

The files are what such a company would have lying around, each read by the `file` connector
(see config/demo.yaml for the mapping to the canonical model):

  partners.csv, integrations.csv          the partner team's spreadsheets
  integration_installs.jsonl              product telemetry export (JSON Lines)
  partner_activities.jsonl                partner activity log (JSON Lines)
  crm/accounts.csv                        CRM export: UTF-8 BOM and CRLF, as Excel writes it
  crm/opportunities.csv, crm/opportunity_partners.csv
  overlaps/<partner>.csv                  one account-overlap export per partner that shares

Deterministic: a fixed seed and no clock, so the output only changes when this script does.
Standard library only.
"""

import csv
import json
import os
import random
from datetime import date, timedelta

SEED = 20260101
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data")
SNAPSHOT_AT = "2026-10-15T00:00:00Z"

# id, name, website (as typed in the spreadsheet), type, tier, status, partnered_at, strength
PARTNERS = [
    ("P01", "Northwind Consulting", "https://www.Northwind-Consulting.com/partners", "si",
     "gold", "active", "2023-04-01", 0.9),
    ("P02", "Cloudlift", "cloudlift.io", "technology", "platinum", "active", "2022-09-15", 0.85),
    ("P03", "Ridgeline Resellers, Inc.", "ridgeline-resellers.com", "reseller", "silver",
     "active", "2024-01-10", 0.55),
    ("P04", "Lumen Marketplace", "http://lumenmarket.com/", "marketplace", "silver", "active",
     "2024-06-01", 0.5),
    ("P05", "Bayside Digital", "www.baysidedigital.co", "agency", "bronze", "active",
     "2025-02-01", 0.2),
    ("P06", "Keystone Referrals", "keystonereferrals.com", "referral", "registered", "active",
     "2025-05-20", 0.15),
    ("P07", "Vertex Data Labs", "https://vertexdatalabs.com", "technology", "silver", "active",
     "2024-11-01", 0.35),
    ("P08", "Harbor IT Group", "harborit.net", "reseller", "registered", "inactive",
     "2023-08-15", 0.05),
]
PARTNER_BY_ID = {p[0]: p for p in PARTNERS}
STRENGTH = {p[0]: p[7] for p in PARTNERS}

# The planted deal history: per partner (None: no partner), how many opportunities it is on,
# how many of those are closed and how many won, and the share it sourced (vs influenced).
DEAL_PLAN = [
    ("P01", 9, 8, 6, 0.7),
    ("P02", 8, 7, 5, 0.25),
    ("P03", 4, 3, 2, 0.5),
    ("P04", 3, 2, 1, 0.0),
    ("P05", 2, 2, 0, 0.0),
    ("P06", 1, 1, 0, 1.0),
    ("P07", 2, 2, 1, 0.0),
    ("P08", 1, 1, 0, 0.0),
    (None, 10, 8, 2, 0.0),
]
# Integrations: id, partner, name, status, released_at, share of customers that install it.
INTEGRATIONS = [
    ("I01", "P02", "Cloudlift Connector", "ga", "2024-05-01", 0.6),
    ("I02", "P04", "Lumen Marketplace App", "ga", "2025-02-01", 0.25),
    ("I03", "P01", "Northwind Migration Kit", "ga", "2025-06-01", 0.15),
    ("I04", "P07", "Vertex Sync", "beta", "2025-09-15", 0.1),
    ("I05", "P05", "Bayside Forms", "planned", "", 0.0),
]
# Partners that share overlap data, with the chance each of our accounts overlaps theirs.
OVERLAP_RATE = {"P01": 0.45, "P02": 0.5, "P03": 0.25, "P04": 0.2, "P05": 0.08, "P07": 0.12}
ACTIVITY_COUNT = {"P01": 12, "P02": 9, "P03": 4, "P04": 3, "P05": 2, "P06": 1, "P07": 2,
                  "P08": 0}
ACTIVITY_KINDS = ["intro_given", "intro_received", "deal_registration", "joint_call",
                  "joint_event", "enablement"]

NAME_FIRST = ["Blue", "Iron", "Silver", "North", "Clear", "Swift", "Maple", "Granite",
              "Summit", "Cedar", "Pioneer", "Atlas", "Beacon", "Crescent", "Evergreen",
              "Falcon", "Golden", "Horizon", "Juniper", "Lakeside", "Meridian", "Nimbus",
              "Oakridge", "Pinnacle", "Quarry", "Redwood", "Sterling", "Tidewater", "Upland",
              "Willow"]
NAME_SECOND = ["Logistics", "Health", "Foods", "Robotics", "Capital", "Energy", "Retail",
               "Labs", "Media", "Systems", "Motors", "Insurance", "Pharma", "Freight",
               "Analytics", "Textiles", "Hotels", "Software", "Telecom", "Bank"]
TLDS = [".com", ".com", ".com", ".com", ".io", ".co", ".net", ".de", ".co.uk"]


def day(d):
    return d.isoformat()


def stamp(d, hour=9):
    return f"{d.isoformat()}T{hour:02d}:00:00Z"


def write_csv(path, header, rows, excel=False):
    """Writes a CSV; excel=True adds a UTF-8 BOM and CRLF line ends, as Excel saves them."""
    os.makedirs(os.path.dirname(path), exist_ok=True)
    encoding = "utf-8-sig" if excel else "utf-8"
    with open(path, "w", newline="", encoding=encoding) as f:
        writer = csv.writer(f, lineterminator="\r\n" if excel else "\n")
        writer.writerow(header)
        writer.writerows(rows)


def write_jsonl(path, objects):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", newline="", encoding="utf-8") as f:
        for obj in objects:
            f.write(json.dumps(obj, separators=(",", ":"), ensure_ascii=False) + "\n")


def website_as_typed(rng, domain):
    """The domain the way people type it into a CRM; the store normalizes it back."""
    style = rng.random()
    if style < 0.12:
        company = domain.split(".")[0].capitalize()
        return f"https://www.{company}.{domain.split('.', 1)[1]}/contact"
    if style < 0.22:
        return f"http://{domain}/"
    if style < 0.28:
        return f"www.{domain}"
    return domain


def make_accounts(rng):
    names = [f"{a} {b}" for a in NAME_FIRST for b in NAME_SECOND]
    rng.shuffle(names)
    accounts = []
    for i, name in enumerate(names[:60], start=1):
        domain = name.lower().replace(" ", "") + rng.choice(TLDS)
        if i == 7:
            name += ", Inc."  # a comma: the field gets quoted
        if i == 19:
            name = 'Nimbus "Cloud" Analytics'  # quotes inside a quoted field
            domain = "nimbuscloud.io"
        r = rng.random()
        lifecycle = "customer" if r < 0.42 else ("former_customer" if r < 0.5 else "prospect")
        segment = rng.choices(["enterprise", "mid-market", "smb"], [2, 3, 3])[0]
        customer_since = churned_at = ""
        arr = ""
        if lifecycle in ("customer", "former_customer"):
            since = date(2022, 1, 3) + timedelta(days=rng.randrange(0, 1100))
            customer_since = day(since)
            arr = {"enterprise": 120000, "mid-market": 40000, "smb": 9000}[segment]
            arr = str(int(arr * rng.uniform(0.6, 1.8)) // 100 * 100)
            if lifecycle == "former_customer":
                churned_at = day(min(since + timedelta(days=rng.randrange(200, 700)),
                                     date(2026, 9, 30)))
                arr = ""
        updated = date(2026, 1, 5) + timedelta(days=rng.randrange(0, 270))
        accounts.append({
            "account_id": f"A{i:03d}", "name": name, "domain": domain,
            "website": website_as_typed(rng, domain), "lifecycle": lifecycle,
            "segment": segment, "customer_since": customer_since, "churned_at": churned_at,
            "arr_usd": arr, "updated_at": stamp(updated, 8 + i % 10),
        })
    return accounts


def make_opportunities(rng, accounts):
    plan = []  # (partner, closed, won, sourced) per opportunity
    for partner, count, closed, won, sourced_share in DEAL_PLAN:
        for k in range(count):
            plan.append((partner, k < closed, k < won, rng.random() < sourced_share))
    rng.shuffle(plan)
    opps, links = [], []
    co_sells = 0
    for i, (partner, closed, won, sourced) in enumerate(plan, start=1):
        account = rng.choice(accounts)
        if account["lifecycle"] == "customer" and rng.random() < 0.5:
            opp_type = rng.choice(["expansion", "renewal"])
        else:
            opp_type = "new"
        base = {"enterprise": 90000, "mid-market": 32000, "smb": 8000}[account["segment"]]
        if partner in ("P01", "P02"):
            base *= 1.25  # strong partners bring bigger deals, and faster
        amount = int(base * rng.uniform(0.5, 1.6)) // 500 * 500
        if closed:
            created = date(2025, 1, 6) + timedelta(days=rng.randrange(0, 520))
            fast = partner in ("P01", "P02")
            cycle = rng.randrange(20, 100) if fast else rng.randrange(30, 160)
        else:  # open: the close date is the expected one, before the year ends
            created = date(2026, 7, 1) + timedelta(days=rng.randrange(0, 90))
            cycle = rng.randrange(35, 90)
        close = created + timedelta(days=cycle)
        stage = ("Closed Won" if won else "Closed Lost") if closed else rng.choice(
            ["Discovery", "Proposal", "Negotiation"])
        opp_id = f"O{i:03d}"
        opps.append({
            "opportunity_id": opp_id, "account_id": account["account_id"],
            "name": f"{account['name'].split(',')[0]} - {opp_type.capitalize()}",
            "type": opp_type, "amount": str(amount),
            "currency": rng.choices(["USD", "EUR", "GBP"], [8, 2, 1])[0], "stage": stage,
            "is_closed": "true" if closed else "false", "is_won": "true" if won else "false",
            "created_at": day(created), "close_date": day(close),
            "updated_at": stamp(min(close, date(2026, 10, 1)), 17),
        })
        involved = []
        if partner:
            involved.append((partner, "sourced" if sourced else "influenced", True))
            if partner == "P01" and co_sells < 3:
                co_sells += 1
                involved.append(("P02", "influenced", False))  # co-sell with the tech partner
        for partner_id, role, primary in involved:
            links.append({
                "opportunity_partner_id": f"OP{len(links) + 1:03d}", "opportunity_id": opp_id,
                "partner_id": partner_id, "partner_name": PARTNER_BY_ID[partner_id][1],
                "role": role, "is_primary": "true" if primary else "false",
                "attributed_at": day(created + timedelta(days=rng.randrange(0, 10))),
                "updated_at": stamp(created + timedelta(days=10), 12),
            })
    return opps, links


def make_installs(rng, accounts):
    installs = []
    customers = [a for a in accounts if a["customer_since"]]
    n = 0
    for integration_id, _, _, status, released, share in INTEGRATIONS:
        if status == "planned":
            continue
        for account in customers:
            if rng.random() >= share:
                continue
            start = max(date.fromisoformat(released), date.fromisoformat(account["customer_since"]))
            installed = start + timedelta(days=rng.randrange(5, 120))
            if installed > date(2026, 10, 1):
                continue
            n += 1
            uninstalled = None
            if account["churned_at"] or rng.random() < 0.08:
                end = account["churned_at"] or day(installed + timedelta(days=rng.randrange(60, 300)))
                uninstalled = min(end, "2026-10-01")
            installs.append({
                "install_id": f"IN{n:03d}", "account_id": account["account_id"],
                "integration_id": integration_id, "installed_at": stamp(installed, 14),
                "uninstalled_at": stamp(date.fromisoformat(uninstalled), 14) if uninstalled else None,
                "workspace": {"plan": rng.choice(["team", "business", "enterprise"]),
                              "seats": rng.randrange(5, 400)},
            })
    return installs


def our_population(account, opps):
    if account["lifecycle"] == "customer":
        return "customer"
    if any(o["account_id"] == account["account_id"] and o["is_closed"] == "false" for o in opps):
        return "open_opp"
    return "prospect" if account["lifecycle"] == "prospect" else "other"


def make_overlaps(rng, accounts, opps):
    by_partner = {}
    for partner_id, rate in OVERLAP_RATE.items():
        _, name, website, *_ = PARTNER_BY_ID[partner_id]
        rows = []
        for account in accounts:
            if rng.random() >= rate:
                continue
            ours = our_population(account, opps)
            theirs = "customer" if rng.random() < 0.4 + 0.5 * STRENGTH[partner_id] else "prospect"
            domain = account["domain"]
            if rng.random() < 0.2:
                domain = "https://WWW." + domain.upper() + "/"  # as some exports write it
            rows.append([
                f"{partner_id}|{account['domain']}|{ours}|{theirs}", "csv", partner_id, name,
                website, account["name"], domain, ours, theirs, SNAPSHOT_AT,
            ])
        by_partner[partner_id] = rows
    return by_partner


def make_activities(rng, accounts, opps, links):
    activities = []
    n = 0
    for partner_id, count in ACTIVITY_COUNT.items():
        partner_opps = [l["opportunity_id"] for l in links if l["partner_id"] == partner_id]
        for k in range(count):
            n += 1
            kind = rng.choice(ACTIVITY_KINDS)
            # Strong partners meet every month or so; weak ones once in a while.
            occurred = date(2025, 11, 3) + timedelta(days=(k * 30 + rng.randrange(0, 20)) % 330)
            activity = {"activity_id": f"ACT{n:03d}", "partner_id": partner_id, "kind": kind,
                        "occurred_at": stamp(occurred, 10 + k % 7)}
            if kind in ("intro_given", "intro_received", "joint_call"):
                activity["account_id"] = rng.choice(accounts)["account_id"]
            if kind == "deal_registration" and partner_opps:
                opp_id = rng.choice(partner_opps)
                activity["opportunity_id"] = opp_id
                activity["account_id"] = next(o["account_id"] for o in opps
                                              if o["opportunity_id"] == opp_id)
            activities.append(activity)
    activities.sort(key=lambda a: (a["occurred_at"], a["activity_id"]))
    return activities


def main():
    rng = random.Random(SEED)
    accounts = make_accounts(rng)
    opps, links = make_opportunities(rng, accounts)
    installs = make_installs(rng, accounts)
    overlaps = make_overlaps(rng, accounts, opps)
    activities = make_activities(rng, accounts, opps, links)

    notes = {"P01": "Top SI partner.\nCo-sells in EMEA and NA.", "P08": "Dormant since 2025."}
    write_csv(os.path.join(OUT, "partners.csv"),
              ["partner_id", "name", "website", "type", "tier", "status", "partnered_at",
               "notes", "updated_at"],
              [[p[0], p[1], p[2], p[3], p[4], p[5], p[6], notes.get(p[0], ""),
                stamp(date(2026, 9, 1) + timedelta(days=i), 11)]
               for i, p in enumerate(PARTNERS)])
    write_csv(os.path.join(OUT, "integrations.csv"),
              ["integration_id", "partner_id", "name", "status", "released_at"],
              [[i[0], i[1], i[2], i[3], i[4]] for i in INTEGRATIONS])
    write_jsonl(os.path.join(OUT, "integration_installs.jsonl"), installs)
    write_jsonl(os.path.join(OUT, "partner_activities.jsonl"), activities)

    account_columns = ["account_id", "name", "website", "lifecycle", "segment",
                       "customer_since", "churned_at", "arr_usd", "updated_at"]
    write_csv(os.path.join(OUT, "crm", "accounts.csv"), account_columns,
              [[a[c] for c in account_columns] for a in accounts], excel=True)
    opp_columns = list(opps[0].keys())
    write_csv(os.path.join(OUT, "crm", "opportunities.csv"), opp_columns,
              [[o[c] for c in opp_columns] for o in opps], excel=True)
    link_columns = list(links[0].keys())
    write_csv(os.path.join(OUT, "crm", "opportunity_partners.csv"), link_columns,
              [[l[c] for c in link_columns] for l in links], excel=True)

    overlap_header = ["overlap_id", "provider", "partner_id", "partner_name", "partner_website",
                      "account_name", "account_domain", "our_population", "partner_population",
                      "snapshot_at"]
    for partner_id, rows in overlaps.items():
        slug = PARTNER_BY_ID[partner_id][1].split()[0].lower().strip(",")
        write_csv(os.path.join(OUT, "overlaps", f"{slug}.csv"), overlap_header, rows)

    print(f"wrote {len(PARTNERS)} partners, {len(accounts)} accounts, {len(opps)} opportunities, "
          f"{len(links)} opportunity partners, {len(INTEGRATIONS)} integrations, "
          f"{len(installs)} installs, {sum(len(r) for r in overlaps.values())} overlaps, "
          f"{len(activities)} activities into {OUT}")


if __name__ == "__main__":
    main()
