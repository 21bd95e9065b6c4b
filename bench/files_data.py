#!/usr/bin/env python3
"""Deterministic overlap exports for the files benchmark (bench/files_bench.py).

Writes N overlap-shaped rows (an account-mapping provider's CSV download: 15 columns) as a CSV
file and as a JSON Lines file with the same rows. The same --rows and --seed always give the
same bytes. The rows are what such exports hold: 300 partners, their names with commas, quotes
and non-ASCII text (UTF-8), domains with and without a scheme, Salesforce-like account ids,
populations, ISO-8601 times, and a free-text note (quoted commas and quotes, empty in a third
of the rows, a line break inside quotes in one row of 1,000). Rows come grouped by partner, the
accounts of one partner in random order, as a provider exports them.

    bench/files_data.py --rows 1000000 --out DIR     # DIR/overlaps-1000000.csv and .jsonl
"""
import argparse
import csv
import json
import os
import random

COLUMNS = ["overlap_id", "partner_id", "partner_name", "partner_domain", "account_name",
           "account_domain", "account_crm_id", "our_population", "partner_population",
           "record_type", "provider", "snapshot_at", "updated_at", "owner_email", "notes"]
PARTNERS = 300
POPULATIONS = ["customer", "prospect", "open_opp", "other"]
WORDS = ["Acme", "Globex", "Initech", "Umbrella", "Stark", "Wayne", "Hooli", "Vandelay",
         "Müller", "Société", "Łódź", "Ørsted", "Straße", "Café", "Nordlys", "Ñandú",
         "東京", "株式会社", "Δέλτα", "Квант", "Cloud", "Data", "Systems", "Labs", "Partners",
         "Networks", "Analytics", "Solutions", "Holdings", "Ventures"]
SUFFIXES = ["Inc.", "GmbH", "S.A.", "Ltd", "AG", "KK", "LLC", "& Co", "Group"]
NOTE_PARTS = ["renewal in Q3", 'champion says "yes"', "co-sell, joint webinar", "budget, 50k",
              "intro via partner AE", "évaluation en cours", "needs SSO, SCIM", "POC done"]


def _name(rnd):
    words = rnd.sample(WORDS, rnd.randint(1, 3))
    name = " ".join(words) + " " + rnd.choice(SUFFIXES)
    if rnd.random() < 0.1:
        name += ", " + rnd.choice(SUFFIXES)  # a comma inside the name: a quoted field
    if rnd.random() < 0.03:
        name = f'{name} "{rnd.choice(WORDS)}"'  # quotes inside: doubled in the CSV
    return name


def _crm_id(rnd):
    return "001" + "".join(rnd.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789") for _ in range(15))


def _time(rnd, year):
    return (f"{year}-{rnd.randint(1, 12):02d}-{rnd.randint(1, 28):02d}T"
            f"{rnd.randint(0, 23):02d}:{rnd.randint(0, 59):02d}:{rnd.randint(0, 59):02d}Z")


def rows(n, seed=42):
    """The n rows, as lists of strings in COLUMNS order."""
    rnd = random.Random(seed)
    partners = []
    for p in range(PARTNERS):
        name = _name(rnd)
        domain = f"partner{p}.example.com"
        if p % 3 == 0:
            domain = f"https://www.{domain}/"
        partners.append((f"P{p:04d}", name, domain))
    per_partner = [n // PARTNERS + (1 if p < n % PARTNERS else 0) for p in range(PARTNERS)]
    row_no = 0
    for p, count in enumerate(per_partner):
        pid, pname, pdomain = partners[p]
        accounts = list(range(row_no, row_no + count))
        rnd.shuffle(accounts)
        for a in accounts:
            crm_id = _crm_id(rnd)
            note = ""
            r = rnd.random()
            if r < 0.001:
                note = f"{rnd.choice(NOTE_PARTS)}\nsecond line, {rnd.choice(NOTE_PARTS)}"
            elif r < 0.67:
                note = "; ".join(rnd.sample(NOTE_PARTS, rnd.randint(1, 3)))
            yield [f"{pid}-A{a:08d}", pid, pname, pdomain, _name(rnd),
                   f"account{a}.example.{rnd.choice(['com', 'de', 'fr', 'io', 'co.jp'])}",
                   crm_id, rnd.choice(POPULATIONS), rnd.choice(POPULATIONS), "account", "csv",
                   _time(rnd, 2026), _time(rnd, 2026), f"owner{rnd.randint(1, 500)}@example.com",
                   note]
        row_no += count


def write(n, out_dir, seed=42):
    """Writes (or reuses) DIR/overlaps-N.csv and .jsonl; returns their paths."""
    os.makedirs(out_dir, exist_ok=True)
    base = os.path.join(out_dir, f"overlaps-{n}" + ("" if seed == 42 else f"-s{seed}"))
    csv_path, jsonl_path = base + ".csv", base + ".jsonl"
    if os.path.exists(csv_path) and os.path.exists(jsonl_path):
        return csv_path, jsonl_path
    tmp_csv, tmp_jsonl = csv_path + ".part", jsonl_path + ".part"
    with open(tmp_csv, "w", newline="", encoding="utf-8") as c, \
            open(tmp_jsonl, "w", encoding="utf-8") as j:
        writer = csv.writer(c, lineterminator="\r\n")  # as spreadsheets write it
        writer.writerow(COLUMNS)
        for row in rows(n, seed):
            writer.writerow(row)
            j.write(json.dumps(dict(zip(COLUMNS, row)), ensure_ascii=False,
                               separators=(",", ":")) + "\n")
    os.replace(tmp_csv, csv_path)
    os.replace(tmp_jsonl, jsonl_path)
    return csv_path, jsonl_path


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=1000000)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--out", default=".")
    args = ap.parse_args()
    for path in write(args.rows, args.out, args.seed):
        print(path)


if __name__ == "__main__":
    main()
