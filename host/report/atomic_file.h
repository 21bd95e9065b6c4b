// Writing a report file whole or not at all: the content goes to a temporary file in the same
// folder, is flushed to disk, and is renamed over the target, so a reader (a browser, a web
// server publishing the file, a BI import) never sees half a report, and a failed write leaves
// the previous file as it was.
#ifndef TEMPO_HOST_REPORT_ATOMIC_FILE_H_
#define TEMPO_HOST_REPORT_ATOMIC_FILE_H_

#include <string>
#include <string_view>

#include "common/status.h"

namespace tempo::report {

// Writes `content` to `path` atomically. Io, naming the file and the system's reason, when the
// folder does not exist or is not writable, or the disk is full.
Status WriteFileAtomically(const std::string& path, std::string_view content);

}  // namespace tempo::report

#endif  // TEMPO_HOST_REPORT_ATOMIC_FILE_H_
