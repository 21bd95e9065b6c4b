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

// Throws simdjson_error on a body that is not a query page.
void Decode(od::parser& parser, std::string_view body, Page* page) {
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
