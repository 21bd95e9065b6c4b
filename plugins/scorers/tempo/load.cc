// LoadFacts: one plain SELECT per canonical table (the host scopes each to the scored
// connections and the rows live at the as-of instant), then identity resolution and the as-of
// reading of each row: a row dated after the instant did not exist yet, a deal closed after it
// was still open.
#include "load.h"

#include <functional>
#include <map>
#include <set>
#include <string>

#include "identity.h"

namespace tempo::scorer {
namespace {

using sdk::RowView;
using sdk::Status;

Status Select(sdk::StoreReader& store, std::string_view sql,
              const std::function<void(const RowView&)>& each) {
  return store.Query(sql, {}, [&](const RowView& row) {
    each(row);
    return Status::Ok();
  });
}

std::string Key(std::string_view connection, std::string_view source_id) {
  std::string key(connection);
  key.push_back('\n');
  key.append(source_id);
  return key;
}

bool Truthy(const RowView& row, uint32_t i) { return row.Int(i).value_or(0) != 0; }

}  // namespace

Status LoadFacts(sdk::StoreReader& store, Facts* f) {
  f->as_of = store.AsOfMs();
  f->window_start = store.WindowStartMs();
  const int64_t t1 = f->as_of;
  const auto after = [t1](const Time& t) { return t && *t > t1; };

  // Partners: a row whose partnership began after the instant is not a partner yet.
  PartnerIndex partners;
  Status s = Select(store,
                    "SELECT p.connection, p.source_id, "
                    "coalesce(nullif(trim(p.name), ''), i.name), p.domain, p.partnered_at, "
                    "i.partner_key FROM partner p LEFT JOIN v_partner_identity i "
                    "ON i.connection = p.connection AND i.source_id = p.source_id "
                    "ORDER BY p.connection, p.source_id",
                    [&](const RowView& r) {
                      f->sources.partner = true;
                      if (after(r.TimeMs(4))) return;
                      Ref row{"partner", r.Text(0), r.Text(1)};
                      std::string key = r.Text(5);
                      if (key.empty()) key = KeyOfPartnerRow(row, r.Text(2), r.Text(3));
                      partners.AddRow(std::move(row), r.Text(2), std::move(key), r.TimeMs(4));
                    });
  if (!s.ok()) return s;
  f->partners = partners.Build();

  OrgIndex orgs(&f->orgs);
  s = Select(store,
             "SELECT a.connection, a.source_id, a.domain, a.lifecycle, a.customer_since, "
             "a.churned_at, a.arr_usd, i.org_key FROM account a LEFT JOIN v_account_identity i "
             "ON i.entity = 'account' AND i.connection = a.connection "
             "AND i.source_id = a.source_id ORDER BY a.connection, a.source_id",
             [&](const RowView& r) {
               f->sources.account = true;
               const Ref row{"account", r.Text(0), r.Text(1)};
               std::string key = r.Text(7);
               if (key.empty()) key = KeyOfAccountRow(row, r.Text(2));
               const size_t i = orgs.AddAccount(row, key);
               Org& org = f->orgs[i];
               const std::string lifecycle = r.Text(3);
               CustomerSpan span{r.TimeMs(4), r.TimeMs(5), lifecycle == "former_customer"};
               if (span.since || span.churned_at) f->sources.customer_dates = true;
               if (after(span.since)) return;  // not a customer yet at the instant
               if (after(span.churned_at)) {   // churned only after the instant
                 span.churned_at.reset();
                 span.former = false;
               }
               if (lifecycle == "customer" || span.former || span.since) {
                 org.spans.push_back(span);
               }
               if (auto arr = r.Real(6); arr && (!org.arr_usd || *arr > *org.arr_usd)) {
                 org.arr_usd = arr;
               }
             });
  if (!s.ok()) return s;

  std::map<std::string, size_t> opp_index;
  std::set<std::string> future_opps;  // created after the instant
  s = Select(store,
             "SELECT connection, source_id, account_source_id, opp_type, amount, currency, "
             "amount_usd, is_closed, is_won, created_at, closed_at FROM opportunity "
             "ORDER BY connection, source_id",
             [&](const RowView& r) {
               f->sources.opportunity = true;
               Opportunity o;
               o.ref = {"opportunity", r.Text(0), r.Text(1)};
               o.created_at = r.TimeMs(9);
               if (!r.IsNull(3)) f->sources.opp_type = true;  // the source records types
               if (after(o.created_at)) {                     // not created yet
                 future_opps.insert(Key(o.ref.connection, o.ref.source_id));
                 return;
               }
               o.org = orgs.ByAccount(o.ref.connection, r.Text(2));
               o.opp_type = r.Text(3);
               o.amount_usd = r.Real(6);
               const std::string currency = r.Text(5);
               // A store synced before the host filled amount_usd: a USD amount is its own
               // dollar value. An amount in another currency, or with none, never is.
               if (!o.amount_usd && (currency == "USD" || currency == "usd")) {
                 o.amount_usd = r.Real(4);
               }
               o.closed_at = r.TimeMs(10);
               // Closed as of the instant: closed at the source, on a date not after it.
               o.closed = Truthy(r, 7) && !after(o.closed_at);
               o.won = o.closed && Truthy(r, 8);
               if (!o.closed && o.closed_at && !Truthy(r, 7)) {
                 o.closed_at.reset();  // an open deal's close date is only expected
               } else if (Truthy(r, 7) && after(o.closed_at)) {
                 o.closed_at.reset();  // closed later: open as of the instant
               }
               opp_index[Key(o.ref.connection, o.ref.source_id)] = f->opportunities.size();
               f->opportunities.push_back(std::move(o));
             });
  if (!s.ok()) return s;
  const auto find_opp = [&](std::string_view connection, std::string_view id) -> size_t {
    if (id.empty()) return kNone;
    auto it = opp_index.find(Key(connection, id));
    return it == opp_index.end() ? kNone : it->second;
  };

  s = Select(store,
             "SELECT connection, source_id, opportunity_source_id, partner_source_id, "
             "partner_name, role, is_primary, attributed_at FROM opportunity_partner "
             "ORDER BY connection, source_id",
             [&](const RowView& r) {
               f->sources.opportunity_partner = true;
               Attribution a;
               a.ref = {"opportunity_partner", r.Text(0), r.Text(1)};
               a.opportunity = find_opp(a.ref.connection, r.Text(2));
               if (a.opportunity == kNone || after(r.TimeMs(7))) return;
               const std::string id = r.Text(3), name = r.Text(4);
               a.partner = partners.Resolve(a.ref.connection, id, name, "");
               a.partner_label = a.partner != kNone ? f->partners[a.partner].key
                                                    : (name.empty() ? "id:" + id : NameKey(name));
               if (a.partner == kNone) ++f->unresolved_attributions;
               a.role = r.Text(5);
               a.primary = Truthy(r, 6);
               f->attributions.push_back(std::move(a));
             });
  if (!s.ok()) return s;

  s = Select(store,
             "SELECT connection, source_id, partner_source_id, start_at FROM campaign "
             "ORDER BY connection, source_id",
             [&](const RowView& r) {
               f->sources.campaign = true;
               Campaign c;
               c.ref = {"campaign", r.Text(0), r.Text(1)};
               c.start_at = r.TimeMs(3);
               if (after(c.start_at)) return;
               c.partner = partners.Resolve(c.ref.connection, r.Text(2), "", "");
               f->campaigns.push_back(std::move(c));
             });
  if (!s.ok()) return s;

  s = Select(store,
             "SELECT connection, source_id, account_source_id, partner_source_id, "
             "converted_opportunity_source_id, created_at, mql_at, first_response_at FROM lead "
             "ORDER BY connection, source_id",
             [&](const RowView& r) {
               f->sources.lead = true;
               Lead l;
               l.ref = {"lead", r.Text(0), r.Text(1)};
               l.created_at = r.TimeMs(5);
               if (!r.IsNull(7)) f->sources.first_response = true;  // the source records it
               if (after(l.created_at)) return;
               l.org = orgs.ByAccount(l.ref.connection, r.Text(2));
               l.partner = partners.Resolve(l.ref.connection, r.Text(3), "", "");
               // Converted into a deal that existed at the instant (one in another connection
               // counts: only its id is known).
               const std::string converted = r.Text(4);
               l.converted =
                   !converted.empty() && future_opps.count(Key(l.ref.connection, converted)) == 0;
               l.mql_at = r.TimeMs(6);
               if (after(l.mql_at)) l.mql_at.reset();
               l.first_response_at = r.TimeMs(7);
               if (after(l.first_response_at)) l.first_response_at.reset();
               f->leads.push_back(std::move(l));
             });
  if (!s.ok()) return s;

  std::map<std::string, size_t> integration_index;
  s = Select(store,
             "SELECT connection, source_id, partner_source_id, status, released_at "
             "FROM integration ORDER BY connection, source_id",
             [&](const RowView& r) {
               f->sources.integration = true;
               Integration i;
               i.ref = {"integration", r.Text(0), r.Text(1)};
               i.partner = partners.Resolve(i.ref.connection, r.Text(2), "", "");
               i.status = r.Text(3);
               i.released_at = r.TimeMs(4);
               if (after(i.released_at)) i.status = "planned";  // not released yet then
               integration_index[Key(i.ref.connection, i.ref.source_id)] = f->integrations.size();
               f->integrations.push_back(std::move(i));
             });
  if (!s.ok()) return s;

  s = Select(store,
             "SELECT connection, source_id, account_source_id, integration_source_id, "
             "installed_at, uninstalled_at FROM integration_install "
             "ORDER BY connection, source_id",
             [&](const RowView& r) {
               f->sources.install = true;
               Install in;
               in.ref = {"integration_install", r.Text(0), r.Text(1)};
               in.installed_at = r.TimeMs(4);
               if (!in.installed_at || after(in.installed_at)) return;
               in.uninstalled_at = r.TimeMs(5);
               if (after(in.uninstalled_at)) in.uninstalled_at.reset();
               in.org = orgs.ByAccount(in.ref.connection, r.Text(2));
               auto it = integration_index.find(Key(in.ref.connection, r.Text(3)));
               if (it != integration_index.end()) in.integration = it->second;
               f->installs.push_back(std::move(in));
             });
  if (!s.ok()) return s;

  s = Select(store,
             "SELECT o.connection, o.source_id, o.partner_source_id, o.partner_name, "
             "o.partner_domain, o.account_domain, o.our_population, o.partner_population, "
             "o.snapshot_at, i.org_key, i.partner_key FROM overlap o "
             "LEFT JOIN v_account_identity i ON i.entity = 'overlap' "
             "AND i.connection = o.connection AND i.source_id = o.source_id "
             "ORDER BY o.connection, o.source_id",
             [&](const RowView& r) {
               f->sources.overlap = true;
               if (after(r.TimeMs(8))) return;  // reported only after the instant
               Overlap o;
               o.ref = {"overlap", r.Text(0), r.Text(1)};
               o.partner = partners.ByKey(r.Text(10));
               if (o.partner == kNone) {
                 o.partner = partners.Resolve(o.ref.connection, r.Text(2), r.Text(3), r.Text(4));
               }
               std::string org = r.Text(9);
               if (org.empty() && !r.Text(5).empty()) org = "domain:" + r.Text(5);
               o.org = orgs.ByKey(org);
               o.our_population = r.Text(6);
               o.partner_population = r.Text(7);
               if (o.partner == kNone || o.org == kNone) return;
               f->overlaps.push_back(std::move(o));
             });
  if (!s.ok()) return s;

  s = Select(store,
             "SELECT connection, source_id, partner_source_id, account_source_id, "
             "opportunity_source_id, kind, occurred_at FROM partner_activity "
             "ORDER BY connection, source_id",
             [&](const RowView& r) {
               f->sources.activity = true;
               Activity a;
               a.ref = {"partner_activity", r.Text(0), r.Text(1)};
               a.occurred_at = r.TimeMs(6);
               if (!a.occurred_at || after(a.occurred_at)) return;
               a.partner = partners.Resolve(a.ref.connection, r.Text(2), "", "");
               const std::string account = r.Text(3);
               a.org = account.empty() ? kNone : orgs.ByAccount(a.ref.connection, account);
               a.opportunity = find_opp(a.ref.connection, r.Text(4));
               a.kind = r.Text(5);
               f->activities.push_back(std::move(a));
             });
  return s;
}

}  // namespace tempo::scorer
