// tempo/catalog.hpp: a connector's streams declared as a table, from which the base class
// implements Discover() and the Read() dispatch. Each stream names the member function that
// reads it, so adding a stream is one row, and no connector compares stream names by hand.
//
//   class Hello : public tempo::sdk::CatalogConnector<Hello> {
//    public:
//     Hello() : CatalogConnector({{"accounts", "account", "id", "updated_at",
//                                  "Accounts of the Hello API",
//                                  TEMPO_SYNC_FULL_REFRESH | TEMPO_SYNC_INCREMENTAL,
//                                  &Hello::ReadAccounts}}) {}
//     Status Check(Context& ctx) override;
//    private:
//     Status ReadAccounts(Context& ctx, const Stream& stream, const ReadRequest& request);
//   };
//
// Part of the connector kit: header-only, outside the ABI.
#ifndef TEMPO_CATALOG_HPP_
#define TEMPO_CATALOG_HPP_

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "tempo/plugin.hpp"

namespace tempo::sdk {

template <class T>
class CatalogConnector : public Connector {
 public:
  struct Stream {
    std::string name;          // as configured under streams:
    std::string entity;        // the canonical table its records go to
    std::string primary_key;   // the source's id field
    std::string cursor_field;  // "" when it has none
    std::string description;
    uint32_t sync_modes = TEMPO_SYNC_FULL_REFRESH;
    Status (T::*read)(Context& ctx, const Stream& stream, const ReadRequest& request) = nullptr;
    // The rows of `entity` this stream owns when another stream writes it too (StreamInfo).
    uint32_t owns = TEMPO_OWNS_ALL;
    std::string owns_column = {};  // `= {}`: rows may leave these out (-Wextra)
    std::string owns_value = {};
  };

  explicit CatalogConnector(std::vector<Stream> streams) : streams_(std::move(streams)) {}

  Status Discover(Context& /*ctx*/, std::vector<StreamInfo>* out) override {
    for (const Stream& s : streams_) {
      StreamInfo info;
      info.name = s.name;
      info.entity = s.entity;
      info.primary_key = s.primary_key;
      info.cursor_field = s.cursor_field;
      info.description = s.description;
      info.sync_modes = s.sync_modes;
      info.owns = s.owns;
      info.owns_column = s.owns_column;
      info.owns_value = s.owns_value;
      out->push_back(std::move(info));
    }
    return Status::Ok();
  }

  Status Read(Context& ctx, const ReadRequest& request) override {
    for (const Stream& s : streams_) {
      if (s.name == request.stream) return (static_cast<T*>(this)->*s.read)(ctx, s, request);
    }
    std::string names;
    for (const Stream& s : streams_) names += (names.empty() ? "" : ", ") + s.name;
    return Status::NotFound("no stream '" + std::string(request.stream) +
                            "' in this connector; its streams are " + names);
  }

  const std::vector<Stream>& streams() const { return streams_; }

 protected:
  // For connectors whose streams depend on their config: set them in the constructor's body.
  void SetStreams(std::vector<Stream> streams) { streams_ = std::move(streams); }

 private:
  std::vector<Stream> streams_;
};

}  // namespace tempo::sdk

#endif  // TEMPO_CATALOG_HPP_
