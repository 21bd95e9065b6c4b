// Domain normalization: the one rule by which accounts and partners match across sources
// (docs/store-schema.md, "Value conventions").
#ifndef TEMPO_HOST_COMMON_DOMAIN_H_
#define TEMPO_HOST_COMMON_DOMAIN_H_

#include <string>
#include <string_view>

namespace tempo {

// Normalizes a web domain, URL or e-mail address for matching: "https://www.Acme.com/x" ->
// "acme.com", "ann@Acme.com" -> "acme.com".
std::string NormalizeDomain(std::string_view value);

}  // namespace tempo

#endif  // TEMPO_HOST_COMMON_DOMAIN_H_
