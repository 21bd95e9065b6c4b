// RecordBuffer::KeyOrder: the order in which a commit writes its records.
#include <catch2/catch.hpp>

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
