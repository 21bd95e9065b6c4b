// RecordBuffer: the order in which a commit writes its records (KeyOrder), and the records it
// gives back (at) exactly as the plugin sent them.
#include <catch2/catch.hpp>

#include <cstring>
#include <string>
#include <utility>
#include <vector>

#include "sync/record_buffer.h"

namespace {

void Add(tempo::sync::RecordBuffer& buffer, const std::string& entity, const std::string& id,
         const std::string& raw) {
  tempo_record rec{};
  rec.struct_size = sizeof rec;
  rec.op = TEMPO_OP_UPSERT;
  rec.entity = entity.data();
  rec.entity_len = entity.size();
  rec.source_id = id.data();
  rec.source_id_len = id.size();
  rec.raw_json = raw.data();
  rec.raw_json_len = raw.size();
  buffer.Append(rec, sizeof(tempo_field));
}

std::vector<std::string> Written(tempo::sync::RecordBuffer& buffer) {
  std::vector<std::string> out;
  for (uint32_t i : buffer.KeyOrder()) {
    const tempo_record& r = buffer.at(i);
    out.push_back(std::string(r.entity, r.entity_len) + "/" +
                  std::string(r.source_id, r.source_id_len) + "=" +
                  std::string(r.raw_json, r.raw_json_len));
  }
  return out;
}

}  // namespace

TEST_CASE("a commit writes by entity and source id, a repeated record's newest version last") {
  tempo::sync::RecordBuffer buffer;
  Add(buffer, "contact", "30", "a");
  Add(buffer, "account", "9", "b");
  Add(buffer, "contact", "100", "c");  // bytewise: "100" < "30", as the store's index orders
  Add(buffer, "contact", "30", "d");   // a newer version of contact 30
  Add(buffer, "contact", "20", "e");
  Add(buffer, "contact", "30", "f");  // the newest
  CHECK(Written(buffer) == std::vector<std::string>{"account/9=b", "contact/100=c", "contact/20=e",
                                                    "contact/30=a", "contact/30=d",
                                                    "contact/30=f"});
}

TEST_CASE("records already in key order keep their order") {
  tempo::sync::RecordBuffer buffer;
  for (int i = 0; i < 1000; ++i) Add(buffer, "contact", std::to_string(100000 + i), "x");
  std::vector<uint32_t> order = buffer.KeyOrder();
  for (uint32_t i = 0; i < order.size(); ++i) REQUIRE(order[i] == i);
  buffer.Clear();
  CHECK(buffer.KeyOrder().empty());
}

TEST_CASE("the buffer gives back every field as the plugin sent it, names kept once") {
  tempo::sync::RecordBuffer buffer;
  // Fields in a stride larger than the host's tempo_field, as a newer plugin sends them.
  struct WideField {
    tempo_field f;
    uint64_t newer_member;
  };
  for (int i = 0; i < 3; ++i) {
    std::string id = "r" + std::to_string(i), name = "Acme " + std::to_string(i);
    std::vector<WideField> fields(5);
    auto set = [&](size_t k, const char* field_name, int32_t type) -> tempo_field& {
      tempo_field& f = fields[k].f;
      f.struct_size = sizeof(WideField);
      f.type = type;
      f.name = field_name;
      f.name_len = std::strlen(field_name);
      return f;
    };
    // The second record names its fields in another order.
    const bool swapped = i == 1;
    tempo_field& s = set(swapped ? 1 : 0, "name", TEMPO_VALUE_STRING);
    s.str = name.data();
    s.str_len = name.size();
    set(swapped ? 0 : 1, "employees", TEMPO_VALUE_INT).int_value = -42 - i;
    set(2, "arr_usd", TEMPO_VALUE_REAL).real_value = 1234.5 + i;
    set(3, "is_customer", TEMPO_VALUE_BOOL).int_value = i % 2;
    set(4, "churned_at", TEMPO_VALUE_NULL);
    tempo_record rec{};
    rec.struct_size = sizeof rec;
    rec.entity = "account";
    rec.entity_len = 7;
    rec.source_id = id.data();
    rec.source_id_len = id.size();
    rec.fields = &fields[0].f;
    rec.field_count = 5;
    buffer.Append(rec, sizeof(WideField));
  }
  for (size_t i = 0; i < 3; ++i) {
    const tempo_record& r = buffer.at(i);
    REQUIRE(r.field_count == 5);
    const bool swapped = i == 1;
    const tempo_field& s = r.fields[swapped ? 1 : 0];
    CHECK(std::string(s.name, s.name_len) == "name");
    CHECK(s.type == TEMPO_VALUE_STRING);
    CHECK(std::string(s.str, s.str_len) == "Acme " + std::to_string(i));
    const tempo_field& n = r.fields[swapped ? 0 : 1];
    CHECK(std::string(n.name, n.name_len) == "employees");
    CHECK(n.int_value == -42 - static_cast<int>(i));
    CHECK(std::string(r.fields[2].name, r.fields[2].name_len) == "arr_usd");
    CHECK(r.fields[2].real_value == 1234.5 + static_cast<double>(i));
    CHECK(r.fields[3].type == TEMPO_VALUE_BOOL);
    CHECK(r.fields[3].int_value == static_cast<int64_t>(i % 2));
    CHECK(r.fields[4].type == TEMPO_VALUE_NULL);
    CHECK(r.fields[0].struct_size == sizeof(tempo_field));
  }
  const size_t three = buffer.bytes();
  buffer.Truncate(1, 0);
  CHECK(buffer.size() == 1);
  CHECK(std::string(buffer.at(0).fields[0].str, buffer.at(0).fields[0].str_len) == "Acme 0");
  buffer.Clear();
  CHECK(buffer.bytes() == 0);
  CHECK(three > 0);
}
