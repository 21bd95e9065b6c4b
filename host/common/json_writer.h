// JsonWriter for the host: the SDK's (tempo/json_writer.hpp), so the host and the plugins write
// JSON one way. Not thread-safe; one writer per document.
#ifndef TEMPO_HOST_COMMON_JSON_WRITER_H_
#define TEMPO_HOST_COMMON_JSON_WRITER_H_

#include <string>
#include <string_view>

#include "tempo/json_writer.hpp"

namespace tempo {

using JsonWriter = sdk::JsonWriter;

// Appends `value` as a JSON string literal (quotes included) to `out`.
inline void AppendJsonQuoted(std::string& out, std::string_view value) {
  sdk::AppendJsonString(out, value);
}

}  // namespace tempo

#endif  // TEMPO_HOST_COMMON_JSON_WRITER_H_
