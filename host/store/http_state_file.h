// The HTTP stage's SharedState (http/shared_state.h) in a small SQLite file beside the store:
// `<store>.http.db`. Separate from the store because a sync holds the store's write
// transaction for seconds at a time, while every request needs a rate-budget transaction now.
//
// Schema (user_version 2; tables are created IF NOT EXISTS, so older and newer tempo binaries
// share one file):
//   rate_bucket(key PRIMARY KEY, tokens, updated_us, quota_day, quota_used): one provider
//     account's token bucket (http/rate_limiter.h);
//   quota_mark(key PRIMARY KEY, until_us, at_us, connection, answer, renewal_known): the
//     provider's last word that the account's quota is spent (http::QuotaMark), read and
//     written in the bucket's transaction (version 2);
//   oauth_refresh_token(connection PRIMARY KEY, configured_fingerprint, refresh_token,
//     updated_at): the latest rotated refresh token of a connection.
// WAL mode; each bucket update is one BEGIN IMMEDIATE transaction, so processes take turns and
// a crash at any point leaves the last committed bucket. A refresh token is committed with
// synchronous=FULL (it must survive a power loss too). The file is created mode 0600: it holds
// refresh tokens. It is opened on first use, so connections that never use a budget or OAuth2
// never create it.
//
// Thread safety: thread-safe (one mutex); process-safe through SQLite's locks.
#ifndef TEMPO_HOST_STORE_HTTP_STATE_FILE_H_
#define TEMPO_HOST_STORE_HTTP_STATE_FILE_H_

#include <memory>
#include <string>

#include "http/shared_state.h"

namespace tempo::store {

// The side file of the store at `store_path`.
std::string HttpStatePath(const std::string& store_path);

// Shared HTTP state kept in the SQLite file `path` (created with its folder when first needed).
std::shared_ptr<http::SharedState> NewHttpStateFile(std::string path);

}  // namespace tempo::store

#endif  // TEMPO_HOST_STORE_HTTP_STATE_FILE_H_
