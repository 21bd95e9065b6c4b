// A scripted Salesforce org for Read() tests against the kit's FakeHost, written from the
// documentation (section 2 of the API wire-format notes): describeGlobal and describe with
// objects and fields an admin can hide, SOQL queries answered from scripted pages (each record
// cut to the SELECT list, as Salesforce does), nextRecordsUrl paging, and the errors a query
// gets for a hidden field (INVALID_FIELD) or object (INVALID_TYPE).
#ifndef TEMPO_TESTS_UNIT_SALESFORCE_SCRIPTED_ORG_H_
#define TEMPO_TESTS_UNIT_SALESFORCE_SCRIPTED_ORG_H_

#include <simdjson.h>

#include <algorithm>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "objects.h"
#include "tempo/testing/fake_host.hpp"

namespace tempo::salesforce::testing {

using sdk::testing::FakeHttpRequest;
using sdk::testing::FakeHttpResponse;

inline std::string LowerCase(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

inline std::string UrlDecode(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '+') {
      out.push_back(' ');
    } else if (s[i] == '%' && i + 2 < s.size()) {
      out.push_back(static_cast<char>(std::stoi(std::string(s.substr(i + 1, 2)), nullptr, 16)));
      i += 2;
    } else {
      out.push_back(s[i]);
    }
  }
  return out;
}

class ScriptedOrg {
 public:
  static constexpr const char* kInstance = "https://org.my.salesforce.com";
  static constexpr const char* kData = "https://org.my.salesforce.com/services/data/v62.0";

  bool describe = true;                                   // false: describeGlobal answers 404
  std::set<std::string> hidden_objects;                   // left out of describeGlobal
  std::map<std::string, std::set<std::string>> hidden;    // object -> fields its describe omits
  std::map<std::string, std::vector<std::string>> pages;  // object -> pages of records ("[...]")
  // More fields of an object (Opportunity: CurrencyIsoCode in a multi-currency org), and
  // objects the connector has no stream for (CurrencyType, DatedConversionRate) with theirs.
  std::map<std::string, std::vector<std::string>> more_fields;
  // Answers before the script when it returns a response (faults).
  std::function<std::optional<FakeHttpResponse>(const FakeHttpRequest&, int query_number)> fault;

  std::vector<std::string> soql;   // the decoded SOQL of each query, in order (faults too)
  std::vector<std::string> paths;  // every request's path (after the instance), in order

  FakeHttpResponse Answer(const FakeHttpRequest& r) {
    std::string path = r.url.substr(std::string(kInstance).size());
    paths.push_back(path.substr(0, path.find('?')));
    const bool is_query = path.find("/query") != std::string::npos;
    if (is_query) ++queries_;
    const size_t q = path.find("?q=");
    if (q != std::string::npos) soql.push_back(UrlDecode(path.substr(q + 3)));
    if (fault) {
      if (std::optional<FakeHttpResponse> f = fault(r, queries_)) return *f;
    }
    const std::string data = "/services/data/v62.0";
    if (path == data + "/sobjects") return Global();
    if (path.rfind(data + "/sobjects/", 0) == 0) {
      const std::string object =
          path.substr(data.size() + 10, path.find("/describe") - data.size() - 10);
      return Describe(object);
    }
    if (q != std::string::npos) {
      return Query(soql.back(), path.find("queryAll") != std::string::npos);
    }
    if (path.rfind(data + "/query", 0) == 0) return More(path);
    if (path == data + "/limits") return {200, R"({"DailyApiRequests":{"Max":15000}})", {}};
    return Error(404, "NOT_FOUND", "The requested resource does not exist");
  }

  static FakeHttpResponse Error(int status, const std::string& code, const std::string& message) {
    return {status, R"([{"message":")" + message + R"(","errorCode":")" + code + R"("}])", {}};
  }

  // The fields a describe of `object` lists: the connector's defaults, common fields and a few
  // custom ones, less the hidden.
  std::vector<std::string> VisibleFields(const std::string& object) const {
    std::vector<std::string> out;
    auto add = [&](std::string_view f) {
      auto it = hidden.find(object);
      if (it == hidden.end() || it->second.count(std::string(f)) == 0) out.emplace_back(f);
    };
    for (const ObjectDef& d : AllObjects()) {
      if (d.object != object) continue;
      for (std::string_view f : d.fields) add(f);
      for (std::string_view f : kCommonFields) add(f);
    }
    for (const char* f : {"IsPartner", "Tier__c", "Referring_Partner__c", "Partner_Account__c"}) {
      add(f);
    }
    if (auto it = more_fields.find(object); it != more_fields.end()) {
      for (const std::string& f : it->second) add(f);
    }
    return out;
  }

 private:
  bool Visible(const std::string& object) const {
    if (hidden_objects.count(object) > 0) return false;
    for (const ObjectDef& d : AllObjects()) {
      if (d.object == object) return true;
    }
    return more_fields.count(object) > 0;
  }

  FakeHttpResponse Global() const {
    if (!describe) return Error(404, "NOT_FOUND", "The requested resource does not exist");
    std::string body = R"({"encoding":"UTF-8","maxBatchSize":200,"sobjects":[)";
    bool first = true;
    std::vector<std::string> names;
    for (const ObjectDef& d : AllObjects()) names.emplace_back(d.object);
    for (const auto& [object, fields] : more_fields) {
      if (std::find(names.begin(), names.end(), object) == names.end()) names.push_back(object);
    }
    for (const std::string& name : names) {
      if (!Visible(name)) continue;
      body += std::string(first ? "" : ",") + R"({"name":")" + name + R"(","queryable":true})";
      first = false;
    }
    return {200, body + R"(,{"name":"AccountHistory","queryable":false}]})", {}};
  }

  FakeHttpResponse Describe(const std::string& object) const {
    if (!describe || !Visible(object)) return Error(404, "NOT_FOUND", "no such object");
    std::string body = R"({"name":")" + object + R"(","fields":[)";
    bool first = true;
    for (const std::string& f : VisibleFields(object)) {
      body += std::string(first ? "" : ",") + R"({"name":")" + f + R"(","type":"string"})";
      first = false;
    }
    return {200, body + "]}", {}};
  }

  FakeHttpResponse Query(const std::string& q, bool all) {
    const size_t from = q.find(" FROM ");
    const std::string object = q.substr(from + 6, q.find(' ', from + 6) - from - 6);
    if (!Visible(object)) {
      return Error(400, "INVALID_TYPE", "sObject type '" + object + "' is not supported.");
    }
    std::vector<std::string> select;
    for (size_t at = 7; at < from;) {
      size_t end = std::min(q.find(", ", at), from);
      select.push_back(q.substr(at, end - at));
      at = end + 2;
    }
    const std::vector<std::string> visible = VisibleFields(object);
    for (const std::string& f : select) {
      bool ok = false;
      for (const std::string& v : visible) ok |= LowerCase(v) == LowerCase(f);
      if (!ok) {
        return Error(400, "INVALID_FIELD",
                     "No such column '" + f + "' on entity '" + object + "'.");
      }
    }
    const std::string cursor = std::to_string(++cursors_);
    selects_[cursor] = {object, select};
    return PageOf(cursor, all, 0);
  }

  FakeHttpResponse More(const std::string& path) {
    // /services/data/v62.0/query(All)/<cursor>-<page>
    const size_t slash = path.rfind('/'), dash = path.rfind('-');
    const std::string cursor = path.substr(slash + 1, dash - slash - 1);
    if (selects_.count(cursor) == 0) {
      return Error(400, "INVALID_QUERY_LOCATOR", "invalid query locator");
    }
    return PageOf(cursor, path.find("queryAll") != std::string::npos,
                  std::stoul(path.substr(dash + 1)));
  }

  FakeHttpResponse PageOf(const std::string& cursor, bool all, size_t n) {
    const auto& [object, select] = selects_.at(cursor);
    const std::vector<std::string>& script = pages[object];
    const bool done = n + 1 >= script.size();
    std::string records = "[";
    if (n < script.size()) {
      simdjson::dom::parser parser;
      simdjson::dom::array list = parser.parse(script[n]).get_array();
      bool first_record = true;
      for (simdjson::dom::element rec : list) {
        records +=
            std::string(first_record ? "" : ",") + R"({"attributes":{"type":")" + object + R"("})";
        first_record = false;
        for (auto [key, value] : rec.get_object()) {
          bool selected = false;
          // A relationship's object comes back when any of its fields was selected.
          for (const std::string& f : select) {
            selected |=
                LowerCase(f) == LowerCase(key) || LowerCase(f).rfind(LowerCase(key) + ".", 0) == 0;
          }
          if (selected) records += ",\"" + std::string(key) + "\":" + simdjson::to_string(value);
        }
        records += "}";
      }
    }
    records += "]";
    std::string body = R"({"totalSize":0,"done":)" + std::string(done ? "true" : "false");
    if (!done) {
      body += R"(,"nextRecordsUrl":"/services/data/v62.0/)" +
              std::string(all ? "queryAll" : "query") + "/" + cursor + "-" + std::to_string(n + 1) +
              "\"";
    }
    return {200,
            body + R"(,"records":)" + records + "}",
            {{"Sforce-Limit-Info", "api-usage=" + std::to_string(18 + queries_) + "/5000"}}};
  }

  int queries_ = 0;
  int cursors_ = 0;
  std::map<std::string, std::pair<std::string, std::vector<std::string>>> selects_;
};

}  // namespace tempo::salesforce::testing

#endif  // TEMPO_TESTS_UNIT_SALESFORCE_SCRIPTED_ORG_H_
