// The word lists behind synthetic names. 64 x 64 company stems give 4096 distinct names per round.
#include "fakes/core/synthetic_words.h"

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

// Street names per place (several per city, so addresses vary).
constexpr std::string_view kAustin[] = {"Congress Ave", "Lamar Blvd", "E 6th St"};
constexpr std::string_view kBoston[] = {"Boylston St", "Atlantic Ave", "Summer St"};
constexpr std::string_view kSanFrancisco[] = {"Market St", "Mission St", "Howard St"};
constexpr std::string_view kLondon[] = {"King's Road", "Old Street", "Baker Street"};
constexpr std::string_view kMunich[] = {"Königstraße", "Müllerstraße", "Schleißheimer Straße"};
constexpr std::string_view kCologne[] = {"Hohenzollernring", "Schildergasse", "Gürzenichstraße"};
constexpr std::string_view kZurich[] = {"Bahnhofstrasse", "Löwenstrasse", "Seefeldstrasse"};
constexpr std::string_view kParis[] = {"rue de l'Université", "boulevard Saint-Germain",
                                       "rue du Faubourg Saint-Honoré"};
constexpr std::string_view kBesancon[] = {"Grande Rue", "rue de la République"};
constexpr std::string_view kMontreal[] = {"rue Saint-Denis", "boulevard René-Lévesque",
                                          "rue Sainte-Catherine"};
constexpr std::string_view kToronto[] = {"King St W", "Queen St W", "Bay St"};
constexpr std::string_view kSaoPaulo[] = {"Avenida Paulista", "Rua Oscar Freire",
                                          "Rua da Consolação"};
constexpr std::string_view kKrakow[] = {"ulica Łobzowska", "ulica Floriańska",
                                        "aleja Juliusza Słowackiego"};
constexpr std::string_view kLodz[] = {"ulica Piotrkowska", "aleja Józefa Piłsudskiego"};
constexpr std::string_view kMadrid[] = {"Calle de José Ortega y Gasset", "Calle de Alcalá",
                                        "Paseo de la Castellana"};
constexpr std::string_view kMalmo[] = {"Södra Förstadsgatan", "Stortorget"};
constexpr std::string_view kBeijing[] = {"东长安街", "建国门外大街"};
constexpr std::string_view kTokyo[] = {"丸の内", "銀座", "𠮷田町"};  // 𠮷 is outside the BMP
constexpr std::string_view kAthens[] = {"Οδός Ερμού", "Λεωφόρος Συγγρού"};
constexpr std::string_view kAmsterdam[] = {"Herengracht", "Keizersgracht"};
constexpr std::string_view kSydney[] = {"George St", "Pitt St"};
constexpr std::string_view kBengaluru[] = {"MG Road", "Residency Road"};
constexpr std::string_view kReykjavik[] = {"Laugavegur", "Skólavörðustígur"};
constexpr std::string_view kIstanbul[] = {"İstiklal Caddesi", "Bağdat Caddesi"};
constexpr std::string_view kSeoul[] = {"세종대로", "테헤란로"};
constexpr std::string_view kAbidjan[] = {"Boulevard de la République", "Rue des Jardins"};

constexpr Place kPlacesArr[] = {
    {"Austin", "Texas", "United States", "787##", "+1 512 ### ####", true, kAustin},
    {"Boston", "Massachusetts", "United States", "021##", "+1 617 ### ####", true, kBoston},
    {"San Francisco", "California", "United States", "941##", "+1 415 ### ####", true,
     kSanFrancisco},
    {"London", "England", "United Kingdom", "EC1A #BB", "+44 7### ######", true, kLondon},
    {"München", "Bayern", "Germany", "80###", "+49 15# ########", false, kMunich},
    {"Köln", "Nordrhein-Westfalen", "Germany", "50###", "+49 17# ########", false, kCologne},
    {"Zürich", "Zürich", "Switzerland", "80##", "+41 7# ### ## ##", false, kZurich},
    {"Paris", "Île-de-France", "France", "750##", "+33 6 ## ## ## ##", true, kParis},
    {"Besançon", "Bourgogne-Franche-Comté", "France", "25000", "+33 7 ## ## ## ##", true,
     kBesancon},
    {"Montréal", "Québec", "Canada", "H2X #Y#", "+1 514 ### ####", true, kMontreal},
    {"Toronto", "Ontario", "Canada", "M5V #A#", "+1 416 ### ####", true, kToronto},
    {"São Paulo", "São Paulo", "Brazil", "01310-###", "+55 11 9####-####", false, kSaoPaulo},
    {"Kraków", "Małopolskie", "Poland", "31-###", "+48 5## ### ###", false, kKrakow},
    {"Łódź", "Łódzkie", "Poland", "90-###", "+48 6## ### ###", false, kLodz},
    {"Madrid", "Comunidad de Madrid", "Spain", "280##", "+34 6## ### ###", false, kMadrid},
    {"Malmö", "Skåne län", "Sweden", "211 ##", "+46 70 ### ## ##", false, kMalmo},
    {"北京", "北京市", "China", "1000##", "+86 13# #### ####", false, kBeijing},
    {"東京", "東京都", "Japan", "100-####", "+81 90-####-####", false, kTokyo},
    {"Αθήνα", "Αττική", "Greece", "105 ##", "+30 69# ### ####", false, kAthens},
    {"Amsterdam", "Noord-Holland", "Netherlands", "1017 ##", "+31 6 ########", false, kAmsterdam},
    {"Sydney", "New South Wales", "Australia", "2000", "+61 4## ### ###", true, kSydney},
    {"Bengaluru", "Karnataka", "India", "5600##", "+91 98### #####", true, kBengaluru},
    {"Reykjavík", "Höfuðborgarsvæðið", "Iceland", "101", "+354 6## ####", false, kReykjavik},
    {"İstanbul", "İstanbul", "Türkiye", "344##", "+90 5## ### ## ##", false, kIstanbul},
    {"서울", "서울특별시", "South Korea", "04###", "+82 10-####-####", false, kSeoul},
    {"Abidjan", "Lagunes", "Côte d'Ivoire", "", "+225 07 ## ## ## ##", true, kAbidjan},
};
constexpr std::string_view kLeadStatusesArr[] = {"NEW",       "OPEN",        "IN_PROGRESS",
                                                 "OPEN_DEAL", "UNQUALIFIED", "ATTEMPTED_TO_CONTACT",
                                                 "CONNECTED", "BAD_TIMING"};

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
const std::span<const Place> kPlaces = kPlacesArr;
const std::span<const std::string_view> kLeadStatuses = kLeadStatusesArr;

}  // namespace tempo::fakes::words
