// The word lists behind synthetic names. 64 x 64 company stems give 4096 distinct names per round.
#include "fakes/synthetic_words.h"

namespace tempo::fakes::words {
namespace {

constexpr std::string_view kCompanyFirstArr[] = {
    "Bright",  "Granite", "Silver",  "Blue",   "Red",       "Northern", "Southern", "Eastern",
    "Western", "Summit",  "Cedar",   "Maple",  "Iron",      "Golden",   "Crystal",  "Rapid",
    "Quiet",   "Bold",    "Clear",   "Deep",   "Evergreen", "First",    "Grand",    "High",
    "Inner",   "Jade",    "Keen",    "Lunar",  "Metro",     "Noble",    "Open",     "Prime",
    "Quantum", "River",   "Solar",   "True",   "Urban",     "Vivid",    "Wild",     "Zenith",
    "Amber",   "Arctic",  "Atlas",   "Beacon", "Canyon",    "Coral",    "Delta",    "Ember",
    "Falcon",  "Harbor",  "Horizon", "Indigo", "Juniper",   "Kestrel",  "Lumen",    "Meadow",
    "Nova",    "Orbit",   "Pioneer", "Quartz", "Sierra",    "Tidal",    "Vertex",   "Willow"};
constexpr std::string_view kCompanySecondArr[] = {
    "Forge",    "Works",   "Point",   "Bridge",   "Stone",     "Field",    "Wave",   "Path",
    "Peak",     "Grove",   "Systems", "Dynamics", "Analytics", "Networks", "Logic",  "Signal",
    "Harvest",  "Circuit", "Anchor",  "Compass",  "Crest",     "Current",  "Engine", "Fabric",
    "Frontier", "Gate",    "Haven",   "Hive",     "Keystone",  "Lattice",  "Ledger", "Lighthouse",
    "Matrix",   "Mesa",    "Mill",    "Nest",     "Pulse",     "Quarry",   "Ridge",  "Route",
    "Scale",    "Shift",   "Spark",   "Sphere",   "Spring",    "Stack",    "Stream", "Tower",
    "Trail",    "Vault",   "Vector",  "View",     "Vista",     "Yard",     "Axis",   "Base",
    "Cloud",    "Core",    "Craft",   "Dock",     "Flow",      "Hub",      "Loop",   "Mint"};
constexpr std::string_view kCompanySuffixArr[] = {
    "Inc",  "Labs",     "Group",    "Co",       "Technologies",
    "Corp", "Partners", "Holdings", "Software", "Industries"};
constexpr std::string_view kFirstNamesArr[] = {
    "Jane",  "John",   "Maria", "Wei",   "Aisha", "Carlos", "Olga",  "Ravi",  "Sofia", "Liam",
    "Emma",  "Noah",   "Ava",   "Lucas", "Mia",   "Ethan",  "Zoe",   "Mateo", "Hana",  "Omar",
    "Ines",  "Kenji",  "Priya", "Tomas", "Lena",  "Diego",  "Amara", "Felix", "Nora",  "Samir",
    "Elena", "Hugo",   "Yara",  "Marek", "Chloe", "Arjun",  "Leila", "Oscar", "Freya", "Jonas",
    "Mei",   "Pablo",  "Greta", "Tariq", "Ruth",  "Anton",  "Keiko", "Bruno", "Ada",   "Isaac",
    "Nina",  "Victor", "Alma",  "Emil",  "Rosa",  "Dmitri", "Lucia", "Malik", "Vera",  "Theo"};
constexpr std::string_view kLastNamesArr[] = {
    "Doe",    "Smith",  "Garcia",    "Chen",     "Okafor",   "Silva",     "Ivanova",  "Patel",
    "Rossi",  "Murphy", "Muller",    "Kim",      "Nakamura", "Hernandez", "Novak",    "Larsen",
    "Haddad", "Costa",  "Fischer",   "Singh",    "Lopez",    "Dubois",    "Kowalski", "Andersen",
    "Moreau", "Yilmaz", "Tanaka",    "Nguyen",   "Schmidt",  "Romero",    "Jensen",   "Bianchi",
    "Walsh",  "Petrov", "Mendes",    "Khan",     "Berg",     "Cohen",     "Ortiz",    "Weber",
    "Sato",   "Reyes",  "Lindqvist", "Adeyemi",  "Popescu",  "Horvat",    "Varga",    "Ahmed",
    "Quinn",  "Park",   "Olsen",     "Ferreira", "Baker",    "Hughes",    "Stone",    "Wright",
    "Klein",  "Ward",   "Bauer",     "Roth"};
constexpr std::string_view kTitlesArr[] = {"VP Sales",
                                           "Head of Partnerships",
                                           "CTO",
                                           "Marketing Manager",
                                           "Account Executive",
                                           "Director of Operations",
                                           "Software Engineer",
                                           "Chief Revenue Officer",
                                           "Partner Manager",
                                           "Customer Success Manager",
                                           "Procurement Lead",
                                           "CFO",
                                           "Data Analyst",
                                           "IT Director",
                                           "Product Manager"};
constexpr std::string_view kIndustriesArr[] = {
    "Software",  "Financial Services", "Healthcare", "Manufacturing", "Retail",
    "Education", "Logistics",          "Media",      "Energy",        "Telecommunications"};
constexpr std::string_view kCountriesArr[] = {
    "United States", "United Kingdom", "Germany", "France", "Canada",
    "Australia",     "Netherlands",    "Japan",   "Brazil", "India"};
constexpr std::string_view kProductsArr[] = {"Platform", "Enterprise",     "Analytics Add-on",
                                             "Starter",  "Renewal",        "Expansion Seats",
                                             "Services", "Premium Support"};
constexpr std::string_view kCampaignThemesArr[] = {
    "Spring Launch",     "Ecosystem Summit", "Partner Webinar", "Product Tour",
    "Customer Roadshow", "Cloud Migration",  "Data Summit",     "Holiday Promo",
    "Security Briefing", "Field Event"};

}  // namespace

const std::span<const std::string_view> kCompanyFirst = kCompanyFirstArr;
const std::span<const std::string_view> kCompanySecond = kCompanySecondArr;
const std::span<const std::string_view> kCompanySuffix = kCompanySuffixArr;
const std::span<const std::string_view> kFirstNames = kFirstNamesArr;
const std::span<const std::string_view> kLastNames = kLastNamesArr;
const std::span<const std::string_view> kTitles = kTitlesArr;
const std::span<const std::string_view> kIndustries = kIndustriesArr;
const std::span<const std::string_view> kCountries = kCountriesArr;
const std::span<const std::string_view> kProducts = kProductsArr;
const std::span<const std::string_view> kCampaignThemes = kCampaignThemesArr;

}  // namespace tempo::fakes::words
