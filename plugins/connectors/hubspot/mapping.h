// From a HubSpot result to canonical records: the common part (id, modification time, raw JSON,
// deletes) in Mapper::Emit, the per-type columns in MapContact / MapCompany / MapDeal, which
// ObjectType::map dispatches to. A bad value rejects the whole record before any of it is in
// the batch. The hot path of a sync: no allocation per record in the steady state (values that
// need no conversion are views into the page; converted ones go to the batch's arena).
#ifndef TEMPO_PLUGINS_CONNECTORS_HUBSPOT_MAPPING_H_
#define TEMPO_PLUGINS_CONNECTORS_HUBSPOT_MAPPING_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <simdjson.h>

#include "associations.h"
#include "config.h"
#include "currency.h"
#include "object_types.h"
#include "page.h"
#include "tempo/plugin.hpp"

namespace tempo::hubspot {

// One column value, collected before Begin().
struct Field {
  enum Kind : uint8_t { kText, kBool, kNull };
  std::string_view name;
  Kind kind = kNull;
  bool flag = false;
  std::string_view text;
};

// What a type's mapping function reads and fills.
struct MapArgs {
  const Config& config;
  sdk::RecordBatch& batch;
  simdjson::dom::element obj;    // the result
  simdjson::dom::element props;  // its properties (an object)
  std::string_view id;
  const DealCompanies* companies = nullptr;  // a search-read deal's v4 associations, if any
  const AccountCurrencies* money = nullptr;  // deals: the account's currencies, if read
  int64_t now_ms = 0;                        // deals: now, for an open deal's current rate

  static constexpr size_t kMaxFields = 16;  // deals map the most: 14
  Field fields[kMaxFields] = {};
  size_t count = 0;
  std::string reject = {};  // why the record is rejected (when the function returns false)
  // deals: the attribution row's values
  std::string_view partner = {}, partner_role = {}, partner_id = {};
  // companies: a partner company (type PARTNER or RESELLER) is also a partner row
  bool partner_company = false;
  std::string_view name = {}, domain = {};
};

bool MapContact(MapArgs& args);
bool MapCompany(MapArgs& args);
bool MapDeal(MapArgs& args);

// A property's value: nullopt when absent, "" when null (or not a string).
std::optional<std::string_view> Prop(simdjson::dom::element props, std::string_view name);

class Mapper {
 public:
  explicit Mapper(const Config& config) : config_(config) {}

  // The account's currencies for the deals read from now on (nullptr: none), and the instant
  // an open deal is valued at.
  void SetMoney(const AccountCurrencies* money, int64_t now_ms) {
    money_ = money;
    now_ms_ = now_ms;
  }

  // Emits result `index` of `page` (a record of `type`, or a delete when `deleted`) into
  // `batch`, or rejects it. Returns its modification time in *ms (-1 when unknown) and its id
  // in *id (a view into the page). `companies` (search-read deals): the v4 associations by
  // deal id, whose block is added to the raw JSON.
  sdk::Status Emit(sdk::Context& ctx, sdk::RecordBatch& batch, const ObjectType& type,
                   const Page& page, simdjson::dom::element obj, bool deleted,
                   const std::string& where, size_t index, int64_t* ms, std::string_view* id,
                   const DealCompaniesMap* companies = nullptr);

 private:
  std::string_view PartnerKey(sdk::RecordBatch& batch, std::string_view id,
                              std::string_view partner);

  const Config& config_;
  const AccountCurrencies* money_ = nullptr;
  int64_t now_ms_ = 0;
  std::string scratch_;
};

}  // namespace tempo::hubspot

#endif  // TEMPO_PLUGINS_CONNECTORS_HUBSPOT_MAPPING_H_
