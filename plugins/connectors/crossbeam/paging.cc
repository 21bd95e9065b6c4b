// Page-to-page logic. See paging.h.
#include "paging.h"

#include "tempo/text.hpp"
#include "tempo/url.hpp"

namespace tempo::crossbeam {

using sdk::QueryParam;
using sdk::SameOrigin;

using sdk::Status;

std::string OverlapQuery(int64_t page_size) { return "limit=" + std::to_string(page_size); }

Plan PlanOverlapRead(const OverlapState& saved, bool incremental, std::string_view organization,
                     std::string_view query) {
  const bool same = saved.organization == organization && saved.query == query;
  if (!incremental) {
    if (!saved.cursor.empty() && !saved.final && same) return {Start::kResume, ""};
    return {Start::kListing, ""};
  }
  if (saved.cursor.empty() && !saved.final) return {Start::kListing, ""};  // never listed
  if (saved.cursor.empty()) {
    return {Start::kRestartFull,
            "the last listing ended without a final cursor, so the changes since cannot be read"};
  }
  if (saved.organization != organization) {
    return {Start::kRestartFull, "the saved cursor belongs to organization " + saved.organization +
                                     ", not " + std::string(organization) +
                                     " (organization_uuid changed)"};
  }
  if (saved.query != query) {
    return {Start::kRestartFull, "the saved cursor belongs to the query '" + saved.query +
                                     "', not '" + std::string(query) +
                                     "' (page_size changed; Crossbeam invalidates a cursor when "
                                     "any query parameter changes)"};
  }
  return {Start::kResume, ""};
}

std::string OverlapPageUrl(std::string_view base_url, OverlapKind kind, std::string_view query,
                           std::string_view cursor, std::string_view next_href) {
  if (!next_href.empty() && SameOrigin(base_url, next_href)) return std::string(next_href);
  std::string url(base_url);
  url += "/v1/overlaps/";
  url += EndpointName(kind);
  url += '?';
  url += query;
  if (!cursor.empty()) url += "&cursor=" + sdk::PercentEncode(cursor);
  return url;
}

Status AdvanceOverlap(std::string_view base_url, const ListPage& page, std::string_view what,
                      OverlapState* state) {
  std::string cursor = page.next_cursor();
  if (cursor.empty() && !page.next_href().empty()) cursor = QueryParam(page.next_href(), "cursor");
  if (page.has_more() && cursor.empty()) {
    return Status::Data(std::string(what) +
                        ": the page says has_more but gives no next_cursor or next_href with a "
                        "cursor; cannot go on");
  }
  state->cursor = std::move(cursor);
  state->next_href = SameOrigin(base_url, page.next_href()) ? page.next_href() : std::string();
  state->final = !page.has_more();
  ++state->page;
  return Status::Ok();
}

std::string NextNumberedPage(std::string_view base_url, std::string_view path,
                             std::string_view query, const ListPage& page, int64_t page_number) {
  if (page.next_href().empty()) return "";
  if (SameOrigin(base_url, page.next_href())) return page.next_href();
  return std::string(base_url) + std::string(path) + "?" + std::string(query) +
         (query.empty() ? "" : "&") + "page=" + std::to_string(page_number + 1);
}

}  // namespace tempo::crossbeam
