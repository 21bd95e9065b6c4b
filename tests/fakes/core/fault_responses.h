// How faults reach the wire: replacement bodies (HTML, empty), transformations of the real
// response (truncated, cut JSON, trickled, stalled, reset, endless), Retry-After, and dropping
// a connection from inside a handler.
//
// cpp-httplib does not expose a handler's socket, so DropConnection finds it by its address
// (our port + the client's port) and replaces it with /dev/null via dup2: the socket closes at
// once (with SO_LINGER 0 for a reset: TCP RST), and the library's later writes and close act on
// /dev/null harmlessly.
#ifndef TEMPO_TESTS_FAKES_CORE_FAULT_RESPONSES_H_
#define TEMPO_TESTS_FAKES_CORE_FAULT_RESPONSES_H_

#include <httplib.h>

#include "fakes/core/faults.h"
#include "fakes/core/stop_signal.h"

namespace tempo::fakes {

// Whether `kind` rewrites the real response (the handler runs first) rather than replacing it.
bool IsBodyFault(FaultKind kind);

// Closes the server side of the connection between our `local_port` and the client's
// `remote_port` now: FIN, or RST when `reset`. Returns false if no such socket.
bool DropConnection(int local_port, int remote_port, bool reset);

// kHtml, kEmpty, and kStatus with body=html|empty.
void RenderPlainFault(const FaultRule& rule, httplib::Response& res);

// Adds Retry-After per rule.retry_after (seconds, or an HTTP-date from the real clock).
void AddRetryAfter(const FaultRule& rule, httplib::Response& res);

// Rewrites a finished response per a body fault. `stop` cuts every wait short at shutdown.
void ApplyBodyFault(const FaultRule& rule, const httplib::Request& req, httplib::Response& res,
                    StopSignal& stop);

}  // namespace tempo::fakes

#endif  // TEMPO_TESTS_FAKES_CORE_FAULT_RESPONSES_H_
