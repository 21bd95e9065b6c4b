// Page-to-page logic. See paging.h.
#include "paging.h"

#include "tempo/url.hpp"

namespace tempo::rest {

using sdk::Status;

namespace {

int64_t NumberOr(std::string_view position, int64_t fallback) {
  if (position.empty()) return fallback;
  int64_t v = 0;
  for (char c : position) {
    if (c < '0' || c > '9') return fallback;
    v = v * 10 + (c - '0');
  }
  return v;
}

// The origin of a link, for messages (never its path or query, which may carry anything).
std::string OriginOf(std::string_view link) {
  std::optional<sdk::Origin> o = sdk::ParseOrigin(link);
  if (!o) return "a link Tempo cannot follow";
  return o->scheme + "://" + o->host + ":" + std::to_string(o->port);
}

}  // namespace

bool PositionIsUrl(const PagingSpec& paging, std::string_view position) {
  return !position.empty() &&
         (paging.kind == PagingKind::kNextLink || paging.kind == PagingKind::kLinkHeader);
}

std::vector<std::pair<std::string, std::string>> PagingParams(const PagingSpec& paging,
                                                              int64_t size,
                                                              std::string_view position) {
  std::vector<std::pair<std::string, std::string>> params;
  if (PositionIsUrl(paging, position)) return params;  // the link carries its own
  if (!paging.size_param.empty() && size > 0) {
    params.emplace_back(paging.size_param, std::to_string(size));
  }
  switch (paging.kind) {
    case PagingKind::kCursor:
    case PagingKind::kAfterKey:
      if (!position.empty()) params.emplace_back(paging.param, std::string(position));
      break;
    case PagingKind::kOffset:
      params.emplace_back(paging.param, std::to_string(NumberOr(position, 0)));
      break;
    case PagingKind::kPage:
      params.emplace_back(paging.param, std::to_string(NumberOr(position, paging.start)));
      break;
    default:
      break;
  }
  return params;
}

Status Advance(const PagingSpec& paging, int64_t size, std::string_view position,
               const PageFacts& facts, std::string_view base_url, const std::string& where,
               NextPage* out) {
  *out = NextPage();
  auto has_more = [&](bool* more) -> Status {
    if (!facts.has_more) {
      return Status::Data(where + ": the response has no " + paging.stop_path.text +
                          " (true or false), which says whether more pages follow");
    }
    *more = *facts.has_more;
    return Status::Ok();
  };
  switch (paging.kind) {
    case PagingKind::kNone:
      return Status::Ok();
    case PagingKind::kCursor: {
      bool more = facts.cursor.has_value();
      if (paging.stop == StopKind::kHasMore) {
        if (Status s = has_more(&more); !s.ok()) return s;
        if (more && !facts.cursor) {
          return Status::Data(where +
                              ": the response says more pages follow but has no cursor at " +
                              paging.cursor.text);
        }
      }
      if (!more) return Status::Ok();
      if (*facts.cursor == position) {
        return Status::Data(where +
                            ": the API returned the cursor it was given; the listing "
                            "would never end");
      }
      out->more = true;
      out->position = *facts.cursor;
      return Status::Ok();
    }
    case PagingKind::kNextLink:
    case PagingKind::kLinkHeader: {
      if (!facts.next_link || facts.next_link->empty()) return Status::Ok();
      std::optional<std::string> link = sdk::LinkOnOrigin(base_url, *facts.next_link);
      if (!link) {
        return Status::Permission(
            where + ": the next page's link points at " + OriginOf(*facts.next_link) +
            ", not at base_url's host; Tempo sends the connection's credentials nowhere else. "
            "Set base_url to the host the API links to");
      }
      if (*link == position) {
        return Status::Data(where +
                            ": the API linked to the page it was on; the listing would "
                            "never end");
      }
      out->more = true;
      out->position = std::move(*link);
      return Status::Ok();
    }
    case PagingKind::kOffset: {
      const int64_t next = NumberOr(position, 0) + static_cast<int64_t>(facts.records);
      bool more = facts.records > 0;
      if (paging.stop == StopKind::kTotal) {
        if (!facts.total) {
          return Status::Data(where + ": the response has no total at " + paging.stop_path.text);
        }
        more = more && next < *facts.total;
      } else if (paging.stop == StopKind::kShortPage) {
        more = static_cast<int64_t>(facts.records) >= size;
      }
      out->more = more;
      if (more) out->position = std::to_string(next);
      return Status::Ok();
    }
    case PagingKind::kPage: {
      const int64_t page = NumberOr(position, paging.start);
      bool more = facts.records > 0;
      if (paging.stop == StopKind::kShortPage) {
        more = static_cast<int64_t>(facts.records) >= size;
      } else if (paging.stop == StopKind::kTotalPages) {
        if (!facts.total) {
          return Status::Data(where + ": the response has no page count at " +
                              paging.stop_path.text);
        }
        more = more && page - paging.start + 1 < *facts.total;
      } else if (paging.stop == StopKind::kHasMore) {
        if (Status s = has_more(&more); !s.ok()) return s;
      }
      out->more = more;
      if (more) out->position = std::to_string(page + 1);
      return Status::Ok();
    }
    case PagingKind::kAfterKey: {
      bool more = facts.records > 0;
      if (paging.stop == StopKind::kHasMore) {
        if (Status s = has_more(&more); !s.ok()) return s;
      } else if (paging.stop == StopKind::kShortPage) {
        more = static_cast<int64_t>(facts.records) >= size;
      }
      if (!more) return Status::Ok();
      if (facts.records == 0 || !facts.last_key || facts.last_key->empty()) {
        return Status::Data(where + ": the response says more pages follow, but its last record " +
                            (facts.records == 0 ? std::string("is missing (an empty page)")
                                                : "has no " + paging.key.text) +
                            ": nothing to continue after");
      }
      if (*facts.last_key == position) {
        return Status::Data(where +
                            ": the page ended with the key it started after; the "
                            "listing would never end");
      }
      out->more = true;
      out->position = *facts.last_key;
      return Status::Ok();
    }
  }
  return Status::Ok();
}

}  // namespace tempo::rest
