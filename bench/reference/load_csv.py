#!/usr/bin/env python3
"""The files benchmark's Python reference: what an analyst would write to load an overlap CSV
into the store. `csv.reader`, the columns picked by header name, `executemany` of the store's
upsert (INSERT ... ON CONFLICT (connection, source_id) DO UPDATE) into the `overlap` table of a
store Tempo created (same DDL, same pragmas), 10,000 rows per executemany, one commit per
50,000 rows. No raw JSON, no domain normalization, no rejects: less work than Tempo does.

    load_csv.py STORE CSV
"""
import csv
import sqlite3
import sys

MAPPING = {  # overlap column: CSV column
    "provider": "provider", "partner_source_id": "partner_id", "partner_name": "partner_name",
    "partner_domain": "partner_domain", "account_name": "account_name",
    "account_domain": "account_domain", "our_population": "our_population",
    "partner_population": "partner_population", "snapshot_at": "snapshot_at",
    "record_type": "record_type", "account_crm_id": "account_crm_id"}
PRAGMAS = ("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA cache_size=-32768; "
           "PRAGMA temp_store=MEMORY;")


def main():
    store, path = sys.argv[1], sys.argv[2]
    db = sqlite3.connect(store, isolation_level=None)
    db.executescript(PRAGMAS)
    cols = list(MAPPING)
    sql = (f"INSERT INTO overlap (connection, source_id, source_updated_at, sync_run_id, "
           f"{', '.join(cols)}) VALUES (?, ?, ?, 1, {', '.join('?' * len(cols))}) "
           f"ON CONFLICT (connection, source_id) DO UPDATE SET "
           f"source_updated_at = excluded.source_updated_at, "
           + ", ".join(f"{c} = excluded.{c}" for c in cols))
    n = 0
    with open(path, newline="", encoding="utf-8") as f:
        reader = csv.reader(f)
        header = next(reader)
        idx = [header.index(MAPPING[c]) for c in cols]
        id_i, upd_i = header.index("overlap_id"), header.index("updated_at")
        batch = []
        db.execute("BEGIN")
        for row in reader:
            batch.append(["files", row[id_i], row[upd_i] or None] +
                         [row[i] or None for i in idx])
            if len(batch) == 10000:
                db.executemany(sql, batch)
                n += len(batch)
                batch.clear()
                if n % 50000 == 0:
                    db.execute("COMMIT")
                    db.execute("BEGIN")
        db.executemany(sql, batch)
        n += len(batch)
        db.execute("COMMIT")
    db.close()
    print(n)


if __name__ == "__main__":
    main()
