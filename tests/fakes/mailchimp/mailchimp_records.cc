// The Mailchimp view of the dataset (mailchimp_records.h).
#include "fakes/mailchimp/mailchimp_records.h"

#include <openssl/evp.h>

#include <set>

#include "fakes/core/encoding.h"

namespace tempo::fakes {
namespace {

constexpr int64_t kSecondMs = 1000;
constexpr int64_t kHourMs = 3600 * kSecondMs;

// Salts of the values only the Mailchimp view has.
enum Salt : uint64_t {
  kListId = 0x6d63'0001,
  kCampaignId,
  kStatus,
  kSignup,
  kOpen,
  kTag,
};

std::string Hex(uint64_t h, size_t digits) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out(digits, '0');
  for (size_t i = digits; i-- > 0;) {
    out[i] = kHex[h & 0xf];
    h >>= 4;
  }
  return out;
}

std::string_view SourceOf(std::string_view lead_source) {
  if (lead_source == "Web") return "Hosted Signup Form";
  if (lead_source == "Paid Search") return "Embedded Form";
  if (lead_source == "Event" || lead_source == "Content Syndication") return "Import";
  if (lead_source == "Webinar") return "Zoom";
  return "API - Generic";  // Partner Referral: the partner's form posts through the API
}

int ListOfCampaign(int64_t campaign_row) {
  return static_cast<int>(campaign_row % kMailchimpLists);
}

}  // namespace

std::string FormatMailchimpTime(int64_t ms) {
  std::string iso = FormatIsoMillis(ms - ((ms % kSecondMs) + kSecondMs) % kSecondMs);
  return iso.substr(0, 19) + "+00:00";  // "2024-01-17T19:55:04.000Z" -> seconds
}

std::string Md5Hex(std::string_view text) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  EVP_Digest(text.data(), text.size(), digest, &size, EVP_md5(), nullptr);
  std::string out;
  for (unsigned int i = 0; i < size; ++i) out += Hex(digest[i], 2);
  return out;
}

MailchimpView::MailchimpView(const Dataset& dataset)
    : dataset_(dataset), version_(dataset.version()) {
  const int64_t leads = dataset.Count(Entity::kLead);
  lead_list_.resize(static_cast<size_t>(leads));
  recipients_.resize(static_cast<size_t>(dataset.Count(Entity::kCampaign)));
  std::set<std::string> emails[kMailchimpLists];
  for (int64_t row = 0; row < leads; ++row) {
    const LeadRecord lead = dataset.Lead(row);
    const int list = ListOfCampaign(lead.campaign_row);
    lead_list_[static_cast<size_t>(row)] = list;
    list_rows_[list].push_back(row);
    if (!emails[list].insert(AsciiLower(lead.email)).second) {
      const size_t at = lead.email.find('@');
      email_rename_[row] =
          lead.email.substr(0, at) + "." + std::to_string(row) + lead.email.substr(at);
    }
    if (lead.campaign_row < static_cast<int64_t>(recipients_.size()) &&
        Campaign(lead.campaign_row).status == "sent") {
      recipients_[static_cast<size_t>(lead.campaign_row)].push_back(row);
    }
  }
  for (int64_t row = 0; row < dataset.Count(Entity::kCampaign); ++row) {
    campaign_ids_[Campaign(row).id] = row;
  }
}

std::string MailchimpView::ListId(int list) const {
  return Hex(Hash(dataset_.options().seed, kListId, static_cast<uint64_t>(list)), 10);
}

std::string_view MailchimpView::ListName(int list) const {
  return list == 0 ? "Newsletter" : "Events and webinars";
}

int MailchimpView::FindList(std::string_view id) const {
  for (int list = 0; list < kMailchimpLists; ++list) {
    if (ListId(list) == id) return list;
  }
  return -1;
}

MailchimpMember MailchimpView::Member(int64_t row) const {
  const LeadRecord lead = dataset_.Lead(row);
  MailchimpMember m;
  m.row = row;
  m.list = lead_list_[static_cast<size_t>(row)];
  m.list_id = ListId(m.list);
  auto renamed = email_rename_.find(row);
  m.email = renamed == email_rename_.end() ? lead.email : renamed->second;
  m.id = Md5Hex(AsciiLower(m.email));
  m.first_name = lead.first_name;
  m.last_name = lead.last_name;
  m.company = lead.company;
  m.title = lead.title;  // changes with every touch
  m.source = std::string(SourceOf(lead.lead_source));
  const uint64_t seed = dataset_.options().seed;
  const double status = Unit(Hash(seed, kStatus, static_cast<uint64_t>(row)));
  m.status = lead.archived   ? "archived"
             : status < 0.80 ? "subscribed"
             : status < 0.90 ? "unsubscribed"
             : status < 0.95 ? "cleaned"
                             : "pending";
  const bool form = m.source == "Hosted Signup Form" || m.source == "Embedded Form";
  if (form || Unit(Hash(seed, kSignup, static_cast<uint64_t>(row))) < 0.2) {
    m.timestamp_signup = FormatMailchimpTime(lead.created_ms);
  }
  if (m.status != "pending" && (!form || m.status != "cleaned")) {
    m.timestamp_opt = FormatMailchimpTime(lead.created_ms + 90 * kSecondMs);
  }
  m.last_changed_ms = lead.modified_ms - lead.modified_ms % kSecondMs;
  m.last_changed = FormatMailchimpTime(lead.modified_ms);
  if (lead.partner >= 0) {
    m.tags.push_back({1000 + lead.partner, "Partner: " + dataset_.Partner(lead.partner).name});
  }
  const uint64_t tag = Hash(seed, kTag, static_cast<uint64_t>(row));
  if (Unit(tag) < 0.3) m.tags.push_back({17, "Customer Advisory Board"});
  if (lead.lead_source == "Webinar") m.tags.push_back({23, "Webinar attendee"});
  return m;
}

MailchimpCampaign MailchimpView::Campaign(int64_t row) const {
  const CampaignRecord c = dataset_.Campaign(row);
  MailchimpCampaign m;
  m.row = row;
  m.list = ListOfCampaign(row);
  m.list_id = ListId(m.list);
  m.id = Hex(Hash(dataset_.options().seed, kCampaignId, static_cast<uint64_t>(row)), 10);
  m.title = c.partner >= 0 ? c.name + " with " + dataset_.Partner(c.partner).name : c.name;
  m.subject = "Tempo news: " + c.name;
  m.create_ms = c.created_ms - c.created_ms % kSecondMs;
  m.create_time = FormatMailchimpTime(c.created_ms);
  if (c.start_ms <= dataset_.options().as_of_ms) {
    m.status = "sent";
    m.send_ms = c.start_ms + 15 * 3600 * kSecondMs;  // 15:00 UTC on its start day
    m.send_time = FormatMailchimpTime(m.send_ms);
  } else {
    m.status = "save";
  }
  return m;
}

int64_t MailchimpView::FindCampaign(std::string_view id) const {
  auto it = campaign_ids_.find(id);
  return it == campaign_ids_.end() ? -1 : it->second;
}

const std::vector<int64_t>& MailchimpView::Recipients(int64_t campaign_row) const {
  static const std::vector<int64_t> kNone;
  if (campaign_row < 0 || campaign_row >= static_cast<int64_t>(recipients_.size())) return kNone;
  return recipients_[static_cast<size_t>(campaign_row)];
}

std::vector<MailchimpActivity> MailchimpView::Activity(int64_t campaign_row,
                                                       int64_t lead_row) const {
  std::vector<MailchimpActivity> out;
  const MailchimpCampaign c = Campaign(campaign_row);
  if (c.status != "sent") return out;
  const uint64_t h = Hash(dataset_.options().seed, kOpen, static_cast<uint64_t>(lead_row));
  // Leads appended after the dataset was built have no CampaignMember row: a coin decides.
  const bool responded = lead_row < dataset_.Count(Entity::kCampaignMember)
                             ? dataset_.CampaignMember(lead_row).responded
                             : (h >> 40) % 3 == 0;
  if (!responded && Unit(h) < 0.4) return out;  // never opened
  const int64_t open = c.send_ms + kHourMs * static_cast<int64_t>(1 + h % 47) +
                       kSecondMs * static_cast<int64_t>((h >> 8) % 3600);
  out.push_back({"open", open, ""});
  if (responded) {
    out.push_back({"click", open + kSecondMs * static_cast<int64_t>(20 + (h >> 20) % 600),
                   "https://tempo.example/offer?c=" + c.id});
    if (h & 1) out.push_back({"open", open + 26 * kHourMs, ""});
  }
  return out;
}

}  // namespace tempo::fakes
