// The example source of myplugin: a few partners, as an API would list them, oldest change
// first. Replace it with your source (see README.md, "Make it yours").
#ifndef MYPLUGIN_DATASET_H_
#define MYPLUGIN_DATASET_H_

#include <string>
#include <vector>

namespace myplugin_connector {

struct PartnerRow {
  std::string id;
  std::string name;
  std::string website;
  std::string type;        // technology, reseller, si, referral, agency, marketplace, other
  std::string updated_at;  // ISO-8601, the source's modification time
};

// Ordered by (updated_at, id), as a source sorted by modification time pages them.
const std::vector<PartnerRow>& Partners();

}  // namespace myplugin_connector

#endif  // MYPLUGIN_DATASET_H_
