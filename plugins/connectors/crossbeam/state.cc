// Stream states <-> versioned JSON. See state.h.
#include "state.h"

#include "tempo/state.hpp"

namespace tempo::crossbeam {

using sdk::Status;

namespace {

std::string What(std::string_view stream) {
  return "Crossbeam stream '" + std::string(stream) + "'";
}

}  // namespace

std::string EncodePageState(const PageState& s) {
  sdk::StateWriter w(kStateVersion);
  if (s.page > 0) w.Int("page", s.page);
  return w.Take();
}

std::string EncodeOverlapState(const OverlapState& s) {
  return sdk::StateWriter(kStateVersion)
      .Str("organization", s.organization)
      .Str("query", s.query)
      .Str("cursor", s.cursor)
      .Str("next_href", s.next_href)
      .Bool("final", s.final)
      .Int("page", s.page)
      .Take();
}

Status DecodePageState(std::string_view json, std::string_view stream, PageState* out) {
  *out = PageState();
  sdk::StateReader r;
  if (Status s = sdk::StateReader::Parse(json, kStateVersion, 1, What(stream), &r); !s.ok()) {
    return s;
  }
  return r.Get("page", &out->page);
}

Status DecodeOverlapState(std::string_view json, std::string_view stream, OverlapState* out) {
  *out = OverlapState();
  sdk::StateReader r;
  if (Status s = sdk::StateReader::Parse(json, kStateVersion, 1, What(stream), &r); !s.ok()) {
    return s;
  }
  for (Status s : {r.Get("organization", &out->organization), r.Get("query", &out->query),
                   r.Get("cursor", &out->cursor), r.Get("next_href", &out->next_href),
                   r.Get("final", &out->final), r.Get("page", &out->page)}) {
    if (!s.ok()) return s;
  }
  return Status::Ok();
}

}  // namespace tempo::crossbeam
