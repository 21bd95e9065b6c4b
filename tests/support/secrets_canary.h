// SecretsCanary: the one place tests look for leaked secrets. A test gives every connection
// unique canary strings as its secrets (and adds the tokens the fake servers handed out), runs
// it through whatever failure it likes, then scans everything the runs left behind: captured
// stdout and stderr (the logs: tempo logs to stderr), every file of the run's folder byte for
// byte (the store, its -wal, the HTTP state file `<store>.http.db` and its -wal, lock files,
// crash output), the `sync_runs` rows, and the daemon's `/metrics`. Any hit is a finding naming
// the secret (by label, never by value) and where it was.
//
// Each secret is looked for as written (canary strings are chosen so that URL and JSON
// encodings leave them unchanged) and inside base64 at each of the three alignments, which is
// how it would appear in a leaked `Authorization: Basic ...` header.
//
// The one allowed place: a refresh token the provider rotated may sit in the HTTP state file
// (`<store>.http.db`, mode 0600; docs/configuration.md), which exists to keep it across
// processes; a file holding one must not be readable by others.
//
// Thread safety: none; one canary per test case.
#ifndef TEMPO_TESTS_SUPPORT_SECRETS_CANARY_H_
#define TEMPO_TESTS_SUPPORT_SECRETS_CANARY_H_

#include <sys/stat.h>

#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "store/store.h"
#include "support/process.h"

namespace tempo::testing {

// A fresh canary string: `label` and 20 random characters of [a-z0-9] (unchanged by URL, JSON
// and YAML encoding), e.g. "canary-hubspot-client-secret-k3x9...".
inline std::string NewCanary(const std::string& label) {
  static std::mt19937_64 rng(std::random_device{}());
  static constexpr char kChars[] = "abcdefghijklmnopqrstuvwxyz0123456789";
  std::string out = "canary-" + label + "-";
  for (int i = 0; i < 20; ++i) out += kChars[rng() % 36];
  return out;
}

class SecretsCanary {
 public:
  // A secret that must appear nowhere. `rotated_refresh_token`: it may sit in the HTTP state
  // file (only there).
  void Add(const std::string& label, const std::string& value, bool rotated_refresh_token = false) {
    if (value.empty()) return;
    for (const Secret& s : secrets_) {
      if (s.value == value) return;
    }
    Secret s{label, value, rotated_refresh_token, {}};
    s.needles.push_back(value);
    for (const std::string& core : Base64Cores(value)) s.needles.push_back(core);
    secrets_.push_back(std::move(s));
  }

  // Scans `text`, found at `where` ("stderr of run 3", "/metrics").
  void ScanText(const std::string& where, const std::string& text, bool http_state = false) {
    ++scanned_;
    for (const Secret& s : secrets_) {
      if (http_state && s.rotated_refresh_token) continue;
      for (const std::string& needle : s.needles) {
        if (text.find(needle) != std::string::npos) {
          findings_.push_back(s.label + " in " + where +
                              (needle == s.value ? "" : " (base64-encoded)"));
          break;
        }
      }
    }
  }

  // Scans every regular file under `dir`, recursively, as bytes.
  void ScanFolder(const std::string& dir) {
    std::error_code ec;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(dir, ec)) {
      if (!entry.is_regular_file()) continue;
      const std::string path = entry.path().string();
      const std::string name = entry.path().filename().string();
      const bool http_state = name.find(".http.db") != std::string::npos;
      const std::string bytes = ReadWhole(path);
      ScanText(path, bytes, http_state);
      if (http_state && HoldsRotatedToken(bytes)) {
        struct stat st {};
        if (::stat(path.c_str(), &st) == 0 && (st.st_mode & 077) != 0) {
          findings_.push_back("a rotated refresh token in " + path +
                              ", which others can read (mode " + std::to_string(st.st_mode & 0777) +
                              ")");
        }
      }
    }
  }

  // Scans every column of every sync_runs row of the store `db_path` (errors, stream counts,
  // reject samples), as the store returns them.
  void ScanRunRecords(const std::string& db_path) {
    auto db = store::OpenStoreReadOnly(db_path);
    if (!db.ok()) return;
    auto stmt = (*db)->Prepare("SELECT * FROM sync_runs ORDER BY id");
    if (!stmt.ok()) return;
    std::string text;
    for (auto row = stmt->Step(); row.ok() && *row; row = stmt->Step()) {
      for (int c = 0; c < stmt->ColumnCount(); ++c) text += stmt->Text(c) + "\n";
    }
    ScanText("sync_runs of " + db_path, text);
  }

  const std::vector<std::string>& findings() const { return findings_; }
  size_t secrets() const { return secrets_.size(); }
  size_t scanned() const { return scanned_; }

 private:
  struct Secret {
    std::string label;
    std::string value;
    bool rotated_refresh_token = false;
    std::vector<std::string> needles;  // the value, and its base64 cores
  };

  bool HoldsRotatedToken(const std::string& bytes) const {
    for (const Secret& s : secrets_) {
      if (s.rotated_refresh_token && bytes.find(s.value) != std::string::npos) return true;
    }
    return false;
  }

  static std::string Base64(const std::string& in) {
    static constexpr char kTable[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    size_t i = 0;
    for (; i + 2 < in.size(); i += 3) {
      const unsigned v = (static_cast<unsigned char>(in[i]) << 16) |
                         (static_cast<unsigned char>(in[i + 1]) << 8) |
                         static_cast<unsigned char>(in[i + 2]);
      for (int k = 18; k >= 0; k -= 6) out += kTable[(v >> k) & 63];
    }
    return out;  // the tail is left out: only whole groups are needed for the cores
  }

  // The base64 text that every encoding of `value` contains, for each alignment of it inside
  // the encoded bytes: the whole groups that hold only bytes of `value`.
  static std::vector<std::string> Base64Cores(const std::string& value) {
    std::vector<std::string> cores;
    for (size_t lead = 0; lead < 3; ++lead) {
      const size_t skip = (3 - lead) % 3;  // bytes of value completing the group it starts in
      if (value.size() < skip + 6) continue;
      cores.push_back(Base64(value.substr(skip, (value.size() - skip) / 3 * 3)));
    }
    return cores;
  }

  std::vector<Secret> secrets_;
  std::vector<std::string> findings_;
  size_t scanned_ = 0;
};

}  // namespace tempo::testing

#endif  // TEMPO_TESTS_SUPPORT_SECRETS_CANARY_H_
