// The activity feed: paging tokens, lead changes, deleted leads (activities.h).
#include "activities.h"

#include <algorithm>

#include "lead_mapping.h"
#include "windows.h"

namespace tempo::marketo {

using sdk::Context;
using sdk::Status;
namespace dom = simdjson::dom;

namespace {

constexpr int kBatchSize = 300;

std::optional<std::string> IdText(simdjson::simdjson_result<dom::element> e) {
  int64_t n = 0;
  if (e.get_int64().get(n) == simdjson::SUCCESS && n >= 0) return std::to_string(n);
  std::string_view s;
  if (e.get_string().get(s) == simdjson::SUCCESS && IsMarketoId(s)) return std::string(s);
  return std::nullopt;
}

}  // namespace

std::string UrlEncode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
        c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

Status ActivityFeed::TokenSince(Context& ctx, int64_t since_ms, std::string_view where,
                                std::string* token) {
  Envelope env;
  const std::string url = client_.Url("/rest/v1/activities/pagingtoken.json?sinceDatetime=" +
                                      UrlEncode(FilterDate(since_ms)));
  if (Status s = client_.Call(ctx, "GET", url, "", where, &env); !s.ok()) return s;
  if (env.next_page_token().empty()) {
    return Status::Data("Marketo " + std::string(where) + ": pagingtoken.json gave no token");
  }
  *token = env.next_page_token();
  return Status::Ok();
}

Status ActivityFeed::Page(Context& ctx, const std::string& url, std::string_view where,
                          Envelope* page) {
  if (Status s = client_.Call(ctx, "GET", url, "", where, page); !s.ok()) return s;
  if (page->success() && page->next_page_token().empty()) {
    return Status::Data("Marketo " + std::string(where) +
                        ": an activity page without a nextPageToken");
  }
  return Status::Ok();
}

Status ActivityFeed::LeadChanges(Context& ctx, const std::string& token, const std::string& fields,
                                 std::string_view where, Envelope* page) {
  return Page(
      ctx,
      client_.Url("/rest/v1/activities/leadchanges.json?nextPageToken=" + UrlEncode(token) +
                  "&fields=" + UrlEncode(fields) + "&batchSize=" + std::to_string(kBatchSize)),
      where, page);
}

Status ActivityFeed::DeletedLeads(Context& ctx, const std::string& token, std::string_view where,
                                  Envelope* page) {
  return Page(ctx,
              client_.Url("/rest/v1/activities/deletedleads.json?nextPageToken=" +
                          UrlEncode(token) + "&batchSize=" + std::to_string(kBatchSize)),
              where, page);
}

std::vector<std::string> ChangedLeadIds(const Envelope& page) {
  std::vector<std::string> ids;
  for (dom::element activity : page.results()) {
    std::optional<std::string> id = IdText(activity["leadId"]);
    if (id && std::find(ids.begin(), ids.end(), *id) == ids.end()) ids.push_back(std::move(*id));
  }
  return ids;
}

std::optional<DeletedLead> DeletedLeadOf(dom::element activity) {
  std::optional<std::string> id = IdText(activity["leadId"]);
  if (!id) return std::nullopt;
  DeletedLead out;
  out.id = std::move(*id);
  std::string_view at;
  if (activity["activityDate"].get_string().get(at) == simdjson::SUCCESS) out.at.assign(at);
  return out;
}

}  // namespace tempo::marketo
