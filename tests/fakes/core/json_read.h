// Small helpers for reading request bodies and scenario files with simdjson On-Demand.
#ifndef TEMPO_TESTS_FAKES_CORE_JSON_READ_H_
#define TEMPO_TESTS_FAKES_CORE_JSON_READ_H_

#include <string>
#include <string_view>

#include <simdjson.h>

#include "common/status.h"

namespace tempo::fakes {

// A JSON scalar as text: strings unescaped, numbers, booleans and null as written. Objects and
// arrays are an error.
Result<std::string> JsonScalarText(simdjson::ondemand::value value);

// `s` without leading and trailing blanks (space, tab, CR, LF).
std::string_view TrimBlanks(std::string_view s);

}  // namespace tempo::fakes

#endif  // TEMPO_TESTS_FAKES_CORE_JSON_READ_H_
