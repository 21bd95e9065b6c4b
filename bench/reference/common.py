"""Shared parts of the reference pipelines (Python 3 standard library only).

Each pipeline reads the HubSpot contacts list of tempo-fakeapi exactly as Tempo's `hubspot`
connector does (same URL, same properties, 100-record pages, `paging.next.after` passed back
unchanged), maps each object to the canonical `contact` columns the same way, and upserts it
into a store with Tempo's schema (the DDL of a store created by Tempo itself, passed in with
--schema) and Tempo's pragmas, keeping the raw JSON in the row's `raw_json` column.
"""
import json
import sqlite3
import urllib.request

CONNECTION = "crm"
# The connector's own contact properties, then the benchmark's `extra_properties` (EXTRA, kept
# only in the raw JSON): 15 string properties, some null, some with non-ASCII text, \u escapes,
# quotes or backslashes (docs/fake-api.md).
EXTRA = ("phone", "mobilephone", "company", "address", "city", "country", "website")
PROPERTIES = ("email,firstname,lastname,jobtitle,createdate,lastmodifieddate,"
              "associatedcompanyid,hs_object_id," + ",".join(EXTRA))
# host/store/store.cc: OpenStore
PRAGMAS = ("PRAGMA page_size=8192; PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
           "PRAGMA foreign_keys=OFF; PRAGMA cache_size=-32768; PRAGMA temp_store=MEMORY; "
           "PRAGMA journal_size_limit=67108864;")

# The statement shape of host/store/record_writer.cc for the connector's contact layout.
CONTACT_UPSERT = (
    "INSERT INTO contact (connection, source_id, source_updated_at, sync_run_id, deleted_at, "
    "account_source_id, email, first_name, last_name, title, created_at, raw_json) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12) "
    "ON CONFLICT (connection, source_id) DO UPDATE SET "
    "source_updated_at = excluded.source_updated_at, sync_run_id = excluded.sync_run_id, "
    "deleted_at = excluded.deleted_at, account_source_id = excluded.account_source_id, "
    "email = excluded.email, first_name = excluded.first_name, last_name = excluded.last_name, "
    "title = excluded.title, created_at = excluded.created_at, raw_json = excluded.raw_json")
RUN_ID = 1


def list_url(base_url, after=None, limit=100):
    url = (f"{base_url}/crm/v3/objects/contacts?limit={limit}&archived=false"
           f"&properties={PROPERTIES}")
    if after:
        url += "&after=" + after  # opaque, already URL-encoded: passed back unchanged
    return url


def fetch_page(base_url, token, after=None, limit=100):
    """One list page as bytes (urllib: a new connection per request, as most taps do)."""
    req = urllib.request.Request(list_url(base_url, after, limit),
                                 headers={"Authorization": "Bearer " + token,
                                          "Accept": "application/json"})
    with urllib.request.urlopen(req, timeout=60) as resp:
        return resp.read()


def next_after(page):
    return ((page.get("paging") or {}).get("next") or {}).get("after")


def _text(props, name):
    v = props.get(name)
    return v if v else None  # null and "" become NULL, as in the connector


def contact_row(obj, raw_json):
    """The contact row (raw JSON included) for one HubSpot contact object."""
    props = obj.get("properties") or {}
    updated = props.get("lastmodifieddate") or obj.get("updatedAt") or None
    sid = obj["id"]
    contact = (CONNECTION, sid, updated, RUN_ID, None, _text(props, "associatedcompanyid"),
               _text(props, "email"), _text(props, "firstname"), _text(props, "lastname"),
               _text(props, "jobtitle"), _text(props, "createdate"), raw_json)
    return contact


def raw_json_of(obj):
    return json.dumps(obj, separators=(",", ":"), ensure_ascii=False)


def open_store(path, schema_path):
    """A fresh store with Tempo's schema (DDL from a store Tempo created) and pragmas."""
    db = sqlite3.connect(path, isolation_level=None)
    db.executescript(PRAGMAS)
    with open(schema_path) as f:
        schema = json.load(f)
    db.execute("BEGIN")
    for sql in schema["ddl"]:
        db.execute(sql)
    db.execute(f"PRAGMA user_version = {int(schema['user_version'])}")
    db.execute("COMMIT")
    return db
