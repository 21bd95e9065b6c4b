// tempo/state.hpp: a stream's state as versioned JSON, the text the host commits with the
// records and hands back to the next read().
//
//   {"version":2,"cursor_ms":1719705600000,"run":{"phase":"list","after":"MTAw"}}
//
// Writing: StateWriter w(kVersion); w.Int("cursor_ms", c).BeginObject("run")...; w.Take().
// Reading: StateReader::Parse(text, kVersion, kOldest, "HubSpot stream 'contacts'", &r), then
// typed getters that leave the target alone when the key is absent (so a struct's defaults
// stand) and fail with a Data status naming the key when it has the wrong type. Unknown keys
// are ignored, so a later version may add some. A state without "version" is version 0 (what
// connectors wrote before they versioned their state). A state newer than `current` (written by
// a newer connector) or older than `oldest` is refused with a message that says what to do.
// Part of the connector kit (needs simdjson).
#ifndef TEMPO_STATE_HPP_
#define TEMPO_STATE_HPP_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include <simdjson.h>

#include "tempo/json_writer.hpp"
#include "tempo/plugin.hpp"

namespace tempo::sdk {

class StateWriter {
 public:
  explicit StateWriter(int64_t version) { w_.BeginObject().Key("version").Int(version); }

  StateWriter& Int(std::string_view key, int64_t v) {
    w_.Key(key).Int(v);
    return *this;
  }
  StateWriter& Uint(std::string_view key, uint64_t v) {
    w_.Key(key).Uint(v);
    return *this;
  }
  StateWriter& Str(std::string_view key, std::string_view v) {
    w_.Key(key).String(v);
    return *this;
  }
  StateWriter& Bool(std::string_view key, bool v) {
    w_.Key(key).Bool(v);
    return *this;
  }
  StateWriter& Raw(std::string_view key, std::string_view json) {
    w_.Key(key).Raw(json);
    return *this;
  }
  StateWriter& BeginObject(std::string_view key) {
    w_.Key(key).BeginObject();
    return *this;
  }
  StateWriter& EndObject() {
    w_.EndObject();
    return *this;
  }
  // The state's text; the writer is spent.
  std::string Take() {
    w_.EndObject();
    return w_.Take();
  }

 private:
  JsonWriter w_;
};

class StateReader {
 public:
  StateReader() = default;

  // Parses `json` (a stored state; "" for none). `what` names the stream in messages ("HubSpot
  // stream 'contacts'"). On success *out reads it; fresh() is true for "".
  static Status Parse(std::string_view json, int64_t current, int64_t oldest, std::string what,
                      StateReader* out) {
    *out = StateReader();
    out->what_ = std::move(what);
    if (json.empty()) return Status::Ok();
    out->root_ = std::make_shared<Root>();
    out->root_->text = simdjson::padded_string(json);
    if (out->root_->parser.parse(out->root_->text).get(out->doc_) != simdjson::SUCCESS ||
        !out->doc_.is_object()) {
      return Status::Data(out->what_ +
                          ": the stored state is not a JSON object; reset the stream's state (a "
                          "full refresh: tempo sync CONNECTION --full-refresh --stream STREAM)");
    }
    out->fresh_ = false;
    int64_t version = 0;
    if (Status s = out->Get("version", &version); !s.ok()) return s;
    out->version_ = version;
    if (version > current) {
      return Status::Data(out->what_ + ": the stored state is version " + std::to_string(version) +
                          ", written by a newer version of this connector (it reads up to " +
                          std::to_string(current) +
                          "); upgrade the plugin, or run a full refresh to start over");
    }
    if (version < oldest) {
      return Status::Data(out->what_ + ": the stored state is version " + std::to_string(version) +
                          ", from a connector version this one no longer reads (oldest " +
                          std::to_string(oldest) +
                          "); run a full refresh (tempo sync CONNECTION --full-refresh --stream "
                          "STREAM)");
    }
    return Status::Ok();
  }

  bool fresh() const { return fresh_; }
  int64_t version() const { return version_; }
  bool Has(std::string_view key) const {
    simdjson::dom::element e;
    return !fresh_ && doc_[key].get(e) == simdjson::SUCCESS && !e.is_null();
  }

  Status Get(std::string_view key, int64_t* out) const {
    simdjson::dom::element e;
    if (!Find(key, &e)) return Status::Ok();
    if (e.get_int64().get(*out) != simdjson::SUCCESS) return WrongType(key, "an integer");
    return Status::Ok();
  }
  Status Get(std::string_view key, std::string* out) const {
    simdjson::dom::element e;
    if (!Find(key, &e)) return Status::Ok();
    std::string_view v;
    if (e.get_string().get(v) != simdjson::SUCCESS) return WrongType(key, "a string");
    out->assign(v);
    return Status::Ok();
  }
  Status Get(std::string_view key, bool* out) const {
    simdjson::dom::element e;
    if (!Find(key, &e)) return Status::Ok();
    if (e.get_bool().get(*out) != simdjson::SUCCESS) return WrongType(key, "a boolean");
    return Status::Ok();
  }
  // A nested object as a reader (valid while this one is); nullopt when absent or null.
  Status Object(std::string_view key, std::optional<StateReader>* out) const {
    out->reset();
    simdjson::dom::element e;
    if (!Find(key, &e)) return Status::Ok();
    if (!e.is_object()) return WrongType(key, "an object");
    StateReader child;
    child.root_ = root_;
    child.doc_ = e;
    child.fresh_ = false;
    child.version_ = version_;
    child.what_ = what_;
    child.prefix_ = prefix_ + std::string(key) + ".";
    *out = std::move(child);
    return Status::Ok();
  }
  // The element itself, for shapes the getters do not cover (maps, arrays).
  simdjson::dom::element element() const { return doc_; }

 private:
  struct Root {
    simdjson::padded_string text;
    simdjson::dom::parser parser;
  };

  bool Find(std::string_view key, simdjson::dom::element* e) const {
    return !fresh_ && doc_[key].get(*e) == simdjson::SUCCESS && !e->is_null();
  }
  Status WrongType(std::string_view key, const char* expected) const {
    return Status::Data(what_ + ": the stored state's '" + prefix_ + std::string(key) +
                        "' is not " + expected +
                        "; reset the stream's state (a full refresh: tempo sync CONNECTION "
                        "--full-refresh --stream STREAM)");
  }

  std::shared_ptr<Root> root_;
  simdjson::dom::element doc_;
  bool fresh_ = true;
  int64_t version_ = 0;
  std::string what_;
  std::string prefix_;
};

}  // namespace tempo::sdk

#endif  // TEMPO_STATE_HPP_
