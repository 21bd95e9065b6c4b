// RFC 3986 percent-encoding: every byte but the unreserved characters (A-Z a-z 0-9 - . _ ~)
// becomes %XX with upper-case hex, as libcurl and most clients write query strings and form
// bodies. Used to build OAuth form bodies and to redact secrets in their encoded form.
#ifndef TEMPO_HOST_COMMON_PERCENT_ENCODE_H_
#define TEMPO_HOST_COMMON_PERCENT_ENCODE_H_

#include "tempo/text.hpp"

namespace tempo {

// The kit's (tempo/text.hpp), so the host and the plugins encode one way.
using sdk::AppendPercentEncoded;
using sdk::PercentEncode;

}  // namespace tempo

#endif  // TEMPO_HOST_COMMON_PERCENT_ENCODE_H_
