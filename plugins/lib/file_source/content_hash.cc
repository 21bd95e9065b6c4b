// ContentHash: four independent multiply-rotate lanes over 32-byte blocks (so the multiplies
// overlap: several GB/s), a byte tail, and a final avalanche of the lanes and the length.
#include "content_hash.h"

#include <cstring>

namespace tempo::file {
namespace {

constexpr uint64_t kMul = 0x9FB21C651E98DF25ull;  // odd: multiplying by it is a bijection

uint64_t Rotl(uint64_t x, int r) { return (x << r) | (x >> (64 - r)); }

uint64_t Word(const unsigned char* p) {
  uint64_t w;
  std::memcpy(&w, p, sizeof w);  // the machine's byte order: the value stays within one host
  return w;
}

uint64_t Mix(uint64_t lane, uint64_t word) { return Rotl((lane ^ word) * kMul, 31); }

uint64_t Avalanche(uint64_t h) {
  h ^= h >> 33;
  h *= 0xFF51AFD7ED558CCDull;
  h ^= h >> 33;
  h *= 0xC4CEB9FE1A85EC53ull;
  h ^= h >> 33;
  return h;
}

}  // namespace

void ContentHash::Block(const unsigned char* p) {
  lanes_[0] = Mix(lanes_[0], Word(p));
  lanes_[1] = Mix(lanes_[1], Word(p + 8));
  lanes_[2] = Mix(lanes_[2], Word(p + 16));
  lanes_[3] = Mix(lanes_[3], Word(p + 24));
}

void ContentHash::Update(const char* data, size_t len) {
  const auto* p = reinterpret_cast<const unsigned char*>(data);
  length_ += len;
  if (tail_len_ > 0) {
    const size_t take = len < sizeof tail_ - tail_len_ ? len : sizeof tail_ - tail_len_;
    std::memcpy(tail_ + tail_len_, p, take);
    tail_len_ += take;
    p += take;
    len -= take;
    if (tail_len_ < sizeof tail_) return;
    Block(tail_);
    tail_len_ = 0;
  }
  for (; len >= sizeof tail_; p += sizeof tail_, len -= sizeof tail_) Block(p);
  std::memcpy(tail_, p, len);
  tail_len_ = len;
}

uint64_t ContentHash::Digest() const {
  uint64_t h = length_ * kMul;
  for (uint64_t lane : lanes_) h = Mix(h, Avalanche(lane));
  // The tail, zero-padded: the length mixed in above tells "ab" from "ab\0".
  for (size_t i = 0; i < tail_len_; i += 8) {
    unsigned char word[8] = {};
    std::memcpy(word, tail_ + i, tail_len_ - i < 8 ? tail_len_ - i : 8);
    h = Mix(h, Word(word));
  }
  return Avalanche(h);
}

}  // namespace tempo::file
