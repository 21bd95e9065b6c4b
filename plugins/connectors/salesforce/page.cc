// Query pages: decoding, the merge of split queries, raw JSON. See page.h.
#include "page.h"

#include <unordered_map>

namespace tempo::salesforce {
namespace {

namespace od = simdjson::ondemand;

Value ReadValue(od::value v) {
  Value out;
  switch (v.type().value()) {
    case od::json_type::null:
      out.kind = Value::kNull;
      break;
    case od::json_type::boolean:
      out.kind = Value::kBool;
      out.b = v.get_bool().value();
      break;
    case od::json_type::number: {
      out.kind = Value::kNumber;
      std::string_view token = v.raw_json_token();
      while (!token.empty() && (token.back() == ' ' || token.back() == '\n' ||
                                token.back() == '\t' || token.back() == '\r')) {
        token.remove_suffix(1);
      }
      out.text = std::string(token);
      out.num = v.get_double().value();
      break;
    }
    case od::json_type::string:
      out.kind = Value::kString;
      out.text = std::string(v.get_string().value());
      break;
    case od::json_type::object:
      out.kind = Value::kOther;
      out.text = std::string(v.get_object().value().raw_json().value());
      break;
    default:
      out.kind = Value::kOther;
      out.text = std::string(v.get_array().value().raw_json().value());
      break;
  }
  return out;
}

Value DomValue(simdjson::dom::element e) {
  Value out;
  switch (e.type()) {
    case simdjson::dom::element_type::NULL_VALUE:
      break;
    case simdjson::dom::element_type::BOOL:
      out.kind = Value::kBool;
      out.b = bool(e);
      break;
    case simdjson::dom::element_type::STRING:
      out.kind = Value::kString;
      out.text = std::string(std::string_view(e));
      break;
    case simdjson::dom::element_type::INT64:
    case simdjson::dom::element_type::UINT64:
    case simdjson::dom::element_type::DOUBLE:
      out.kind = Value::kNumber;
      out.text = simdjson::to_string(e);
      out.num = e.is_double() ? double(e) : e.is_int64() ? double(int64_t(e)) : double(uint64_t(e));
      break;
    default:
      out.kind = Value::kOther;
      out.text = simdjson::to_string(e);
      break;
  }
  return out;
}

// A relationship's object ({"attributes": ..., "Name": ...}): its fields as "name.Field", and
// its raw JSON without the attributes, as the record's own.
void AddRelated(simdjson::dom::parser& parser, const std::string& name, Value& value,
                Record& record) {
  simdjson::dom::object object;
  if (parser.parse(value.text).get_object().get(object) != simdjson::SUCCESS) return;
  if (object["attributes"].error() != simdjson::SUCCESS) return;  // not a relationship
  std::string raw = "{";
  for (auto [key, field] : object) {
    if (key == "attributes") continue;
    record.related.emplace_back(name + "." + std::string(key), DomValue(field));
    if (raw.size() > 1) raw.push_back(',');
    sdk::AppendJsonString(raw, key);
    raw.push_back(':');
    raw += simdjson::to_string(field);
  }
  value.text = raw + "}";
}

// Throws simdjson_error on a body that is not a query page.
void Decode(od::parser& parser, std::string_view body, Page* page) {
  simdjson::dom::parser relationships;
  bool saw_done = false, saw_records = false;
  simdjson::padded_string padded(body);
  od::document doc = parser.iterate(padded);
  for (auto field : doc.get_object()) {
    std::string_view key = field.unescaped_key();
    if (key == "done") {
      page->done = field.value().get_bool();
      saw_done = true;
    } else if (key == "nextRecordsUrl") {
      od::value v = field.value();
      if (!v.is_null()) page->next_url = std::string(std::string_view(v.get_string()));
    } else if (key == "records") {
      saw_records = true;
      for (auto item : field.value().get_array()) {
        Record record;
        for (auto f : item.get_object()) {
          std::string_view name = f.unescaped_key();
          if (name == "attributes") continue;  // type and url: noise
          record.fields.emplace_back(std::string(name), ReadValue(f.value()));
          auto& [key, value] = record.fields.back();
          if (value.kind == Value::kOther && value.text.starts_with("{")) {
            AddRelated(relationships, key, value, record);
          }
        }
        page->records.push_back(std::move(record));
      }
    }
  }
  if (!saw_done || !saw_records || (!page->done && page->next_url.empty())) {
    throw simdjson::simdjson_error(simdjson::NO_SUCH_FIELD);
  }
}

}  // namespace

const Value* Record::Get(std::string_view name) const {
  for (const auto& [key, value] : fields) {
    if (key == name) return &value;
  }
  for (const auto& [key, value] : related) {
    if (key == name) return &value;
  }
  return nullptr;
}

std::string_view Record::Text(std::string_view name) const {
  const Value* v = Get(name);
  return v != nullptr && v->kind == Value::kString ? std::string_view(v->text) : std::string_view();
}

bool Record::True(std::string_view name) const {
  const Value* v = Get(name);
  return v != nullptr && v->kind == Value::kBool && v->b;
}

sdk::Status ParsePage(od::parser& parser, std::string_view body, std::string_view what,
                      Page* page) {
  *page = Page();
  try {
    Decode(parser, body, page);
  } catch (const simdjson::simdjson_error& e) {
    *page = Page();
    return sdk::Status::Data(std::string(what) +
                             ": the query response is not a Salesforce query result (" + e.what() +
                             ", " + std::to_string(body.size()) + " bytes)");
  }
  return sdk::Status::Ok();
}

sdk::Status MergeChunks(std::vector<Page>& parts, std::string_view what) {
  if (parts.empty()) return sdk::Status::Ok();
  Page& page = parts[0];
  for (size_t i = 1; i < parts.size(); ++i) {
    if (parts[i].done != page.done || parts[i].records.size() != page.records.size()) {
      return sdk::Status::Data(std::string(what) +
                               ": the split queries returned different pages; retry the sync");
    }
    std::unordered_map<std::string_view, const Record*> by_id;
    for (const Record& r : parts[i].records) by_id[r.Text("Id")] = &r;
    for (Record& r : page.records) {
      auto it = by_id.find(r.Text("Id"));
      if (it == by_id.end()) continue;
      for (const auto& [key, value] : it->second->fields) {
        if (r.Get(key) == nullptr) r.fields.emplace_back(key, value);
      }
      for (const auto& [key, value] : it->second->related) {
        if (r.Get(key) == nullptr) r.related.emplace_back(key, value);
      }
    }
  }
  return sdk::Status::Ok();
}

std::string RawJson(const Record& record) {
  std::string out = "{";
  bool first = true;
  for (const auto& [key, value] : record.fields) {
    if (!first) out.push_back(',');
    first = false;
    sdk::AppendJsonString(out, key);
    out.push_back(':');
    switch (value.kind) {
      case Value::kNull:
        out += "null";
        break;
      case Value::kBool:
        out += value.b ? "true" : "false";
        break;
      case Value::kNumber:
      case Value::kOther:
        out += value.text;
        break;
      case Value::kString:
        sdk::AppendJsonString(out, value.text);
        break;
    }
  }
  out.push_back('}');
  return out;
}

}  // namespace tempo::salesforce
