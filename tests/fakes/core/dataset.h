// The synthetic company every fake provider serves: one deterministic "world" derived from a seed.
//
// Accounts (companies) with domains, their contacts, deals/opportunities (amounts, stages, close
// dates, won/lost), partners (partner accounts, planted strong, medium or weak) with partner
// attribution on some deals, leads and campaigns, integrations that customers install, and the
// overlaps between our accounts and each partner's populations. HubSpot and Salesforce show the
// SAME rows under their own id spaces, so a test can join them by domain or name. What only the
// partner team's spreadsheets hold comes from here too (fakes/files/partner_files.h): customer
// dates and ARR, install dates, the partner activity log.
//
// The demo's story is planted here (DatasetOptions::planted, on by default): partners 0-4 each
// play one PartnerRole, so every provider shows the same strong, co-marketing, integration,
// dormant and thin partner (docs/fake-api.md, "Planted partners").
//
// Compact by construction: the fields of record i are a pure function of (seed, entity, i) and are
// built on demand; the dataset stores only what changes (modification time, archived flag,
// revision) plus two sort orders by modification time. 1M contacts cost about 25 MB.
//
// Mutations ("modify N records now", archive, append) bump the modification time, keep both sort
// orders correct and make the change visible in a field (the record's revision).
//
// Thread-safety: none. The server guards one Dataset with a reader/writer lock; in-process tests
// mutate it through FakeApiServer::WithDataset.
#ifndef TEMPO_TESTS_FAKES_CORE_DATASET_H_
#define TEMPO_TESTS_FAKES_CORE_DATASET_H_

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace tempo::fakes {

enum class Entity : uint8_t {
  kAccount,         // HubSpot company, Salesforce Account (partners are accounts too)
  kContact,         // HubSpot contact, Salesforce Contact
  kDeal,            // HubSpot deal, Salesforce Opportunity
  kDealPartner,     // Salesforce OpportunityPartner / Partner; HubSpot deal partner properties
  kLead,            // Salesforce Lead
  kCampaign,        // Salesforce Campaign
  kCampaignMember,  // Salesforce CampaignMember (one per lead)
};
inline constexpr int kEntityCount = 7;
// "accounts", "contacts", "deals", "deal_partners", "leads", "campaigns", "campaign_members".
std::string_view EntityName(Entity entity);
std::optional<Entity> ParseEntity(std::string_view name);

// How the dataset is generated. Counts left at -1 derive from `scale` (see ForScale).
struct DatasetOptions {
  uint64_t seed = 42;
  int64_t scale = 200;     // accounts, partners included
  int64_t partners = -1;   // default clamp(scale / 25, 3, 60)
  int64_t contacts = -1;   // default 5 x scale
  int64_t deals = -1;      // default 2 x scale
  int64_t leads = -1;      // default 2 x scale
  int64_t campaigns = -1;  // default clamp(scale / 20, 3, 500)
  // Rows of each entity (from the middle of the id range) that share ONE modification
  // timestamp, so incremental readers meet ties across page boundaries. Capped at count / 4.
  int64_t tie_rows = 250;
  // "Now" of the generated history: records are created in the `history_days` before it.
  int64_t as_of_ms = 1719705600000;  // 2024-06-30T00:00:00Z
  // How far back records are created (at least 6 days). Marketo reads leads in export windows
  // of at most 31 days, so its tests shrink the history to keep a full read to a few windows.
  int64_t history_days = 730;
  // A planted ambiguity for cross-source identity (-1: none): this account row shows the
  // domain of the account row before it, so two live accounts share one domain in every CRM
  // fake. Both rows must be ordinary (non-partner) accounts, else it is ignored.
  int64_t shared_domain_row = -1;
  // Partners 0-4 play the roles of PartnerRole (the demo's story); false: every partner is
  // ordinary, its strength alone driving its data.
  bool planted = true;
  // Deals are in their account's currency (AccountCurrency: EUR, GBP, CAD, AUD, JPY, BRL or INR
  // by the account's country, else USD), their amounts in that currency, and the CRM fakes are
  // multi-currency: Salesforce shows CurrencyIsoCode and its rate objects, HubSpot
  // deal_currency_code and its exchange rates (FxRates). false: every amount is USD and no CRM
  // says so (a single-currency org).
  bool currencies = false;
  // Each deal, with its partner attribution, lives in one CRM (DealCrm): deals of accounts in
  // Europe in HubSpot, the others in Salesforce. Companies and contacts stay in both (as a
  // company sync between the two keeps them). false: both CRMs serve every deal.
  bool split_crms = false;
};

// The CRM fakes that serve deals (DatasetOptions::split_crms).
enum class Crm : uint8_t { kHubSpot, kSalesforce };

// One month's exchange rate of a currency: USD per unit from `from_ms` (the first of a month,
// 00:00 UTC) until the next rate of the currency.
struct FxRate {
  std::string_view currency;
  int64_t from_ms = 0;
  double usd_per_unit = 0;  // 6 decimals
};

enum class PartnerStrength : uint8_t { kStrong, kMedium, kWeak };
std::string_view PartnerStrengthName(PartnerStrength strength);

// The partners of the demo's story, planted so that the TEMPO scorer has something to find.
// With DatasetOptions::planted, partner i < 5 plays role i + 1 (fewer partners: the first roles
// only); every other partner is ordinary.
enum class PartnerRole : uint8_t {
  kOrdinary,     // its strength alone drives its data
  kSynergy,      // (a) deals on accounts that are its customers win far more often, are bigger
                 //     and close faster; it is attached to most of them
  kCoMarketing,  // (b) many joint campaigns and referred leads, attached to many deals as an
                 //     influencer: none of them won
  kIntegration,  // (c) its GA integration runs on most customers, and those churn far less
  kDormant,      // (d) nothing at all in the last two quarters (kDormantDays)
  kThin,         // (e) a partner for kThinDays only: too little data to score
};
std::string_view PartnerRoleName(PartnerRole role);
inline constexpr int64_t kDormantDays = 200;  // (d): quiet since this many days before as_of
inline constexpr int64_t kThinDays = 60;      // (e): a partner since this many days before as_of

struct PartnerInfo {
  int index = 0;
  int64_t account_row = 0;  // the partner is this account
  std::string name, domain;
  std::string partner_type;  // technology | reseller | si | referral | agency
  std::string tier;          // gold | silver | registered
  PartnerStrength strength = PartnerStrength::kMedium;
  double strength_value = 0;  // 0..1: drives overlap, attribution, win rate, deal size
  PartnerRole role = PartnerRole::kOrdinary;
  int64_t partnered_ms = 0;
};

struct IntegrationInfo {
  int index = 0;
  int partner = 0;  // built with this partner
  std::string name;
  std::string status;  // planned | beta | ga
  int64_t released_ms = 0;
};

// Fields every record carries.
struct RecordMeta {
  int64_t row = 0;
  int64_t created_ms = 0;
  int64_t modified_ms = 0;
  bool archived = false;
  uint32_t revision = 0;  // bumped by Touch; shows in one field per entity
};

struct AccountRecord : RecordMeta {
  std::string name, domain, industry, country;
  std::string lifecycle;  // customer | prospect | former_customer | partner
  int64_t employees = 0;  // + revision
  int64_t annual_revenue = 0;
  int partner = -1;               // partner index when this account is a partner
  std::vector<int> integrations;  // installed integration indexes
  // What billing knows (customers and former customers only; partners and prospects: none).
  std::optional<int64_t> customer_since_ms, churned_ms;  // midnight UTC
  std::optional<int64_t> arr_usd;                        // annual recurring revenue
};

// One integration installed on a customer (Account(row).integrations), with its dates.
struct InstallRecord {
  int64_t account_row = 0;
  int integration = 0;
  int64_t installed_ms = 0;               // midnight UTC
  std::optional<int64_t> uninstalled_ms;  // a former customer's, at its churn
};

// One entry of the partner team's activity log.
struct ActivityRecord {
  int64_t row = 0;
  int partner = 0;
  int64_t account_row = -1;  // the account it concerns, or -1
  std::string_view kind;     // intro_given | intro_received | deal_registration | joint_call |
                             // joint_event | enablement
  int64_t occurred_ms = 0;
};

struct ContactRecord : RecordMeta {
  int64_t account_row = 0;
  std::string first_name, last_name, email, title;  // title changes with revision
  std::string company;                              // the account's name
  std::optional<std::string> phone;                 // missing (null) for some, "" for some
  std::string lifecycle_stage;  // lead | marketingqualifiedlead | ... | customer
  // What the CRM knows beyond the basics; nullopt = never recorded. None of these change with
  // the revision. The mailing address is in the place's own language and script (UTF-8);
  // `street` sometimes holds double quotes (`c/o "Granite Forge Inc", ...`) or a backslash.
  std::optional<std::string> mobile_phone;  // missing for about half, "" for some
  std::optional<std::string> street, city, state, postal_code, country;  // postal_code may be ""
  std::optional<std::string> website;      // the account's https://www.<domain>
  std::optional<std::string> industry;     // the account's
  std::optional<int64_t> annual_revenue;   // the account's
  std::optional<std::string> lead_status;  // NEW | OPEN | IN_PROGRESS | ... | BAD_TIMING
};

enum class DealStage : uint8_t {
  kQualification,
  kDiscovery,
  kProposal,
  kNegotiation,
  kClosedWon,
  kClosedLost
};

struct DealRecord : RecordMeta {
  int64_t account_row = 0;
  std::string name;
  std::string currency = "USD";  // the account's (DatasetOptions::currencies), else USD
  double amount = 0;             // in `currency`; + 1000 x revision
  DealStage stage = DealStage::kQualification;
  bool is_closed = false, is_won = false;
  int64_t close_date_ms = 0;          // midnight UTC
  bool is_new_business = true;        // else expansion
  std::string lead_source;            // "Partner Referral" when partner-sourced
  int primary_partner = -1;           // partner index, -1 when unattributed
  bool partner_sourced = false;       // sourced vs influenced
  std::vector<int64_t> partner_rows;  // DealPartner rows of this deal
};

struct DealPartnerRecord : RecordMeta {
  int64_t deal_row = 0;
  int partner = 0;
  bool sourced = false;
  bool is_primary = false;
};

struct LeadRecord : RecordMeta {
  std::string first_name, last_name, email, company, domain, title;
  int64_t account_row = -1;  // an existing account with the same domain, or -1
  std::string lead_source;   // Web | Partner Referral | Event | ...
  int partner = -1;          // referring partner
  std::string status;
  bool is_converted = false;
  int64_t campaign_row = 0;
};

struct CampaignRecord : RecordMeta {
  std::string name, type, status;
  int64_t start_ms = 0, end_ms = 0;
  double budgeted_cost = 0, actual_cost = 0;
  int partner = -1;  // co-marketing partner
};

struct CampaignMemberRecord : RecordMeta {
  int64_t campaign_row = 0, lead_row = 0;
  bool responded = false;
  std::string status;  // Sent | Responded
};

// A partner's view of one of our accounts (Crossbeam-style account mapping).
struct Overlap {
  std::string our_population;      // customer | prospect
  std::string partner_population;  // customer | prospect | open_opp
};

// The granularity of a modification-time sort order: HubSpot compares milliseconds, Salesforce
// whole seconds (its DateTime has no milliseconds), and both break ties by row (id) ascending.
enum class TimeUnit : uint8_t { kMillis, kSeconds };

class Dataset {
 public:
  explicit Dataset(DatasetOptions options = {});

  const DatasetOptions& options() const { return options_; }
  // Changes with every mutation (Touch, Archive, Append): what caches of rendered rows key on.
  uint64_t version() const { return version_; }

  // Rows of `entity`, archived ones included. Row numbers are stable; ids derive from them.
  int64_t Count(Entity entity) const { return table(entity).count; }
  int64_t ArchivedCount(Entity entity) const { return table(entity).archived_count; }
  int64_t ModifiedMs(Entity entity, int64_t row) const { return table(entity).modified_ms[row]; }
  bool Archived(Entity entity, int64_t row) const { return table(entity).archived[row] != 0; }
  int64_t CreatedMs(Entity entity, int64_t row) const;
  // All rows ordered by (modification time in `unit`, row).
  std::span<const uint32_t> ByModified(Entity entity, TimeUnit unit) const;

  int PartnerCount() const { return static_cast<int>(partners_.size()); }
  const PartnerInfo& Partner(int index) const { return partners_[index]; }
  int IntegrationCount() const { return static_cast<int>(integrations_.size()); }
  const IntegrationInfo& Integration(int index) const { return integrations_[index]; }
  // The overlap of partner `partner` with account `account_row`, if the partner has it.
  std::optional<Overlap> OverlapOf(int partner, int64_t account_row) const;
  // The partner playing `role`, or -1 (not planted, or too few partners).
  int PlantedPartner(PartnerRole role) const;
  // --- Money and systems of record (dataset_money.cc). ---

  // The currency of account `row`'s deals: by its country with DatasetOptions::currencies,
  // else USD.
  std::string_view AccountCurrency(int64_t row) const;
  // Every monthly rate of every currency but USD, by currency then date: from the month before
  // the history starts to the month of as_of. Empty without DatasetOptions::currencies.
  std::span<const FxRate> FxRates() const { return fx_rates_; }
  // USD per unit of `currency` at `ms`: the latest rate on or before it (the first rate before
  // the first); 1 for USD; 0 for a currency without rates.
  double UsdPerUnit(std::string_view currency, int64_t ms) const;
  // The CRM deal `deal_row` lives in (meaningful with DatasetOptions::split_crms).
  Crm DealCrm(int64_t deal_row) const;
  // Whether `crm` serves row `row` of `entity`: always, except deals and deal partners of the
  // other CRM with DatasetOptions::split_crms.
  bool Serves(Crm crm, Entity entity, int64_t row) const;

  // The installs of account `row` (its `integrations`) with their dates.
  std::vector<InstallRecord> Installs(int64_t row) const;
  // The partner activity log, in time order: intros, deal registrations, joint calls and events,
  // enablement sessions (generated with the dataset; not mutated).
  int64_t ActivityCount() const { return static_cast<int64_t>(activities_.size()); }
  ActivityRecord Activity(int64_t row) const;

  AccountRecord Account(int64_t row) const;
  // Account(row) without `integrations` (left empty): cheaper, for readers of names and
  // firmographics only.
  AccountRecord AccountProfile(int64_t row) const;
  ContactRecord Contact(int64_t row) const;
  // The same into `out`, reusing its strings' buffers (for readers of many rows in a row).
  void Contact(int64_t row, ContactRecord& out) const;
  DealRecord Deal(int64_t row) const;
  DealPartnerRecord DealPartner(int64_t row) const;
  LeadRecord Lead(int64_t row) const;
  CampaignRecord Campaign(int64_t row) const;
  CampaignMemberRecord CampaignMember(int64_t row) const;
  // Contacts of an account, in row order (at most `limit`).
  std::vector<int64_t> ContactsOf(int64_t account_row, int64_t limit) const;

  // --- Mutations. `at_ms` is the new modification time of every affected row. ---

  // "Modify N records": sets their modification time and bumps their revision (a visible field
  // changes). Rows out of range are ignored.
  void Touch(Entity entity, std::span<const int64_t> rows, int64_t at_ms);
  void TouchRange(Entity entity, int64_t first, int64_t count, int64_t at_ms);
  // Archives (HubSpot) / deletes (Salesforce IsDeleted) rows; they leave normal listings.
  void Archive(Entity entity, std::span<const int64_t> rows, int64_t at_ms);
  void ArchiveRange(Entity entity, int64_t first, int64_t count, int64_t at_ms);
  // Creates `count` new rows created and modified at `at_ms`; returns the first new row.
  // Not supported for derived entities (deal partners, campaign members): returns -1.
  int64_t Append(Entity entity, int64_t count, int64_t at_ms);

 private:
  struct Table {
    int64_t initial = 0;  // rows generated from the seed; later rows were appended
    int64_t count = 0;
    int64_t archived_count = 0;
    std::vector<int64_t> modified_ms;
    std::vector<uint8_t> archived;
    std::vector<uint32_t> revision;
    std::vector<int64_t> appended_created_ms;  // created time of rows >= initial
    std::vector<uint32_t> by_ms, by_seconds;   // rows by (modified, row)
  };
  struct Attribution {
    int partner = -1;
    bool sourced = false;
    int second_partner = -1;  // an influencing, non-primary partner
  };
  struct DealPartnerRow {
    uint32_t deal;
    uint16_t partner;
    uint8_t sourced;
    uint8_t primary;
  };

  Table& table(Entity e) { return tables_[static_cast<int>(e)]; }
  const Table& table(Entity e) const { return tables_[static_cast<int>(e)]; }
  uint64_t H(Entity e, uint64_t salt, int64_t row) const;
  // A record of type R with the RecordMeta fields of (entity, row) filled in.
  template <class R>
  R Meta(Entity entity, int64_t row) const;
  void SetMeta(Entity entity, int64_t row, RecordMeta& r) const;

  void BuildPartners();
  void PlantRole(PartnerInfo& info, IntegrationInfo& integration) const;
  void BuildDealPartners();
  void BuildActivities();
  void BuildFxRates();
  std::string_view AccountCountry(int64_t row) const;
  void InitTable(Entity e, int64_t count);
  void ApplyTies(Entity e);
  void SortTable(Entity e);
  void Resort(Entity e, std::span<const int64_t> changed);
  std::vector<int64_t> RowsIn(Entity e, int64_t first, int64_t count) const;

  int64_t GeneratedCreatedMs(Entity e, int64_t row) const;
  int64_t GeneratedModifiedMs(Entity e, int64_t row) const;
  struct NameStem {
    std::string_view first, second;
    int64_t round;  // 0 for the first 4096 names, then 1, 2, ...: appended as a number
  };
  NameStem CompanyStem(int64_t index, uint64_t salt) const;
  std::string CompanyName(int64_t index, uint64_t salt, std::string_view suffix) const;
  void AppendCompanyName(std::string& out, int64_t index, uint64_t salt,
                         std::string_view suffix) const;
  std::string CompanyDomain(int64_t index, uint64_t salt, std::string_view tld) const;
  void AppendCompanyDomain(std::string& out, int64_t index, uint64_t salt,
                           std::string_view tld) const;
  // Account fields a contact shows, without building the whole account.
  std::string_view AccountLifecycle(int64_t row) const;
  void AppendAccountName(std::string& out, int64_t row) const;
  void AppendAccountDomain(std::string& out, int64_t row) const;
  std::string_view AccountIndustry(int64_t row) const;
  int64_t AccountBaseEmployees(int64_t row) const;  // before revisions
  int64_t AccountRevenue(int64_t row) const;
  // The contact's address, mobile phone, company firmographics and lead status (after the
  // basics: uses account_row and company).
  void AddContactDetails(ContactRecord& r) const;
  Attribution DealAttribution(int64_t deal_row) const;
  int64_t DealAccount(int64_t deal_row) const;
  int64_t DealCloseMs(int64_t deal_row) const;
  int PickPartnerByStrength(uint64_t h1, uint64_t h2) const;

  // The planted story (dataset_planted.cc).
  // Whether partner `p` does nothing at time `t`: the thin partner before it became one, the
  // dormant partner in its last kDormantDays.
  bool Quiet(int p, int64_t t) const;
  // Whether account `row` is one of partner `p`'s customers (its overlap's population).
  bool CustomerOfPartner(int p, int64_t row) const;
  // The planted attachments on top of a deal's drawn attribution: the synergy and the
  // co-marketing partner on their accounts, no attachment of a quiet partner.
  void PlantAttribution(int64_t deal_row, int64_t account_row, Attribution& a) const;
  double DealWinChance(int64_t account_row, const Attribution& a) const;
  double DealSizeFactor(int64_t account_row, const Attribution& a) const;
  double DealCycleFactor(int64_t account_row, const Attribution& a) const;
  // A lead's or campaign's partner after the planted rules (-1: none).
  int PlantLeadPartner(int64_t lead_row, int64_t created_ms, int drawn) const;
  int PlantCampaignPartner(int64_t campaign_row, int64_t start_ms, int drawn) const;
  // The install probability of integration `i` on a customer (or former customer).
  double InstallRate(const IntegrationInfo& i, bool former) const;
  void AddBillingDates(AccountRecord& r) const;

  DatasetOptions options_;
  uint64_t version_ = 0;
  int64_t base_accounts_ = 0;  // links (contact -> account, deal -> account) use the seeded count
  std::vector<PartnerInfo> partners_;
  std::vector<IntegrationInfo> integrations_;
  std::vector<DealPartnerRow> deal_partners_;  // sorted by deal
  struct ActivityRow {
    int64_t occurred_ms;
    int64_t account_row;
    uint16_t partner;
    uint8_t kind;
  };
  std::vector<ActivityRow> activities_;                 // by time
  std::vector<FxRate> fx_rates_;                        // by currency, then date
  std::array<int, 6> planted_{-1, -1, -1, -1, -1, -1};  // partner per PartnerRole
  std::array<Table, kEntityCount> tables_;
};

}  // namespace tempo::fakes

#endif  // TEMPO_TESTS_FAKES_CORE_DATASET_H_
