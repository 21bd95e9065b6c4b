#!/usr/bin/env python3
"""In-process reference pipeline (b): one Python process pages the HubSpot contacts list of
tempo-fakeapi with urllib, parses each page with json.loads and upserts it with executemany into
a SQLite store with Tempo's schema and pragmas (contact rows, raw JSON included), committing every
--commit-records records (Tempo's default batch: 50,000) and at the end.

  inprocess.py --base-url http://127.0.0.1:PORT/hubspot --token pat-... --db tempo.db \
      --schema schema.json
"""
import argparse
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--base-url", required=True)
    ap.add_argument("--token", required=True)
    ap.add_argument("--db", required=True)
    ap.add_argument("--schema", required=True)
    ap.add_argument("--page-size", type=int, default=100)
    ap.add_argument("--commit-records", type=int, default=50000)
    args = ap.parse_args()
    db = common.open_store(args.db, args.schema)
    after = None
    pending = records = commits = 0
    db.execute("BEGIN")
    while True:
        page = json.loads(common.fetch_page(args.base_url, args.token, after, args.page_size))
        contacts = [common.contact_row(obj, common.raw_json_of(obj))
                    for obj in page.get("results", ())]
        db.executemany(common.CONTACT_UPSERT, contacts)
        pending += len(contacts)
        records += len(contacts)
        after = common.next_after(page)
        if not after:
            break
        if pending >= args.commit_records:
            db.execute("COMMIT")
            db.execute("BEGIN")
            commits += 1
            pending = 0
    db.execute("COMMIT")
    commits += 1
    db.close()
    sys.stdout.write(json.dumps({"records": records, "commits": commits}) + "\n")


if __name__ == "__main__":
    main()
