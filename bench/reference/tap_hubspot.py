#!/usr/bin/env python3
"""Singer-style tap (reference pipeline a): pages the HubSpot contacts list of tempo-fakeapi
with urllib, parses each page with json and writes Singer SCHEMA, RECORD and STATE messages
(one STATE per page, carrying the `after` cursor) to stdout, one JSON message per line.

  tap_hubspot.py --base-url http://127.0.0.1:PORT/hubspot --token pat-... | target_sqlite.py ...
"""
import argparse
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402

SCHEMA = {"type": "SCHEMA", "stream": "contacts", "key_properties": ["id"],
          "schema": {"type": "object", "properties": {
              "id": {"type": "string"},
              "properties": {"type": "object"},
              "createdAt": {"type": ["string", "null"], "format": "date-time"},
              "updatedAt": {"type": ["string", "null"], "format": "date-time"},
              "archived": {"type": ["boolean", "null"]}}}}


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--base-url", required=True)
    ap.add_argument("--token", required=True)
    ap.add_argument("--page-size", type=int, default=100)
    args = ap.parse_args()
    out = sys.stdout
    dumps = json.dumps
    out.write(dumps(SCHEMA) + "\n")
    after = None
    while True:
        page = json.loads(common.fetch_page(args.base_url, args.token, after, args.page_size))
        for obj in page.get("results", ()):
            out.write(dumps({"type": "RECORD", "stream": "contacts", "record": obj}) + "\n")
        after = common.next_after(page)
        out.write(dumps({"type": "STATE", "value": {"bookmarks": {"contacts": {"after": after}}}})
                  + "\n")
        if not after:
            break
    out.flush()


if __name__ == "__main__":
    main()
