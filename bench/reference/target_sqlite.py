#!/usr/bin/env python3
"""Singer-style target (reference pipeline a): reads Singer messages on stdin and upserts each
RECORD into a SQLite store with Tempo's schema and pragmas (contact rows, raw JSON included),
committing the records it holds whenever a STATE message arrives (and emitting that state on stdout, as
Singer targets do once it is durable).

  ... | target_sqlite.py --db tempo.db --schema schema.json
"""
import argparse
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", required=True)
    ap.add_argument("--schema", required=True)
    args = ap.parse_args()
    db = common.open_store(args.db, args.schema)
    loads = json.loads
    in_txn = False
    records = commits = 0
    state = None
    for line in sys.stdin:
        msg = loads(line)
        kind = msg.get("type")
        if kind == "RECORD":
            if not in_txn:
                db.execute("BEGIN")
                in_txn = True
            obj = msg["record"]
            db.execute(common.CONTACT_UPSERT, common.contact_row(obj, common.raw_json_of(obj)))
            records += 1
        elif kind == "STATE":
            state = msg["value"]
            if in_txn:
                db.execute("COMMIT")
                in_txn = False
                commits += 1
        elif kind == "SCHEMA":
            pass
    if in_txn:
        db.execute("COMMIT")
        commits += 1
    db.close()
    sys.stdout.write(json.dumps({"records": records, "commits": commits, "state": state}) + "\n")


if __name__ == "__main__":
    main()
