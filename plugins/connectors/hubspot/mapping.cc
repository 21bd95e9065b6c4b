// HubSpot results to canonical records (mapping.h).
#include "mapping.h"

#include <cstdio>
#include <cstdlib>

#include "hubspot_values.h"
#include "tempo/model.h"
#include "tempo/partner_roles.hpp"
#include "tempo/text.hpp"
#include "tempo/time.hpp"

namespace tempo::hubspot {

using sdk::Status;
namespace dom = simdjson::dom;

std::optional<std::string_view> Prop(dom::element props, std::string_view name) {
  dom::element v;
  if (name.empty() || props[name].get(v) != simdjson::SUCCESS) return std::nullopt;
  std::string_view s;
  if (v.get_string().get(s) == simdjson::SUCCESS) return s;
  return std::string_view();  // null (or a non-string) counts as empty
}

namespace {

void Add(MapArgs& a, std::string_view column, Field::Kind kind, std::string_view value = {},
         bool flag = false) {
  if (a.count < MapArgs::kMaxFields) a.fields[a.count++] = Field{column, kind, flag, value};
}

void Text(MapArgs& a, std::string_view column, std::string_view prop) {
  if (auto v = Prop(a.props, prop)) Add(a, column, v->empty() ? Field::kNull : Field::kText, *v);
}

bool Date(MapArgs& a, std::string_view column, std::string_view prop) {
  auto v = Prop(a.props, prop);
  if (!v) return true;
  if (v->empty()) {
    Add(a, column, Field::kNull);
    return true;
  }
  char buffer[sdk::kIsoBufferSize];
  auto iso = NormalizeDate(*v, buffer);
  if (!iso) {
    a.reject = std::string(prop) + " '" + std::string(v->substr(0, 40)) + "' is not a date";
    return false;
  }
  Add(a, column, Field::kText, iso->data() == buffer ? a.batch.Copy(*iso) : *iso);
  return true;
}

bool Boolean(MapArgs& a, std::string_view column, std::string_view value) {
  if (value.empty()) {
    Add(a, column, Field::kNull);
    return true;
  }
  auto b = ParseBool(value);
  if (!b) {
    a.reject = std::string(column) + " '" + std::string(value.substr(0, 40)) + "' is not a boolean";
    return false;
  }
  Add(a, column, Field::kBool, {}, *b);
  return true;
}

// A formatted number in the batch's arena.
std::string_view NumberText(MapArgs& a, double value) {
  char buf[40];
  const int n = std::snprintf(buf, sizeof buf, "%.17g", value);
  return a.batch.Copy(std::string_view(buf, static_cast<size_t>(n)));
}

// The deal's currency (deal_currency_code, else the company currency, in which HubSpot keeps
// amounts without one) and, for another currency than USD, its dollar value by the account's
// exchange rates (currency.h). USD amounts, and amounts HubSpot gives no rate for, are left to
// the host (USD at 1; otherwise store.fx_rates).
void Money(MapArgs& a, std::string_view stage) {
  namespace o = model::opportunity;
  auto code = Prop(a.props, "deal_currency_code");
  std::string_view currency = code.value_or("");
  if (currency.empty() && a.money != nullptr && !a.money->company().empty()) {
    currency = a.money->company();
  }
  if (!currency.empty()) {
    Add(a, o::kCurrency, Field::kText, currency);
  } else if (code) {
    Add(a, o::kCurrency, Field::kNull);
  }
  auto amount = Prop(a.props, "amount");
  if (a.money == nullptr || !amount || amount->empty() || currency.empty() ||
      sdk::EqualsNoCase(currency, "USD")) {
    return;
  }
  const double value = std::strtod(std::string(*amount).c_str(), nullptr);
  auto closed_flag = Prop(a.props, "hs_is_closed");
  const bool closed = closed_flag && !closed_flag->empty()
                          ? ParseBool(*closed_flag).value_or(false)
                          : stage == "closedwon" || stage == "closedlost";
  int64_t close_ms = -1;
  if (auto close = Prop(a.props, "closedate"); close && !close->empty()) {
    close_ms = sdk::ParseEpochMsOrIso(*close).value_or(-1);
  }
  std::optional<UsdValue> usd = a.money->ToUsd(value, currency, closed, close_ms, a.now_ms);
  if (!usd) return;
  Add(a, o::kAmountUsd, Field::kText, NumberText(a, usd->amount_usd));
  Add(a, o::kFxRate, Field::kText, NumberText(a, usd->fx_rate));
  Add(a, o::kFxDate, Field::kText, a.batch.Copy(usd->fx_date));
}

}  // namespace

bool MapContact(MapArgs& a) {
  namespace c = model::contact;
  Text(a, c::kEmail, "email");
  Text(a, c::kFirstName, "firstname");
  Text(a, c::kLastName, "lastname");
  Text(a, c::kTitle, "jobtitle");
  Text(a, c::kAccountSourceId, "associatedcompanyid");
  return Date(a, c::kCreatedAt, "createdate");
}

bool MapCompany(MapArgs& a) {
  namespace c = model::account;
  Text(a, c::kName, "name");
  Text(a, c::kDomain, "domain");
  auto stage = Prop(a.props, "lifecyclestage");
  auto kind = Prop(a.props, "type");
  if (kind && (sdk::EqualsNoCase(*kind, "partner") || sdk::EqualsNoCase(*kind, "reseller"))) {
    a.partner_company = true;
    a.name = Prop(a.props, "name").value_or("");
    a.domain = Prop(a.props, "domain").value_or("");
  }
  if (stage || kind) {
    std::string_view lc = CompanyLifecycle(stage.value_or(""), kind.value_or(""));
    Add(a, c::kLifecycle, lc.empty() ? Field::kNull : Field::kText, lc);
  }
  return true;
}

bool MapDeal(MapArgs& a) {
  namespace o = model::opportunity;
  Text(a, o::kName, "dealname");
  if (auto amount = Prop(a.props, "amount")) {
    if (!amount->empty() && !IsNumber(*amount)) {
      a.reject = "amount '" + std::string(amount->substr(0, 40)) + "' is not a number";
      return false;
    }
    Add(a, o::kAmount, amount->empty() ? Field::kNull : Field::kText, *amount);
  }
  auto stage = Prop(a.props, "dealstage");
  Text(a, o::kStage, "dealstage");
  if (auto kind = Prop(a.props, "dealtype")) {
    std::string_view t = OppType(*kind);
    Add(a, o::kOppType, t.empty() ? Field::kNull : Field::kText, t);
  }
  auto closed = Prop(a.props, "hs_is_closed");
  auto won = Prop(a.props, "hs_is_closed_won");
  if ((closed && !closed->empty()) || (won && !won->empty())) {
    if (closed && !Boolean(a, o::kIsClosed, *closed)) return false;
    if (won && !Boolean(a, o::kIsWon, *won)) return false;
  } else if (stage && !stage->empty()) {
    // Default pipeline stages: closedwon / closedlost.
    const bool is_won = *stage == "closedwon";
    const bool is_closed = is_won || *stage == "closedlost";
    if (!Boolean(a, o::kIsClosed, is_closed ? "true" : "false")) return false;
    if (!Boolean(a, o::kIsWon, is_won ? "true" : "false")) return false;
  }
  if (!Date(a, o::kCreatedAt, "createdate")) return false;
  if (!Date(a, o::kClosedAt, "closedate")) return false;
  Money(a, stage.value_or(""));
  if (!a.config.partner_id_property.empty()) {
    a.partner_id = Prop(a.props, a.config.partner_id_property).value_or("");
  }
  // The deal's company: from the list read's inline associations, or a search read's v4 batch
  // read; a deal with neither keeps the account of its last list read.
  dom::array inline_companies;
  if (a.obj["associations"]["companies"]["results"].get_array().get(inline_companies) ==
      simdjson::SUCCESS) {
    std::string_view account = PickInlineAccount(inline_companies, a.partner_id);
    if (!account.empty()) Add(a, o::kAccountSourceId, Field::kText, account);
  } else if (a.companies != nullptr && !a.companies->account.empty()) {
    Add(a, o::kAccountSourceId, Field::kText, a.batch.Copy(a.companies->account));
  }
  if (!a.config.partner_property.empty()) {
    a.partner = Prop(a.props, a.config.partner_property).value_or("");
  }
  if (!a.config.partner_role_property.empty()) {
    a.partner_role = Prop(a.props, a.config.partner_role_property).value_or("");
  }
  return true;
}

std::string_view Mapper::PartnerKey(sdk::RecordBatch& batch, std::string_view id,
                                    std::string_view partner) {
  scratch_.assign(id);
  scratch_ += ':';
  scratch_ += partner;
  return batch.Copy(scratch_);
}

Status Mapper::Emit(sdk::Context& ctx, sdk::RecordBatch& batch, const ObjectType& type,
                    const Page& page, dom::element obj, bool deleted, const std::string& where,
                    size_t index, int64_t* ms, std::string_view* id_out,
                    const DealCompaniesMap* companies) {
  *ms = -1;
  *id_out = {};
  std::string_view id;
  if (obj["id"].get_string().get(id) != simdjson::SUCCESS || id.empty()) {
    ctx.Reject(std::string(type.stream) + " " + where + " result " + std::to_string(index) +
               ": no id");
    return Status::Ok();
  }
  *id_out = id;
  // A default dom::element belongs to no document: never ask it anything (the fuzzer found
  // is_object() on one dereferencing null), so whether the result has its properties is kept
  // apart.
  dom::element props;
  const bool has_props = obj["properties"].get(props) == simdjson::SUCCESS && props.is_object();
  std::string_view updated;
  if (has_props) {
    if (auto v = Prop(props, type.mod_prop); v && !v->empty()) updated = *v;
  }
  if (updated.empty() && obj["updatedAt"].get_string().get(updated) != simdjson::SUCCESS) {
    updated = {};
  }
  if (!updated.empty()) {
    if (auto t = sdk::ParseEpochMsOrIso(updated)) *ms = *t;
  }
  // The result's JSON: its bytes as sent, or (when they could not be found) the DOM's
  // minified serialization; a search-read deal's v4 associations are added to it.
  std::string_view raw = page.RawSpan(index);
  if (raw.empty()) raw = batch.Copy(simdjson::to_string(obj));
  const DealCompanies* deal_companies = nullptr;
  if (companies != nullptr) {
    if (auto it = companies->find(id); it != companies->end()) deal_companies = &it->second;
  }
  if (deal_companies != nullptr && !raw.empty() && raw.back() == '}' &&
      obj["associations"].error() == simdjson::NO_SUCH_FIELD) {
    scratch_.assign(raw.substr(0, raw.size() - 1));
    scratch_ += raw.size() > 2 ? ",\"associations\":" : "\"associations\":";
    scratch_ += deal_companies->associations;
    scratch_ += '}';
    raw = batch.Copy(scratch_);
  }
  if (deleted) {
    std::string_view archived_at;
    if (obj["archivedAt"].get_string().get(archived_at) != simdjson::SUCCESS) archived_at = {};
    batch.Begin(type.entity, id).Deleted().Raw(raw);
    if (!archived_at.empty()) batch.UpdatedAt(archived_at);
    // An archived partner company's partner row goes with it.
    if (type.map == &MapCompany && has_props) {
      auto kind = Prop(props, "type");
      if (kind && (sdk::EqualsNoCase(*kind, "partner") || sdk::EqualsNoCase(*kind, "reseller"))) {
        batch.Begin(model::kPartner, id).Deleted();
        if (!archived_at.empty()) batch.UpdatedAt(archived_at);
      }
    }
    // An archived deal's attribution row goes with it.
    if (type.map == &MapDeal && has_props) {
      auto partner = Prop(props, config_.partner_property);
      if (partner && !partner->empty()) {
        batch.Begin(model::kOpportunityPartner, PartnerKey(batch, id, *partner)).Deleted();
        if (!archived_at.empty()) batch.UpdatedAt(archived_at);
      }
    }
    return Status::Ok();
  }
  auto reject = [&](const std::string& why) {
    ctx.Reject(std::string(type.stream) + " " + where + " result " + std::to_string(index) +
               " (id " + std::string(id) + "): " + why);
    return Status::Ok();
  };
  // Without its modification time a record has no place in the cursor's order: a counted
  // reject kept with its JSON, not a stream failure and not a row the cursor never covered.
  if (*ms < 0) {
    ctx.RejectRecord(std::string(type.stream) + " " + where + " result " + std::to_string(index) +
                         " (id " + std::string(id) + "): no valid " + std::string(type.mod_prop) +
                         " or updatedAt (the cursor field); not written",
                     id, raw);
    return Status::Ok();
  }
  if (!has_props) return reject("no 'properties' object");
  MapArgs args{config_, batch, obj, props, id, deal_companies, money_, now_ms_};
  if (!type.map(args)) return reject(args.reject);

  batch.Begin(type.entity, id).Raw(raw);
  if (!updated.empty()) batch.UpdatedAt(updated);
  for (size_t i = 0; i < args.count; ++i) {
    const Field& f = args.fields[i];
    switch (f.kind) {
      case Field::kNull:
        batch.Null(f.name);
        break;
      case Field::kBool:
        batch.Bool(f.name, f.flag);
        break;
      case Field::kText:
        batch.Str(f.name, f.text);
        break;
    }
  }
  if (!args.partner.empty()) {
    namespace op = model::opportunity_partner;
    batch.Begin(model::kOpportunityPartner, PartnerKey(batch, id, args.partner));
    if (!updated.empty()) batch.UpdatedAt(updated);
    batch.Str(op::kOpportunitySourceId, id)
        .Str(op::kPartnerName, args.partner)
        .Str(op::kRole, sdk::MapPartnerRole(config_.roles, args.partner_role, config_.default_role))
        .Bool(op::kIsPrimary, true)
        .Str(op::kAttributionSource, op::attribution_source::kCrmField);
    if (!args.partner_id.empty()) batch.Str(op::kPartnerSourceId, args.partner_id);
  }
  if (args.partner_company) {
    // The partner company is also the partner row its deals' partner_source_id names.
    namespace p = model::partner;
    batch.Begin(model::kPartner, id);
    if (!updated.empty()) batch.UpdatedAt(updated);
    batch.Str(p::kAccountSourceId, id);
    if (!args.name.empty()) batch.Str(p::kName, args.name);
    if (!args.domain.empty()) batch.Str(p::kDomain, args.domain);
  }
  return Status::Ok();
}

}  // namespace tempo::hubspot
