#!/usr/bin/env python3
"""The score benchmark's Python reference: what an analyst would write to compute the
monetizing metrics over the store, with SQL for the reads and plain Python for the rest.

For the ecosystem and each partner, as docs/scoring.md defines them: M2 win-rate lift (deals
closed in the window with the partner, attached or on an account that is its customer in the
overlap data, against those without, both shrunk toward the ecosystem's rate with alpha 10),
M3 deal-size lift and M4 velocity lift (medians of won deals with against without), and O1
(open pipeline on the partner's customers / all open pipeline). Four of the scorer's metrics,
and no evidence rows: less work than `tempo score` does, so the speedup it gives is a floor.

    score_reference.py STORE AS_OF_DATE      # prints one JSON line: metrics computed, seconds
"""
import json
import sqlite3
import statistics
import sys
import time
from collections import defaultdict
from datetime import datetime, timedelta, timezone

ALPHA = 10


def ms(text):
    if not text:
        return None
    return int(datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp() * 1000)


def shrink(k, n, r0):
    return (k + ALPHA * r0) / (n + ALPHA)


def lift(a, b):
    return a / b - 1 if b else None


def main():
    start = time.monotonic()
    db = sqlite3.connect(f"file:{sys.argv[1]}?mode=ro", uri=True)
    as_of_day = datetime.fromisoformat(sys.argv[2]).replace(tzinfo=timezone.utc)
    t1 = int((as_of_day + timedelta(days=1)).timestamp() * 1000) - 1
    t0 = t1 - 365 * 86400 * 1000
    partners = [r[0] for r in db.execute(
        "SELECT source_id FROM partner WHERE deleted_at IS NULL ORDER BY source_id")]
    customers_of = defaultdict(set)  # partner -> accounts that are its customers
    partners_of_account = defaultdict(set)
    for p, account in db.execute(
            "SELECT partner_source_id, account_crm_id FROM overlap WHERE deleted_at IS NULL "
            "AND partner_population = 'customer'"):
        customers_of[p].add(account)
        partners_of_account[account].add(p)
    attached = defaultdict(set)  # opportunity -> partners attached
    for opp, p in db.execute("SELECT opportunity_source_id, partner_source_id FROM "
                             "opportunity_partner WHERE deleted_at IS NULL"):
        attached[opp].add(p)
    closed, open_deals = [], []
    for sid, account, amount, is_closed, is_won, created, closed_at in db.execute(
            "SELECT source_id, account_source_id, amount_usd, is_closed, is_won, created_at, "
            "closed_at FROM opportunity WHERE deleted_at IS NULL"):
        c = ms(created)
        if c is not None and c > t1:
            continue
        done = ms(closed_at)
        involved = attached.get(sid, set()) | partners_of_account.get(account, set())
        if is_closed and done is not None and t0 < done <= t1:
            days = max(1.0, (done - c) / 86400000) if c is not None else None
            closed.append((bool(is_won), amount, days, involved))
        elif not is_closed or (done is not None and done > t1):
            open_deals.append((amount or 0.0, involved))

    def monetizing(p):
        n = {True: 0, False: 0}
        k = {True: 0, False: 0}
        size = {True: [], False: []}
        velocity = {True: [], False: []}
        for won, amount, days, involved in closed:
            side = bool(involved) if p is None else p in involved
            n[side] += 1
            if won:
                k[side] += 1
                if amount is not None:
                    size[side].append(amount)
                if days is not None:
                    velocity[side].append(days)
        r0 = (k[True] + k[False]) / max(1, n[True] + n[False])
        m2 = lift(shrink(k[True], n[True], r0), shrink(k[False], n[False], r0))
        m3 = (lift(statistics.median(size[True]), statistics.median(size[False]))
              if size[True] and size[False] else None)
        m4 = (lift(statistics.median(velocity[False]), statistics.median(velocity[True]))
              if velocity[True] and velocity[False] else None)
        total = sum(a for a, _ in open_deals)
        covered = sum(a for a, inv in open_deals if (inv if p is None else p in inv))
        return {"M2": m2, "M3": m3, "M4": m4, "O1": covered / total if total else None}

    results = {"ecosystem": monetizing(None)}
    for p in partners:
        results[p] = monetizing(p)
    print(json.dumps({"partners": len(partners), "closed_deals": len(closed),
                      "metrics": 4 * len(results), "seconds": time.monotonic() - start,
                      "ecosystem": results["ecosystem"]}))


if __name__ == "__main__":
    main()
