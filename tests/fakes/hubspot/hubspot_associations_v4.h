// The fake HubSpot's v4 associations batch read, `POST /crm/v4/associations/{from}/{to}/batch/
// read` (body `{"inputs":[{"id":"123"}]}`): the same associations the v3 list returns inline
// (HubSpotAssociations), one `to` entry per associated record with its association types, in
// the v4 shape of the wire-format notes (section 1): `{"status":"COMPLETE","results":[{"from":
// {"id":"123"},"to":[{"toObjectId":456,"associationTypes":[{"category":"HUBSPOT_DEFINED",
// "typeId":5,"label":"Primary"},...]}]}]}`. Search returns no associations, so a client reads
// a searched deal's companies here.
//
// Types: the primary deal-to-company association is HUBSPOT_DEFINED typeId 5 ("Primary"), the
// unlabeled one typeId 341, a partner company a USER_DEFINED label "Partner"; contact-to-company
// 1 and 279, deal-to-contact 3, company-to-contact 280. Ids that are not records of `from` (or
// are archived, or served by the other CRM) are left out.
#ifndef TEMPO_TESTS_FAKES_HUBSPOT_HUBSPOT_ASSOCIATIONS_V4_H_
#define TEMPO_TESTS_FAKES_HUBSPOT_HUBSPOT_ASSOCIATIONS_V4_H_

#include <string>
#include <string_view>

#include "common/status.h"
#include "fakes/core/dataset.h"
#include "fakes/hubspot/hubspot_objects.h"

namespace tempo::fakes {

// The response body for `request_body`, or an error naming what is wrong with it (a 400).
Result<std::string> RenderV4BatchRead(const Dataset& dataset, const HubSpotObjectType& from,
                                      std::string_view to_type, std::string_view request_body);

}  // namespace tempo::fakes

#endif  // TEMPO_TESTS_FAKES_HUBSPOT_HUBSPOT_ASSOCIATIONS_V4_H_
