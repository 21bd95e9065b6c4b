// RecordBuffer: chunked arena copies of plugin records.
#include "sync/record_buffer.h"

#include <algorithm>
#include <cstring>
#include <numeric>

namespace tempo::sync {
namespace {

constexpr size_t kBlockSize = 1 << 20;
constexpr size_t kBlocksKept = 8;
constexpr size_t kNamesKept = 4096;  // distinct field names kept across Clear()

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
  r.fields = nullptr;
  e.first_field = fields_.size();
  const auto* base = reinterpret_cast<const char*>(in.fields);
  for (uint32_t i = 0; i < in.field_count; ++i) {
    const auto& f = *reinterpret_cast<const tempo_field*>(base + i * field_stride);
    Field c{};
    c.type = f.type;
    c.name = NameIndex(i, std::string_view(f.name ? f.name : "", f.name ? f.name_len : 0));
    if (f.type == TEMPO_VALUE_STRING) {
      s = Copy(f.str, f.str_len);
      c.str = s.data() ? s.data() : "";
      c.str_len = static_cast<uint32_t>(s.size());
    } else if (f.type == TEMPO_VALUE_REAL) {
      std::memcpy(&c.value, &f.real_value, sizeof c.value);
    } else {
      c.value = static_cast<uint64_t>(f.int_value);
    }
    fields_.push_back(c);
  }
  entries_.push_back(e);
  bytes_ += sizeof(Entry) + size_t{in.field_count} * sizeof(Field);
}

uint32_t RecordBuffer::NameIndex(uint32_t position, std::string_view name) {
  // Records of one stream name their fields alike: the previous record's name at this
  // position is nearly always the one.
  if (position < last_names_.size() && names_[last_names_[position]] == name) {
    return last_names_[position];
  }
  uint32_t index = 0;
  while (index < names_.size() && names_[index] != name) ++index;
  if (index == names_.size()) names_.emplace_back(name);
  if (position >= last_names_.size()) last_names_.resize(position + 1);
  last_names_[position] = index;
  return index;
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
  scratch_.resize(e.record.field_count);
  for (uint32_t k = 0; k < e.record.field_count; ++k) {
    const Field& f = fields_[e.first_field + k];
    tempo_field& out = scratch_[k];
    out = tempo_field{};
    out.struct_size = sizeof(tempo_field);
    out.type = f.type;
    const std::string& name = names_[f.name];
    out.name = name.data();
    out.name_len = name.size();
    if (f.type == TEMPO_VALUE_STRING) {
      out.str = f.str;
      out.str_len = f.str_len;
    } else if (f.type == TEMPO_VALUE_REAL) {
      std::memcpy(&out.real_value, &f.value, sizeof out.real_value);
    } else {
      out.int_value = static_cast<int64_t>(f.value);
    }
  }
  e.record.fields = e.record.field_count ? scratch_.data() : nullptr;
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
  if (names_.size() > kNamesKept) {  // a plugin inventing names: do not keep them all
    names_.clear();
    last_names_.clear();
  }
  if (blocks_.size() > kBlocksKept) {
    blocks_.erase(blocks_.begin() + kBlocksKept, blocks_.end());
  }
  block_ = 0;
  used_ = 0;
  bytes_ = 0;
}

}  // namespace tempo::sync
