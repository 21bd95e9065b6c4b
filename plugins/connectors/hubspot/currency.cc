// The account's exchange rates and a deal's USD value. See currency.h.
#include "currency.h"

#include <algorithm>

#include <simdjson.h>

#include "tempo/time.hpp"

namespace tempo::hubspot {
namespace {

using sdk::Status;
namespace dom = simdjson::dom;

std::string Upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return out;
}

std::string Day(int64_t ms) { return sdk::FormatIso(ms).substr(0, 10); }

}  // namespace

Status AccountCurrencies::SetCompanyCurrency(std::string_view body) {
  dom::parser parser;
  dom::object root;
  std::string_view code;
  if (parser.parse(body.data(), body.size()).get_object().get(root) != simdjson::SUCCESS ||
      (root["currencyCode"].get_string().get(code) != simdjson::SUCCESS &&
       root["id"].get_string().get(code) != simdjson::SUCCESS) ||
      code.size() != 3) {
    return Status::Data("the company currency response is not {\"id\": \"<currency code>\"} (" +
                        std::to_string(body.size()) + " bytes)");
  }
  company_ = Upper(code);
  return Status::Ok();
}

void AccountCurrencies::SetCompanyCode(std::string_view code) { company_ = Upper(code); }

Status AccountCurrencies::AddExchangeRates(std::string_view body, std::string* after) {
  after->clear();
  dom::parser parser;
  dom::element root;
  dom::array results;
  if (parser.parse(body.data(), body.size()).get(root) != simdjson::SUCCESS ||
      root["results"].get_array().get(results) != simdjson::SUCCESS) {
    return Status::Data("the exchange rates response has no results list (" +
                        std::to_string(body.size()) + " bytes)");
  }
  for (dom::element r : results) {
    std::string_view from, to, effective;
    double rate = 0;
    if (r["fromCurrencyCode"].get_string().get(from) != simdjson::SUCCESS ||
        r["conversionRate"].get_double().get(rate) != simdjson::SUCCESS || !(rate > 0) ||
        r["effectiveAt"].get_string().get(effective) != simdjson::SUCCESS) {
      continue;
    }
    if (r["toCurrencyCode"].get_string().get(to) == simdjson::SUCCESS && !company_.empty() &&
        Upper(to) != company_) {
      continue;
    }
    const std::optional<int64_t> ms = sdk::ParseEpochMsOrIso(effective);
    if (!ms) continue;
    std::vector<Rate>& list = rates_[Upper(from)];
    const Rate entry{*ms, rate};
    list.insert(
        std::upper_bound(list.begin(), list.end(), entry,
                         [](const Rate& a, const Rate& b) { return a.from_ms < b.from_ms; }),
        entry);
  }
  std::string_view next;
  if (root["paging"]["next"]["after"].get_string().get(next) == simdjson::SUCCESS) {
    *after = std::string(next);
  }
  return Status::Ok();
}

std::optional<AccountCurrencies::Rate> AccountCurrencies::RateAt(const std::string& code,
                                                                 int64_t ms) const {
  auto it = rates_.find(code);
  if (it == rates_.end() || it->second.empty()) return std::nullopt;
  const std::vector<Rate>& list = it->second;
  auto after = std::upper_bound(list.begin(), list.end(), ms,
                                [](int64_t t, const Rate& r) { return t < r.from_ms; });
  return after == list.begin() ? list.front() : *std::prev(after);
}

std::optional<UsdValue> AccountCurrencies::ToUsd(double amount, std::string_view currency,
                                                 bool closed, int64_t close_ms,
                                                 int64_t now_ms) const {
  if (company_.empty()) return std::nullopt;
  const std::string code = currency.empty() ? company_ : Upper(currency);
  const int64_t at = closed && close_ms >= 0 ? close_ms : now_ms;
  std::optional<Rate> from = code == company_ ? std::optional<Rate>(Rate{-1, 1}) : RateAt(code, at);
  std::optional<Rate> usd =
      company_ == "USD" ? std::optional<Rate>(Rate{-1, 1}) : RateAt("USD", at);
  if (!from || !usd) return std::nullopt;
  UsdValue out;
  out.fx_rate = from->rate / usd->rate;
  out.amount_usd = amount * from->rate / usd->rate;
  const int64_t dated = from->from_ms >= 0 ? from->from_ms : usd->from_ms;
  out.fx_date = dated >= 0 ? Day(dated) : Day(at);
  return out;
}

}  // namespace tempo::hubspot
