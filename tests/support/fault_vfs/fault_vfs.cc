// libtempo_fault_vfs.so: a SQLite VFS shim for tests, loaded into a `tempo` child process with
// LD_PRELOAD, that fails chosen writes or fsyncs of one store and can SIGKILL the process at a
// chosen commit. Production code knows nothing of it: `tempo` links the system's shared
// libsqlite3, and this library's constructor registers the shim as SQLite's default VFS before
// `main` runs, wrapping the default unix VFS, so every store the process opens goes through it.
//
// It is driven by one environment variable, TEMPO_FAULT_VFS: space-separated key=value pairs.
//
//   store=PATH     the store file it acts on: PATH, PATH-wal and PATH-journal (never the
//                  PATH.http.db side file); required, nothing happens without it
//   fail=write|sync  which operation fails, counted over the store's files (1-based)
//   on=wal|db|any  which of the store's files the counted operations are on; default any
//   nth=N          the Nth counted operation fails
//   sticky=1       and so does every later one (a disk that stays broken); default: only the Nth
//   error=ioerr|full  SQLITE_IOERR_WRITE / SQLITE_IOERR_FSYNC, or SQLITE_FULL; default ioerr
//   kill_commit=K  SIGKILL the process at the Kth commit written to PATH-wal:
//   kill=before|torn|after  before the commit frame is written (the transaction is lost),
//                  after its frame header but before its page (a torn commit, discarded on
//                  recovery), or once the commit frame is whole (the commit survives); default
//                  after
//   delay_us=D     with kill_commit: the kill comes D microseconds after that point, from
//                  another thread, while the process goes on
//   counts=FILE    at a normal exit, write "writes=W syncs=S commits=C failed=F" (the counted
//                  operations on the store's files, the commits to its WAL, and the operations
//                  it failed) to FILE
//
// A commit is recognized as SQLite writes it to a WAL (walWriteOneFrame in its WAL module): a
// 24-byte frame header whose bytes 4-7 (the database size after the commit) are not zero, then the
// page.
//
// Thread safety: SQLite calls the VFS from several threads (the writer, the checkpointer);
// the counters are atomic.
#include <signal.h>
#include <sqlite3.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <thread>

namespace {

enum class Target { kAny, kWal, kDb };
enum class KillPoint { kBefore, kTorn, kAfter };

struct Settings {
  std::string store;
  std::string fail;  // "", "write" or "sync"
  Target on = Target::kAny;
  long long nth = 0;
  bool sticky = false;
  bool full = false;
  long long kill_commit = 0;
  KillPoint kill = KillPoint::kAfter;
  long long delay_us = 0;
  std::string counts;
};

// Allocated by Install(): a global with a constructor could be initialized after it runs.
const Settings* g_settings_ptr = nullptr;
const Settings& S() { return *g_settings_ptr; }
sqlite3_vfs* g_real = nullptr;
sqlite3_vfs g_vfs;
std::atomic<long long> g_writes{0}, g_syncs{0}, g_commits{0}, g_failed{0};
// Set once the Kth commit's header has been written: the next WAL write is its page.
std::atomic<bool> g_kill_after_next_write{false};

// Which of the store's files a path is: 0 none, 1 the database, 2 its WAL, 3 its journal.
int StoreFileKind(const char* path) {
  if (path == nullptr || S().store.empty()) return 0;
  const std::string& s = S().store;
  if (std::strncmp(path, s.c_str(), s.size()) != 0) return 0;
  const char* rest = path + s.size();
  if (*rest == '\0') return 1;
  if (std::strcmp(rest, "-wal") == 0) return 2;
  if (std::strcmp(rest, "-journal") == 0) return 3;
  return 0;
}

struct FaultFile {
  sqlite3_file base;
  int kind;  // StoreFileKind of its path
  sqlite3_file* real() { return reinterpret_cast<sqlite3_file*>(this + 1); }
};

FaultFile* Fault(sqlite3_file* f) { return reinterpret_cast<FaultFile*>(f); }

void KillNow() { ::kill(::getpid(), SIGKILL); }

void Kill() {
  if (S().delay_us <= 0) return KillNow();
  std::thread([delay = S().delay_us] {
    std::this_thread::sleep_for(std::chrono::microseconds(delay));
    KillNow();
  }).detach();
}

bool Counted(const FaultFile* f) {
  if (f->kind == 0) return false;
  switch (S().on) {
    case Target::kWal:
      return f->kind == 2;
    case Target::kDb:
      return f->kind == 1;
    case Target::kAny:
      return true;
  }
  return true;
}

// Whether the operation numbered `n` (of kind `op`) fails.
bool Fails(const char* op, long long n) {
  if (S().fail != op || S().nth <= 0) return false;
  const bool fails = S().sticky ? n >= S().nth : n == S().nth;
  if (fails) ++g_failed;
  return fails;
}

int Close(sqlite3_file* f) {
  int rc = Fault(f)->real()->pMethods->xClose(Fault(f)->real());
  return rc;
}
int Read(sqlite3_file* f, void* buf, int amount, sqlite3_int64 offset) {
  return Fault(f)->real()->pMethods->xRead(Fault(f)->real(), buf, amount, offset);
}
int Write(sqlite3_file* f, const void* buf, int amount, sqlite3_int64 offset) {
  FaultFile* ff = Fault(f);
  if (ff->kind == 2) {
    const auto* bytes = static_cast<const unsigned char*>(buf);
    const bool commit_header =
        amount == 24 && (bytes[4] | bytes[5] | bytes[6] | bytes[7]) != 0 && offset >= 32;
    if (commit_header) {
      const long long k = ++g_commits;
      if (k == S().kill_commit) {
        if (S().kill == KillPoint::kBefore) Kill();
        if (S().kill == KillPoint::kTorn) {
          int rc = ff->real()->pMethods->xWrite(ff->real(), buf, amount, offset);
          Kill();
          return rc;
        }
        if (S().kill == KillPoint::kAfter) g_kill_after_next_write = true;
      }
    } else if (g_kill_after_next_write.exchange(false)) {
      int rc = ff->real()->pMethods->xWrite(ff->real(), buf, amount, offset);
      Kill();
      return rc;
    }
  }
  if (Counted(ff) && Fails("write", ++g_writes)) return S().full ? SQLITE_FULL : SQLITE_IOERR_WRITE;
  return ff->real()->pMethods->xWrite(ff->real(), buf, amount, offset);
}
int Truncate(sqlite3_file* f, sqlite3_int64 size) {
  return Fault(f)->real()->pMethods->xTruncate(Fault(f)->real(), size);
}
int Sync(sqlite3_file* f, int flags) {
  FaultFile* ff = Fault(f);
  if (Counted(ff) && Fails("sync", ++g_syncs)) return S().full ? SQLITE_FULL : SQLITE_IOERR_FSYNC;
  return ff->real()->pMethods->xSync(ff->real(), flags);
}
int FileSize(sqlite3_file* f, sqlite3_int64* size) {
  return Fault(f)->real()->pMethods->xFileSize(Fault(f)->real(), size);
}
int Lock(sqlite3_file* f, int level) {
  return Fault(f)->real()->pMethods->xLock(Fault(f)->real(), level);
}
int Unlock(sqlite3_file* f, int level) {
  return Fault(f)->real()->pMethods->xUnlock(Fault(f)->real(), level);
}
int CheckReservedLock(sqlite3_file* f, int* out) {
  return Fault(f)->real()->pMethods->xCheckReservedLock(Fault(f)->real(), out);
}
int FileControl(sqlite3_file* f, int op, void* arg) {
  return Fault(f)->real()->pMethods->xFileControl(Fault(f)->real(), op, arg);
}
int SectorSize(sqlite3_file* f) {
  return Fault(f)->real()->pMethods->xSectorSize(Fault(f)->real());
}
int DeviceCharacteristics(sqlite3_file* f) {
  return Fault(f)->real()->pMethods->xDeviceCharacteristics(Fault(f)->real());
}
int ShmMap(sqlite3_file* f, int region, int size, int extend, void volatile** out) {
  return Fault(f)->real()->pMethods->xShmMap(Fault(f)->real(), region, size, extend, out);
}
int ShmLock(sqlite3_file* f, int offset, int n, int flags) {
  return Fault(f)->real()->pMethods->xShmLock(Fault(f)->real(), offset, n, flags);
}
void ShmBarrier(sqlite3_file* f) { Fault(f)->real()->pMethods->xShmBarrier(Fault(f)->real()); }
int ShmUnmap(sqlite3_file* f, int delete_flag) {
  return Fault(f)->real()->pMethods->xShmUnmap(Fault(f)->real(), delete_flag);
}
int Fetch(sqlite3_file* f, sqlite3_int64 offset, int amount, void** out) {
  return Fault(f)->real()->pMethods->xFetch(Fault(f)->real(), offset, amount, out);
}
int Unfetch(sqlite3_file* f, sqlite3_int64 offset, void* p) {
  return Fault(f)->real()->pMethods->xUnfetch(Fault(f)->real(), offset, p);
}

const sqlite3_io_methods kMethods = {
    3,
    Close,
    Read,
    Write,
    Truncate,
    Sync,
    FileSize,
    Lock,
    Unlock,
    CheckReservedLock,
    FileControl,
    SectorSize,
    DeviceCharacteristics,
    ShmMap,
    ShmLock,
    ShmBarrier,
    ShmUnmap,
    Fetch,
    Unfetch,
};

int Open(sqlite3_vfs*, sqlite3_filename name, sqlite3_file* file, int flags, int* out_flags) {
  FaultFile* ff = Fault(file);
  ff->kind = StoreFileKind(name);
  int rc = g_real->xOpen(g_real, name, ff->real(), flags, out_flags);
  ff->base.pMethods = ff->real()->pMethods != nullptr ? &kMethods : nullptr;
  return rc;
}
int Delete(sqlite3_vfs*, const char* name, int sync_dir) {
  return g_real->xDelete(g_real, name, sync_dir);
}
int Access(sqlite3_vfs*, const char* name, int flags, int* out) {
  return g_real->xAccess(g_real, name, flags, out);
}
int FullPathname(sqlite3_vfs*, const char* name, int n, char* out) {
  return g_real->xFullPathname(g_real, name, n, out);
}
void* DlOpen(sqlite3_vfs*, const char* name) { return g_real->xDlOpen(g_real, name); }
void DlError(sqlite3_vfs*, int n, char* out) { g_real->xDlError(g_real, n, out); }
void (*DlSym(sqlite3_vfs*, void* lib, const char* symbol))(void) {
  return g_real->xDlSym(g_real, lib, symbol);
}
void DlClose(sqlite3_vfs*, void* lib) { g_real->xDlClose(g_real, lib); }
int Randomness(sqlite3_vfs*, int n, char* out) { return g_real->xRandomness(g_real, n, out); }
int Sleep(sqlite3_vfs*, int us) { return g_real->xSleep(g_real, us); }
int CurrentTime(sqlite3_vfs*, double* out) { return g_real->xCurrentTime(g_real, out); }
int GetLastError(sqlite3_vfs*, int n, char* out) { return g_real->xGetLastError(g_real, n, out); }
int CurrentTimeInt64(sqlite3_vfs*, sqlite3_int64* out) {
  return g_real->xCurrentTimeInt64(g_real, out);
}
int SetSystemCall(sqlite3_vfs*, const char* name, sqlite3_syscall_ptr p) {
  return g_real->xSetSystemCall(g_real, name, p);
}
sqlite3_syscall_ptr GetSystemCall(sqlite3_vfs*, const char* name) {
  return g_real->xGetSystemCall(g_real, name);
}
const char* NextSystemCall(sqlite3_vfs*, const char* name) {
  return g_real->xNextSystemCall(g_real, name);
}

Settings ParseSettings(const char* spec) {
  Settings s;
  std::string text = spec;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t end = text.find(' ', pos);
    if (end == std::string::npos) end = text.size();
    const std::string pair = text.substr(pos, end - pos);
    pos = end + 1;
    const size_t eq = pair.find('=');
    if (eq == std::string::npos) continue;
    const std::string key = pair.substr(0, eq), value = pair.substr(eq + 1);
    if (key == "store") s.store = value;
    if (key == "fail") s.fail = value;
    if (key == "on")
      s.on = value == "wal" ? Target::kWal : value == "db" ? Target::kDb : Target::kAny;
    if (key == "nth") s.nth = std::atoll(value.c_str());
    if (key == "sticky") s.sticky = value == "1";
    if (key == "error") s.full = value == "full";
    if (key == "kill_commit") s.kill_commit = std::atoll(value.c_str());
    if (key == "kill") {
      s.kill = value == "before" ? KillPoint::kBefore
               : value == "torn" ? KillPoint::kTorn
                                 : KillPoint::kAfter;
    }
    if (key == "delay_us") s.delay_us = std::atoll(value.c_str());
    if (key == "counts") s.counts = value;
  }
  return s;
}

__attribute__((constructor)) void Install() {
  const char* spec = std::getenv("TEMPO_FAULT_VFS");
  if (spec == nullptr || *spec == '\0') return;
  g_settings_ptr = new Settings(ParseSettings(spec));
  g_real = sqlite3_vfs_find(nullptr);
  if (g_real == nullptr) return;
  g_vfs = *g_real;
  g_vfs.iVersion = 3;
  g_vfs.szOsFile = static_cast<int>(sizeof(FaultFile)) + g_real->szOsFile;
  g_vfs.pNext = nullptr;
  g_vfs.zName = "tempo_fault";
  g_vfs.pAppData = nullptr;
  g_vfs.xOpen = Open;
  g_vfs.xDelete = Delete;
  g_vfs.xAccess = Access;
  g_vfs.xFullPathname = FullPathname;
  g_vfs.xDlOpen = DlOpen;
  g_vfs.xDlError = DlError;
  g_vfs.xDlSym = DlSym;
  g_vfs.xDlClose = DlClose;
  g_vfs.xRandomness = Randomness;
  g_vfs.xSleep = Sleep;
  g_vfs.xCurrentTime = CurrentTime;
  g_vfs.xGetLastError = GetLastError;
  g_vfs.xCurrentTimeInt64 = CurrentTimeInt64;
  g_vfs.xSetSystemCall = SetSystemCall;
  g_vfs.xGetSystemCall = GetSystemCall;
  g_vfs.xNextSystemCall = NextSystemCall;
  sqlite3_vfs_register(&g_vfs, /*makeDflt=*/1);
}

__attribute__((destructor)) void WriteCounts() {
  if (g_settings_ptr == nullptr || S().counts.empty()) return;
  if (FILE* out = std::fopen(S().counts.c_str(), "w")) {
    std::fprintf(out, "writes=%lld syncs=%lld commits=%lld failed=%lld\n", g_writes.load(),
                 g_syncs.load(), g_commits.load(), g_failed.load());
    std::fclose(out);
  }
}

}  // namespace
