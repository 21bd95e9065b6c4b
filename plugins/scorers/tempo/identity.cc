// PartnerIndex and OrgIndex: the identity rules of identity.h.
#include "identity.h"

#include <algorithm>
#include <tuple>

namespace tempo::scorer {
namespace {

std::string RowKey(std::string_view connection, std::string_view source_id) {
  std::string key(connection);
  key.push_back('\n');
  key.append(source_id);
  return key;
}

// Partner rows that attribution rules created (source_id "attribution:...") stand for the
// partner only when no synced row does.
bool IsRuleRow(const Ref& r) { return r.source_id.rfind("attribution:", 0) == 0; }

}  // namespace

std::string NameKey(std::string_view name) {
  size_t b = 0, e = name.size();
  while (b < e && (name[b] == ' ' || name[b] == '\t')) ++b;
  while (e > b && (name[e - 1] == ' ' || name[e - 1] == '\t')) --e;
  std::string out(name.substr(b, e - b));
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

std::string KeyOfPartnerRow(const Ref& row, std::string_view name, std::string_view domain) {
  if (!domain.empty()) return "domain:" + std::string(domain);
  const std::string key = NameKey(name);
  if (!key.empty()) return "name:" + key;
  return "partner:" + row.connection + ":" + row.source_id;
}

std::string KeyOfAccountRow(const Ref& row, std::string_view domain) {
  if (!domain.empty()) return "domain:" + std::string(domain);
  return "account:" + row.connection + ":" + row.source_id;
}

void PartnerIndex::AddRow(Ref row, std::string name, std::string key, Time since) {
  rows_.push_back({std::move(row), std::move(name), std::move(key), since});
}

std::vector<Partner> PartnerIndex::Build() {
  // Representative: a synced row before a rule's row, then by connection and source id.
  std::vector<size_t> order(rows_.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [this](size_t a, size_t b) {
    const Row& x = rows_[a];
    const Row& y = rows_[b];
    return std::make_tuple(x.key, IsRuleRow(x.ref), x.ref.connection, x.ref.source_id) <
           std::make_tuple(y.key, IsRuleRow(y.ref), y.ref.connection, y.ref.source_id);
  });
  std::vector<Partner> partners;
  for (size_t i : order) {
    const Row& r = rows_[i];
    auto [it, inserted] = by_key_.try_emplace(r.key, partners.size());
    if (inserted) partners.push_back({r.key, r.name, r.ref, {}, std::nullopt});
    Partner& p = partners[it->second];
    p.rows.push_back(r.ref);
    if (r.since && (!p.since || *r.since < *p.since)) p.since = r.since;
    by_row_[RowKey(r.ref.connection, r.ref.source_id)] = it->second;
    auto& same_name = by_name_[NameKey(r.name)];
    if (std::find(same_name.begin(), same_name.end(), it->second) == same_name.end()) {
      same_name.push_back(it->second);
    }
  }
  return partners;
}

size_t PartnerIndex::ByKey(std::string_view key) const {
  auto it = by_key_.find(key);
  return it == by_key_.end() ? kNone : it->second;
}

size_t PartnerIndex::Resolve(std::string_view connection, std::string_view partner_source_id,
                             std::string_view partner_name, std::string_view partner_domain) const {
  if (!partner_domain.empty()) {
    if (size_t p = ByKey("domain:" + std::string(partner_domain)); p != kNone) return p;
  }
  if (!partner_source_id.empty()) {
    if (auto it = by_row_.find(RowKey(connection, partner_source_id)); it != by_row_.end()) {
      return it->second;
    }
  }
  if (!partner_name.empty()) {
    if (auto it = by_name_.find(NameKey(partner_name));
        it != by_name_.end() && it->second.size() == 1) {
      return it->second[0];
    }
  }
  return kNone;
}

size_t OrgIndex::Get(const std::string& key) {
  auto [it, inserted] = by_key_.try_emplace(key, orgs_->size());
  if (inserted) {
    Org org;
    org.key = key;
    orgs_->push_back(std::move(org));
  }
  return it->second;
}

size_t OrgIndex::AddAccount(const Ref& row, const std::string& org_key) {
  const size_t org = Get(org_key);
  (*orgs_)[org].accounts.push_back(row);
  by_account_[RowKey(row.connection, row.source_id)] = org;
  return org;
}

size_t OrgIndex::ByAccount(std::string_view connection, std::string_view account_source_id) {
  if (account_source_id.empty()) return kNone;
  if (auto it = by_account_.find(RowKey(connection, account_source_id)); it != by_account_.end()) {
    return it->second;
  }
  return Get("account:" + std::string(connection) + ":" + std::string(account_source_id));
}

size_t OrgIndex::ByKey(const std::string& key) {
  if (key.empty()) return kNone;
  return Get(key);
}

}  // namespace tempo::scorer
