// RecordBuffer: the records of one stream emitted since the last commit, copied out of the
// plugin's memory into host-owned blocks. Compact: a field takes 32 bytes (not the ABI's 56)
// and its name is kept once per buffer, not once per record, so a 4 MiB commit holds about
// 40 % more records of a dozen fields.
//
// Buffering lets the engine write and commit a checkpoint's records in one short transaction,
// so a sync never holds the store's write lock while its plugin waits on the network (other
// connections' syncs interleave), and a hung plugin holds no lock at all. Memory is bounded by
// the engine's commit thresholds; freed blocks are reused, so RSS stays flat.
//
// Thread safety: none; one buffer per stream read.
#ifndef TEMPO_HOST_SYNC_RECORD_BUFFER_H_
#define TEMPO_HOST_SYNC_RECORD_BUFFER_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "tempo/plugin.h"

namespace tempo::sync {

class RecordBuffer {
 public:
  // A source row the plugin rejected, copied (views into the buffer).
  struct PluginReject {
    std::string_view reason;
    std::string_view source_id;   // "" when unknown
    std::string_view raw_record;  // "" when none
  };

  // Copies one record (entity, ids, fields, strings, raw JSON) into the buffer. `field_stride`
  // is the size of the plugin's tempo_field (from its struct_size).
  void Append(const tempo_record& record, size_t field_stride);
  // Copies one plugin reject: it commits with the records emitted before the same checkpoint.
  void AppendReject(std::string_view reason, std::string_view source_id,
                    std::string_view raw_record);

  size_t size() const { return entries_.size(); }
  size_t reject_count() const { return rejects_.size(); }
  const PluginReject& reject_at(size_t i) const { return rejects_[i]; }
  // Bytes the buffered records occupy: copied strings plus their record and field structs.
  size_t bytes() const { return bytes_; }

  // The i-th record, pointing into the buffer. Valid until the next at(), Clear or Truncate:
  // its fields are rebuilt in one scratch array.
  const tempo_record& at(size_t i);

  // The indexes of the records ordered by entity, then source id, bytewise (the order of the
  // store's unique indexes); records with the same key keep their emission order, so the
  // newest version of a record stays last. Writing in this order turns the scattered pages of
  // an incremental batch into ascending ones.
  std::vector<uint32_t> KeyOrder() const;

  // Drops the records from `n` on, and the plugin rejects from `rejects` on.
  void Truncate(size_t n, size_t rejects);
  // Drops every record; keeps at most a few blocks for reuse.
  void Clear();

 private:
  struct Entry {
    tempo_record record;  // fields: null; see first_field
    size_t first_field;
  };
  // A field: its value (a string in the blocks, or the int/real bits) and its name's index.
  struct Field {
    const char* str;
    uint64_t value;  // int_value, or real_value's bits, as `type` says
    uint32_t str_len;
    uint32_t name;  // index into names_
    int32_t type;
  };
  std::string_view Copy(const char* data, size_t len);
  uint32_t NameIndex(uint32_t position, std::string_view name);

  std::vector<Entry> entries_;
  std::vector<PluginReject> rejects_;
  std::vector<Field> fields_;
  std::vector<std::string> names_;               // every field name seen, once
  std::vector<uint32_t> last_names_;             // the previous record's names, by position
  std::vector<tempo_field> scratch_;             // the fields of the record at() returned
  std::vector<std::unique_ptr<char[]>> blocks_;  // fixed-size blocks, reused after Clear
  std::vector<std::unique_ptr<char[]>> large_;   // one per large value, freed by Clear
  size_t block_ = 0;                             // index of the block being filled
  size_t used_ = 0;                              // bytes used in blocks_[block_]
  size_t bytes_ = 0;
};

}  // namespace tempo::sync

#endif  // TEMPO_HOST_SYNC_RECORD_BUFFER_H_
