// RecordBuffer: chunked arena copies of plugin records.
#include "sync/record_buffer.h"

#include <algorithm>
#include <cstring>
#include <numeric>

namespace tempo::sync {
namespace {

constexpr size_t kBlockSize = 1 << 20;
constexpr size_t kBlocksKept = 8;

}  // namespace

std::string_view RecordBuffer::Copy(const char* data, size_t len) {
  if (data == nullptr) return {};
  bytes_ += len;
  if (len > kBlockSize / 4) {  // a large value (a big raw record) gets a block of its own
    large_.push_back(std::make_unique<char[]>(len));
    std::memcpy(large_.back().get(), data, len);
    return {large_.back().get(), len};
  }
  if (blocks_.empty() || used_ + len > kBlockSize) {
    if (!blocks_.empty()) ++block_;
    if (block_ >= blocks_.size()) blocks_.push_back(std::make_unique<char[]>(kBlockSize));
    used_ = 0;
  }
  char* p = blocks_[block_].get() + used_;
  std::memcpy(p, data, len);
  used_ += len;
  return {p, len};
}

void RecordBuffer::Append(const tempo_record& in, size_t field_stride) {
  Entry e{};
  tempo_record& r = e.record;
  r.struct_size = sizeof(tempo_record);
  r.op = in.op;
  std::string_view s = Copy(in.entity, in.entity_len);
  r.entity = s.data();
  r.entity_len = s.size();
  s = Copy(in.source_id, in.source_id_len);
  r.source_id = s.data();
  r.source_id_len = s.size();
  s = Copy(in.updated_at, in.updated_at_len);
  r.updated_at = s.data();
  r.updated_at_len = s.size();
  s = Copy(in.raw_json, in.raw_json_len);
  r.raw_json = s.data();
  r.raw_json_len = s.size();
  r.field_count = in.field_count;
  e.first_field = fields_.size();
  const auto* base = reinterpret_cast<const char*>(in.fields);
  for (uint32_t i = 0; i < in.field_count; ++i) {
    const auto& f = *reinterpret_cast<const tempo_field*>(base + i * field_stride);
    tempo_field c{};
    c.struct_size = sizeof(tempo_field);
    c.type = f.type;
    s = Copy(f.name, f.name_len);
    c.name = s.data();
    c.name_len = s.size();
    if (f.type == TEMPO_VALUE_STRING) {
      s = Copy(f.str, f.str_len);
      c.str = s.data() ? s.data() : "";
      c.str_len = s.size();
    }
    c.int_value = f.int_value;
    c.real_value = f.real_value;
    fields_.push_back(c);
  }
  entries_.push_back(e);
  bytes_ += sizeof(Entry) + size_t{in.field_count} * sizeof(tempo_field);
}

void RecordBuffer::AppendReject(std::string_view reason, std::string_view source_id,
                                std::string_view raw_record) {
  PluginReject r;
  r.reason = Copy(reason.data(), reason.size());
  r.source_id = Copy(source_id.data(), source_id.size());
  r.raw_record = Copy(raw_record.data(), raw_record.size());
  rejects_.push_back(r);
  bytes_ += sizeof(PluginReject);
}

const tempo_record& RecordBuffer::at(size_t i) {
  Entry& e = entries_[i];
  e.record.fields = e.record.field_count ? fields_.data() + e.first_field : nullptr;
  return e.record;
}

std::vector<uint32_t> RecordBuffer::KeyOrder() const {
  std::vector<uint32_t> order(entries_.size());
  std::iota(order.begin(), order.end(), 0u);
  auto less = [this](uint32_t a, uint32_t b) {
    const tempo_record& x = entries_[a].record;
    const tempo_record& y = entries_[b].record;
    std::string_view xe(x.entity, x.entity_len), ye(y.entity, y.entity_len);
    if (xe != ye) return xe < ye;
    return std::string_view(x.source_id, x.source_id_len) <
           std::string_view(y.source_id, y.source_id_len);
  };
  // A full refresh usually arrives in key order already.
  if (!std::is_sorted(order.begin(), order.end(), less)) {
    std::stable_sort(order.begin(), order.end(), less);
  }
  return order;
}

void RecordBuffer::Truncate(size_t n, size_t rejects) {
  if (rejects < rejects_.size()) rejects_.resize(rejects);
  if (n >= entries_.size()) return;
  fields_.resize(entries_[n].first_field);
  entries_.resize(n);
  // The arena keeps the dropped bytes until Clear(): truncation happens only on failure.
}

void RecordBuffer::Clear() {
  entries_.clear();
  rejects_.clear();
  fields_.clear();
  large_.clear();
  if (blocks_.size() > kBlocksKept) {
    blocks_.erase(blocks_.begin() + kBlocksKept, blocks_.end());
  }
  block_ = 0;
  used_ = 0;
  bytes_ = 0;
}

}  // namespace tempo::sync
