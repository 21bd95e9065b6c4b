// HubSpotRecordCache: records live in 1 MB chunks that never move, so a slot is three integers;
// slots come in blocks of 4096 rows, made as rows are first stored.
#include "fakes/hubspot/hubspot_record_cache.h"

#include <algorithm>
#include <cstring>

namespace tempo::fakes {

HubSpotRecordCache::View::View(std::atomic<size_t>& used, size_t budget, int64_t rows)
    : used_(used),
      budget_(budget),
      rows_(std::max<int64_t>(rows, 0)),
      blocks_(static_cast<size_t>((rows_ + kBlockRows - 1) >> kBlockBits)) {}

HubSpotRecordCache::View::~View() { used_ -= bytes_; }

HubSpotRecordCache::View::Slot* HubSpotRecordCache::View::SlotOf(int64_t row, bool make) {
  if (row < 0 || row >= rows_) return nullptr;
  std::unique_ptr<Slot[]>& block = blocks_[static_cast<size_t>(row) >> kBlockBits];
  if (block == nullptr) {
    if (!make || used_.load() + kBlockRows * sizeof(Slot) > budget_) return nullptr;
    block = std::make_unique<Slot[]>(kBlockRows);
    used_ += kBlockRows * sizeof(Slot);
    bytes_ += kBlockRows * sizeof(Slot);
  }
  return &block[static_cast<size_t>(row) & (kBlockRows - 1)];
}

bool HubSpotRecordCache::View::AppendTo(std::string& out, int64_t row) {
  std::lock_guard lock(mutex_);
  const Slot* slot = SlotOf(row, false);
  if (slot == nullptr || slot->chunk == kNone) return false;
  out.append(chunks_[slot->chunk].get() + slot->offset, slot->length);
  return true;
}

void HubSpotRecordCache::View::Insert(int64_t row, std::string_view json) {
  if (json.size() > kChunkBytes) return;
  std::lock_guard lock(mutex_);
  Slot* slot = SlotOf(row, true);
  if (slot == nullptr || slot->chunk != kNone) return;  // no room, or another request was first
  if (chunk_used_ + json.size() > kChunkBytes) {
    // The budget is checked per chunk (views filling at the same time may each overshoot it
    // by one chunk).
    if (used_.load() + kChunkBytes > budget_) return;
    chunks_.push_back(std::make_unique_for_overwrite<char[]>(kChunkBytes));
    chunk_used_ = 0;
    used_ += kChunkBytes;
    bytes_ += kChunkBytes;
  }
  std::memcpy(chunks_.back().get() + chunk_used_, json.data(), json.size());
  slot->chunk = static_cast<uint32_t>(chunks_.size() - 1);
  slot->offset = static_cast<uint32_t>(chunk_used_);
  slot->length = static_cast<uint32_t>(json.size());
  chunk_used_ += json.size();
}

std::shared_ptr<HubSpotRecordCache::View> HubSpotRecordCache::ViewFor(const std::string& key,
                                                                      const Stamp& stamp,
                                                                      int64_t rows) {
  if (budget_ == 0) return nullptr;
  std::lock_guard lock(mutex_);
  if (!(stamp == stamp_)) {
    views_.clear();  // views still in use by a request free their memory when it ends
    stamp_ = stamp;
  }
  for (auto it = views_.begin(); it != views_.end(); ++it) {
    if (it->first != key) continue;
    views_.splice(views_.begin(), views_, it);
    return views_.front().second;
  }
  if (views_.size() >= kMaxViews) views_.pop_back();
  auto view = std::make_shared<View>(used_, budget_, rows);
  views_.emplace_front(key, view);
  return view;
}

}  // namespace tempo::fakes
