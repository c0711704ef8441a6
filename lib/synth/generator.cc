// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
//
// Synthetic Qingdao-like city. The model, every constant's meaning and the
// target shares are documented in docs/generator.md; keep the two in sync.
//
// Determinism: every random number comes from xoshiro256** seeded through
// splitmix64, and every distribution (uniform, normal, geometric, categorical)
// is built here from +, -, *, /, sqrt and floor only, which IEEE 754 defines
// exactly. log, sin and cos are implemented below for the same reason: libm
// implementations differ in the last bit between platforms. The library is
// compiled with -ffp-contract=off so no FMA contraction changes a rounding.
//
// Streams: the fixed "world" (map, villages, skill embedding directions) uses
// its own constant seed, so every population seed lives in the same city.
// Each household, employer and embedding has its own stream derived from
// (seed, tag, index); hence the first n seekers of a larger city equal a
// city of n seekers, and turning embeddings on changes no other field.
#include "jobmatch/synth/generator.h"

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "jobmatch/base/memory_budget.h"
#include "jobmatch/base/status_macros.h"

// Bit-exact output needs every a * b + c rounded twice, never fused into an
// FMA, whatever flags this file is built with (the library's CMake also
// passes -ffp-contract=off; this guards other build systems).
#if defined(__clang__)
#pragma STDC FP_CONTRACT OFF
#elif defined(__GNUC__)
#pragma GCC optimize("fp-contract=off")
#endif

namespace jobmatch {
namespace {

// ---------------------------------------------------------------------------
// Pseudo-random numbers and distributions.

constexpr uint64_t kGolden = 0x9e3779b97f4a7c15ULL;

uint64_t Mix64(uint64_t z) {
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

// Independent stream seed for entity `index` of kind `tag`.
uint64_t StreamSeed(uint64_t seed, uint64_t tag, uint64_t index) {
  return Mix64(Mix64(seed + tag * kGolden) + (index + 1) * kGolden);
}

// Stream tags. Changing one changes the generated data: the golden hash in
// tests/generator_test.cc pins them.
constexpr uint64_t kTagHousehold = 1;
constexpr uint64_t kTagEmployer = 2;
constexpr uint64_t kTagSeekerEmbedding = 3;
constexpr uint64_t kTagVacancyEmbedding = 4;
constexpr uint64_t kTagMap = 5;
constexpr uint64_t kTagSkillVector = 6;
constexpr uint64_t kTagIndustryVector = 7;
// The world (map and embedding directions) does not depend on config.seed.
constexpr uint64_t kWorldSeed = 0x51a6da0'2025'0301ULL;

constexpr double kLn2 = 0.6931471805599453;
constexpr double kSqrt2 = 1.4142135623730951;
constexpr double kSqrtHalf = 0.7071067811865476;
constexpr double kHalfPi = 1.5707963267948966;

// Natural log of a positive, finite, normal x. Bit-exact on every IEEE 754
// platform (unlike std::log): exponent split plus an atanh series.
double Log(double x) {
  const uint64_t bits = std::bit_cast<uint64_t>(x);
  int e = static_cast<int>((bits >> 52) & 0x7ff) - 1023;
  double m =
      std::bit_cast<double>((bits & 0x000fffffffffffffULL) | 0x3ff0000000000000ULL);  // [1, 2)
  if (m > kSqrt2) {
    m *= 0.5;
    ++e;
  }
  const double s = (m - 1.0) / (m + 1.0);  // |s| <= 0.1716
  const double s2 = s * s;
  double p = 1.0 / 21.0;
  for (int k = 19; k >= 1; k -= 2) p = p * s2 + 1.0 / k;
  return 2.0 * s * p + e * kLn2;
}

// sin and cos of 2*pi*turns, bit-exact on every IEEE 754 platform.
void SinCosTurns(double turns, double* sin_out, double* cos_out) {
  const double t = turns - std::floor(turns);  // [0, 1)
  const double q4 = t * 4.0;
  int q = static_cast<int>(q4);
  if (q > 3) q = 3;
  const double x = (q4 - q - 0.5) * kHalfPi;  // [-pi/4, pi/4)
  const double x2 = x * x;
  // Taylor series in Horner form, to x^13 and x^12: error < 1e-16 here.
  double sp = 1.0;
  for (int k = 13; k >= 3; k -= 2) sp = 1.0 - x2 / (k * (k - 1)) * sp;
  double cp = 1.0;
  for (int k = 12; k >= 2; k -= 2) cp = 1.0 - x2 / (k * (k - 1)) * cp;
  const double sx = x * sp;
  const double cx = cp;
  // Angle within the quadrant is x + pi/4.
  const double sa = (sx + cx) * kSqrtHalf;
  const double ca = (cx - sx) * kSqrtHalf;
  switch (q) {
    case 0:
      *sin_out = sa;
      *cos_out = ca;
      break;
    case 1:
      *sin_out = ca;
      *cos_out = -sa;
      break;
    case 2:
      *sin_out = -sa;
      *cos_out = -ca;
      break;
    default:
      *sin_out = -ca;
      *cos_out = sa;
      break;
  }
}

// xoshiro256** (Blackman & Vigna), state filled by splitmix64.
class Rng {
 public:
  explicit Rng(uint64_t seed) {
    for (uint64_t& w : s_) {
      seed += kGolden;
      w = Mix64(seed);
    }
  }

  uint64_t Next() {
    const uint64_t result = std::rotl(s_[1] * 5, 7) * 9;
    const uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = std::rotl(s_[3], 45);
    return result;
  }

  // [0, 1) with 53 random bits.
  double Uniform() { return static_cast<double>(Next() >> 11) * 0x1.0p-53; }
  double Uniform(double lo, double hi) { return lo + (hi - lo) * Uniform(); }
  // [0, n), n >= 1.
  int UniformInt(int n) {
    const int k = static_cast<int>(Uniform() * n);
    return k < n ? k : n - 1;
  }
  bool Bernoulli(double p) { return Uniform() < p; }

  // Standard normal by Box-Muller; the second value is kept for the next call.
  double Normal() {
    if (has_spare_) {
      has_spare_ = false;
      return spare_;
    }
    const double u1 = static_cast<double>((Next() >> 11) + 1) * 0x1.0p-53;
    double s, c;
    SinCosTurns(Uniform(), &s, &c);
    const double r = std::sqrt(-2.0 * Log(u1));
    spare_ = r * s;
    has_spare_ = true;
    return r * c;
  }
  // Normal clamped to [-limit, limit]: keeps places inside the city.
  double TruncatedNormal(double limit) { return std::clamp(Normal(), -limit, limit); }
  // Number of failures before the first success, mean `mean`.
  int Geometric(double mean) {
    const double u = static_cast<double>((Next() >> 11) + 1) * 0x1.0p-53;
    const double k = std::floor(Log(u) / Log(mean / (mean + 1.0)));
    return k > 1e6 ? 1000000 : static_cast<int>(k);
  }

 private:
  uint64_t s_[4];
  bool has_spare_ = false;
  double spare_ = 0.0;
};

// Sampling by cumulative table and binary search.
class Categorical {
 public:
  Categorical() = default;
  explicit Categorical(std::span<const double> weights) {
    cum_.reserve(weights.size());
    double total = 0.0;
    for (double w : weights) {
      JOBMATCH_CHECK(w >= 0.0);
      total += w;
      cum_.push_back(total);
    }
    JOBMATCH_CHECK(total > 0.0);
  }
  int Sample(Rng& rng) const {
    const double u = rng.Uniform() * cum_.back();
    const auto it = std::upper_bound(cum_.begin(), cum_.end(), u);
    const int i = static_cast<int>(it - cum_.begin());
    return std::min(i, static_cast<int>(cum_.size()) - 1);
  }

 private:
  std::vector<double> cum_;
};

int RoundToInt(double x) { return static_cast<int>(std::floor(x + 0.5)); }
double Round100(double x) { return std::floor(x / 100.0 + 0.5) * 100.0; }
float Round1Decimal(double x) { return static_cast<float>(std::floor(x * 10.0 + 0.5) / 10.0); }

// "S" + zero-padded decimal (wider when the number needs it).
std::string MakeId(char prefix, int64_t n, int width) {
  char digits[24];
  int len = 0;
  do {
    digits[len++] = static_cast<char>('0' + n % 10);
    n /= 10;
  } while (n > 0);
  std::string id;
  id.reserve(1 + std::max(len, width));
  id.push_back(prefix);
  for (int i = len; i < width; ++i) id.push_back('0');
  while (len > 0) id.push_back(digits[--len]);
  return id;
}

// ---------------------------------------------------------------------------
// The model's tables. Shares and weights are explained in docs/generator.md.

enum Ind : int {
  kIt = 0,
  kAi,
  kChemicals,
  kNev,
  kSmartHome,
  kMarine,
  kManufacturing,
  kLogistics,
  kRetail,
  kHospitality,
  kHealthcare,
  kConstruction,
  kAgriculture,
  kEducation,
  kPublicServices,
  kBiomedicine,
  kNumIndustries
};

// Minimum-education profiles of regular vacancies, P(level 0..6).
enum EduProfile : int { kTech, kIndustrial, kService, kProfessional, kPublic };
constexpr double kMinEducation[][kMaxEducation + 1] = {
    /*kTech=*/{0.00, 0.00, 0.02, 0.13, 0.35, 0.45, 0.05},
    /*kIndustrial=*/{0.05, 0.00, 0.30, 0.45, 0.15, 0.05, 0.00},
    /*kService=*/{0.20, 0.05, 0.45, 0.25, 0.05, 0.00, 0.00},
    /*kProfessional=*/{0.00, 0.00, 0.05, 0.20, 0.40, 0.33, 0.02},
    /*kPublic=*/{0.20, 0.05, 0.45, 0.25, 0.05, 0.00, 0.00},
};

struct IndustrySpec {
  std::string_view name;
  double seeker_weight;        // share of seekers whose trade it is
  double vacancy_weight;       // share of employers in it (before district boosts)
  double wage_base;            // CNY/month, typical regular post at level ~3
  double p_remote;             // regular/trainee post can be done from home
  double p_accessible;         // employer's site is barrier-free
  double p_gig;                // post is gig work (零工)
  double p_trainee;            // post is a trainee post (见习岗位)
  double school_hours_factor;  // relative rate of mother posts (妈妈岗)
  bool rural_sites;            // employers sit in towns (镇) and villages
  bool tech;                   // needs higher education; remote-friendly seekers
  EduProfile edu;
  std::span<const std::string_view> skills;  // most common first
};

// Data tables, hand-aligned.
// clang-format off

// Skills named by several industries are one vocabulary entry.
constexpr std::string_view kGenericSkills[] = {
    "computer_basics", "safety_training", "customer_service", "mandarin_communication",
    "office_software", "driving_licence_c1", "english_communication", "first_aid",
    "basic_bookkeeping"};
constexpr double kGenericWeights[] = {3, 3, 2, 2, 2, 2, 1, 1, 1};

// Most common first: popularity within a trade falls with rank.
constexpr std::string_view kItSkills[] = {
    "python_programming", "java_programming", "web_frontend", "software_testing",
    "technical_support", "database_administration", "linux_administration", "network_engineering",
    "mobile_app_development", "cpp_programming", "cloud_computing", "cybersecurity",
    "data_analysis", "devops", "ui_design", "embedded_systems", "it_project_management",
    "integrated_circuit_design", "virtual_reality_development"};
constexpr std::string_view kAiSkills[] = {
    "data_labeling", "python_programming", "data_analysis", "machine_learning",
    "big_data_engineering", "deep_learning", "computer_vision", "natural_language_processing",
    "algorithm_design", "statistics", "ai_model_deployment", "speech_recognition",
    "recommendation_systems", "robotics_programming", "gpu_computing", "prompt_engineering",
    "ai_product_management"};
constexpr std::string_view kChemicalsSkills[] = {
    "chemical_process_operation", "quality_inspection", "laboratory_analysis",
    "hazardous_chemicals_handling", "equipment_maintenance", "rubber_tire_production",
    "polymer_processing", "process_control_dcs", "materials_testing", "instrument_calibration",
    "coating_technology", "composite_materials", "environmental_monitoring",
    "wastewater_treatment", "safety_engineering", "chemical_engineering_design"};
constexpr std::string_view kNevSkills[] = {
    "production_line_operation", "automotive_assembly", "quality_inspection", "welding",
    "painting_spraying", "vehicle_maintenance", "automotive_electronics", "battery_technology",
    "plc_programming", "industrial_robot_operation", "electric_drive_systems", "vehicle_testing",
    "charging_infrastructure_installation", "mechanical_design_cad", "supply_chain_planning",
    "autonomous_driving_software", "embedded_systems"};
constexpr std::string_view kSmartHomeSkills[] = {
    "production_line_operation", "electronic_assembly", "quality_inspection", "appliance_repair",
    "after_sales_service", "smt_operation", "injection_moulding", "refrigeration_technology",
    "product_testing", "mould_making", "plc_programming", "e_commerce_operation",
    "embedded_systems", "iot_development", "mechanical_design_cad", "industrial_design",
    "smart_home_installation"};
constexpr std::string_view kMarineSkills[] = {
    "seafood_processing", "fishing_operation", "aquaculture", "port_operation", "welding",
    "crane_operation", "ship_building", "cold_chain_management", "marine_equipment_maintenance",
    "seafaring", "navigation", "marine_engineering", "marine_tourism_service", "marine_biology",
    "diving", "marine_survey"};
constexpr std::string_view kManufacturingSkills[] = {
    "production_line_operation", "cnc_machining", "welding", "fitter_assembly", "electrician",
    "lathe_operation", "quality_inspection", "equipment_maintenance", "sheet_metal_work",
    "milling", "grinding", "hydraulics_maintenance", "industrial_robot_operation",
    "plc_programming", "mechanical_design_cad", "metrology_inspection", "rail_vehicle_assembly",
    "lean_production"};
constexpr std::string_view kLogisticsSkills[] = {
    "delivery_riding", "forklift_operation", "warehouse_management", "packaging", "truck_driving",
    "inventory_control", "logistics_dispatching", "cold_chain_management", "crane_operation",
    "port_operation", "wms_systems", "freight_forwarding", "customs_declaration",
    "supply_chain_planning", "international_trade_documents"};
constexpr std::string_view kRetailSkills[] = {
    "sales", "cashier_operation", "merchandising", "product_display", "inventory_control",
    "e_commerce_operation", "online_customer_support", "live_streaming_sales", "food_safety",
    "store_management", "marketing", "procurement", "brand_promotion", "korean_communication",
    "visual_design"};
constexpr std::string_view kHospitalitySkills[] = {
    "food_service", "dishwashing", "housekeeping", "cooking_chinese_cuisine",
    "front_desk_reception", "food_safety", "barista", "pastry_baking", "bartending",
    "catering_management", "tour_guiding", "event_planning", "hotel_management",
    "korean_communication", "japanese_communication", "seafood_cuisine"};
constexpr std::string_view kHealthcareSkills[] = {
    "elderly_care", "home_care", "hospital_cleaning", "nursing", "infant_care",
    "traditional_chinese_massage", "rehabilitation_therapy", "dementia_care", "pharmacy",
    "medical_records", "nutrition", "health_management", "laboratory_analysis",
    "psychological_counselling", "medical_device_maintenance", "clinical_medicine"};
constexpr std::string_view kConstructionSkills[] = {
    "concrete_work", "bricklaying", "rebar_work", "scaffolding", "carpentry",
    "painting_decoration", "tiling", "plumbing", "electrician", "welding", "excavator_operation",
    "crane_operation", "hvac_installation", "surveying", "cost_estimation", "bim_modelling",
    "construction_site_management", "structural_design"};
constexpr std::string_view kAgricultureSkills[] = {
    "crop_farming", "greenhouse_vegetables", "fruit_tree_management", "livestock_breeding",
    "agricultural_machinery_operation", "plant_protection", "food_processing", "tea_cultivation",
    "aquaculture", "irrigation", "drone_crop_spraying", "agricultural_e_commerce",
    "seed_production", "veterinary_assistance", "rural_tourism_service"};
constexpr std::string_view kEducationSkills[] = {
    "tutoring", "child_care", "preschool_education", "teaching_primary", "teaching_secondary",
    "vocational_training_instruction", "sports_coaching", "music_instruction", "english_teaching",
    "curriculum_design", "educational_technology", "special_education",
    "psychological_counselling", "school_administration", "art_instruction"};
constexpr std::string_view kPublicServicesSkills[] = {
    "cleaning_sanitation", "security_guard", "greenery_maintenance", "community_service",
    "property_management", "data_entry", "canteen_assistant", "parking_attendant",
    "call_centre_service", "office_administration", "social_work", "public_facility_maintenance",
    "archives_management", "traffic_assistance", "elderly_visiting"};
constexpr std::string_view kBiomedicineSkills[] = {
    "quality_inspection", "pharmaceutical_production_gmp", "laboratory_analysis",
    "cleanroom_operation", "drug_sales", "analytical_chemistry_hplc", "microbiology",
    "cell_culture", "fermentation_technology", "biochemistry", "medical_device_assembly",
    "clinical_research_coordination", "regulatory_affairs", "bioinformatics", "marine_biology",
    "pharmacy"};

// In Ind order. The first five are the "10+1" industries the policy names
// (新一代信息技术, 人工智能, 高端化工与新材料, 智能网联新能源汽车, 智能家电).
constexpr IndustrySpec kIndustries[kNumIndustries] = {
    // {name, seeker_weight, vacancy_weight, wage_base,
    //  p_remote, p_accessible, p_gig, p_trainee, school_hours_factor, rural_sites, tech, edu,
    //  skills}
    {"new_generation_it",       5,  9,  7000,
     0.45, 0.45, 0.02, 0.12, 0.6, false, true, kTech, kItSkills},
    {"artificial_intelligence", 2,  5,  8000,
     0.45, 0.45, 0.01, 0.14, 0.6, false, true, kTech, kAiSkills},
    {"chemicals_new_materials", 4,  6,  5500,
     0.02, 0.20, 0.01, 0.07, 0.3, false, false, kIndustrial, kChemicalsSkills},
    {"new_energy_vehicles",     4,  7,  5800,
     0.02, 0.25, 0.01, 0.08, 0.5, false, false, kIndustrial, kNevSkills},
    {"smart_home_appliances",   5,  7,  5000,
     0.02, 0.30, 0.02, 0.07, 1.3, false, false, kIndustrial, kSmartHomeSkills},
    {"marine_economy",          5,  5,  5000,
     0.02, 0.15, 0.07, 0.04, 0.4, true, false, kIndustrial, kMarineSkills},
    {"advanced_manufacturing",  8,  10, 5400,
     0.02, 0.25, 0.02, 0.07, 0.8, false, false, kIndustrial, kManufacturingSkills},
    {"logistics",               9,  8,  4800,
     0.03, 0.20, 0.25, 0.03, 0.8, false, false, kService, kLogisticsSkills},
    {"retail",                  11, 8,  3800,
     0.12, 0.35, 0.14, 0.04, 1.6, false, false, kService, kRetailSkills},
    {"hospitality",             10, 7,  3700,
     0.01, 0.30, 0.20, 0.03, 1.4, false, false, kService, kHospitalitySkills},
    {"healthcare_elderly_care", 7,  7,  4300,
     0.03, 0.50, 0.04, 0.06, 1.2, false, false, kProfessional, kHealthcareSkills},
    {"construction",            8,  6,  5200,
     0.00, 0.10, 0.20, 0.02, 0.2, false, false, kService, kConstructionSkills},
    {"agriculture",             7,  3,  3300,
     0.01, 0.10, 0.22, 0.02, 0.8, true, false, kService, kAgricultureSkills},
    {"education",               4,  4,  4800,
     0.15, 0.45, 0.04, 0.08, 1.6, false, true, kProfessional, kEducationSkills},
    {"public_services",         4,  4,  3300,
     0.05, 0.55, 0.05, 0.03, 1.6, false, false, kPublic, kPublicServicesSkills},
    {"biomedicine",             2,  4,  5800,
     0.02, 0.35, 0.01, 0.10, 0.6, false, true, kTech, kBiomedicineSkills},
};

struct IndustryBoost {
  Ind industry;
  double factor;
};

struct DistrictSpec {
  std::string_view name;
  double north, east;  // centre, as a fraction of radius_km
  double spread;       // sigma of town centres, fraction of radius_km
  double population;   // residents, 10k (2020 census, rounded)
  double job_factor;   // employers per resident relative to the city
  double urbanity;     // share of communities (社区) among a street's places
  double rural_share;  // P(household is rural labour, 农村劳动力)
  std::span<const std::string_view> towns;  // 街道 (urban) and 镇 (rural)
  std::span<const IndustryBoost> boosts;    // local industry clusters
};

// Real street (街道) and town (镇) names, used as labels; their positions
// here are synthetic.
constexpr std::string_view kShinanTowns[] = {
    "八大关街道", "香港中路街道", "八大湖街道", "湛山街道", "金门路街道", "珠海路街道",
    "江苏路街道", "中山路街道", "云南路街道", "八大峡街道", "金湖路街道"};
constexpr std::string_view kShibeiTowns[] = {
    "台东街道", "辽宁路街道", "登州路街道", "宁夏路街道", "敦化路街道", "浮山新区街道",
    "合肥路街道", "湖岛街道", "四方街道", "洛阳路街道", "双山街道", "阜新路街道"};
constexpr std::string_view kLicangTowns[] = {
    "李村街道", "虎山路街道", "浮山路街道", "振华路街道", "兴华路街道", "湘潭路街道", "楼山街道",
    "九水街道", "世园街道"};
constexpr std::string_view kLaoshanTowns[] = {
    "中韩街道", "金家岭街道", "沙子口街道", "王哥庄街道", "北宅街道"};
constexpr std::string_view kHuangdaoTowns[] = {
    "黄岛街道", "辛安街道", "薛家岛街道", "长江路街道", "灵珠山街道", "隐珠街道", "珠海街道",
    "灵山卫街道", "张家楼街道", "王台镇", "藏南镇", "宝山镇", "大场镇", "六汪镇"};
constexpr std::string_view kChengyangTowns[] = {
    "城阳街道", "流亭街道", "夏庄街道", "惜福镇街道", "棘洪滩街道", "上马街道", "河套街道",
    "红岛街道"};
constexpr std::string_view kJimoTowns[] = {
    "环秀街道", "潮海街道", "通济街道", "北安街道", "龙山街道", "鳌山卫街道", "温泉街道",
    "蓝村街道", "田横镇", "金口镇", "移风店镇", "段泊岚镇"};
constexpr std::string_view kJiaozhouTowns[] = {
    "阜安街道", "中云街道", "三里河街道", "九龙街道", "胶东街道", "胶北街道", "胶西街道",
    "李哥庄镇", "铺集镇", "里岔镇", "洋河镇"};
constexpr std::string_view kPingduTowns[] = {
    "李园街道", "东阁街道", "凤台街道", "同和街道", "白沙河街道", "南村镇", "蓼兰镇", "崔家集镇",
    "明村镇", "田庄镇", "新河镇", "店子镇", "大泽山镇", "旧店镇", "云山镇", "古岘镇", "仁兆镇"};
constexpr std::string_view kLaixiTowns[] = {
    "水集街道", "望城街道", "沽河街道", "姜山镇", "夏格庄镇", "院上镇", "日庄镇", "南墅镇",
    "河头店镇", "店埠镇", "马连庄镇"};

// Industry clusters: employers of an industry are `factor` times as likely
// there; seekers sqrt(factor).
constexpr IndustryBoost kShinanBoosts[] = {
    {kIt, 2.0}, {kHospitality, 1.8}, {kRetail, 1.5}, {kEducation, 1.3}, {kManufacturing, 0.2},
    {kChemicals, 0.05}, {kNev, 0.1}, {kAgriculture, 0.02}, {kConstruction, 0.6}};
constexpr IndustryBoost kShibeiBoosts[] = {
    {kRetail, 1.5}, {kHealthcare, 1.5}, {kIt, 1.3}, {kManufacturing, 0.5}, {kChemicals, 0.2},
    {kAgriculture, 0.05}};
constexpr IndustryBoost kLicangBoosts[] = {
    {kRetail, 1.3}, {kLogistics, 1.2}, {kSmartHome, 1.2}, {kAgriculture, 0.1}};
constexpr IndustryBoost kLaoshanBoosts[] = {
    {kAi, 3.0}, {kIt, 2.5}, {kBiomedicine, 2.0}, {kSmartHome, 2.0}, {kChemicals, 0.2},
    {kAgriculture, 0.5}};
constexpr IndustryBoost kHuangdaoBoosts[] = {
    {kChemicals, 3.0}, {kMarine, 3.0}, {kManufacturing, 1.5}, {kSmartHome, 1.5}, {kLogistics, 1.5}};
constexpr IndustryBoost kChengyangBoosts[] = {
    {kManufacturing, 2.0}, {kLogistics, 1.5}, {kNev, 1.2}, {kBiomedicine, 1.3}};
constexpr IndustryBoost kJimoBoosts[] = {
    {kNev, 3.0}, {kManufacturing, 1.5}, {kMarine, 1.2}, {kAgriculture, 1.5}, {kIt, 0.5}};
constexpr IndustryBoost kJiaozhouBoosts[] = {
    {kLogistics, 2.5}, {kManufacturing, 1.5}, {kAgriculture, 2.0}, {kIt, 0.4}, {kAi, 0.3}};
constexpr IndustryBoost kPingduBoosts[] = {
    {kAgriculture, 4.0}, {kChemicals, 1.5}, {kConstruction, 1.5}, {kIt, 0.2}, {kAi, 0.1},
    {kBiomedicine, 0.3}};
constexpr IndustryBoost kLaixiBoosts[] = {
    {kAgriculture, 4.0}, {kNev, 1.5}, {kConstruction, 1.3}, {kIt, 0.2}, {kAi, 0.1},
    {kBiomedicine, 0.3}};

// Outer districts lie farther out and are more rural; geometry is in units
// of radius_km so any radius keeps every place within it.
constexpr DistrictSpec kDistricts[] = {
    // name, north, east, spread, population, job_factor, urbanity, rural_share, towns, boosts
    {"市南区", 0.00, 0.00, 0.020, 56, 2.2, 1.0, 0.01, kShinanTowns, kShinanBoosts},
    {"市北区", 0.07, -0.02, 0.025, 110, 1.3, 1.0, 0.02, kShibeiTowns, kShibeiBoosts},
    {"李沧区", 0.20, 0.10, 0.030, 70, 1.0, 0.95, 0.03, kLicangTowns, kLicangBoosts},
    {"崂山区", 0.10, 0.24, 0.045, 55, 1.9, 0.6, 0.07, kLaoshanTowns, kLaoshanBoosts},
    {"黄岛区", -0.28, -0.40, 0.050, 190, 1.3, 0.6, 0.10, kHuangdaoTowns, kHuangdaoBoosts},
    {"城阳区", 0.42, 0.02, 0.040, 110, 1.1, 0.6, 0.09, kChengyangTowns, kChengyangBoosts},
    {"即墨区", 0.56, 0.22, 0.050, 135, 0.8, 0.4, 0.20, kJimoTowns, kJimoBoosts},
    {"胶州市", 0.34, -0.56, 0.050, 100, 0.8, 0.4, 0.22, kJiaozhouTowns, kJiaozhouBoosts},
    {"平度市", 0.62, -0.42, 0.050, 120, 0.45, 0.3, 0.34, kPingduTowns, kPingduBoosts},
    {"莱西市", 0.77, 0.05, 0.050, 73, 0.5, 0.3, 0.32, kLaixiTowns, kLaixiBoosts},
};
// clang-format on

constexpr int kNumDistricts = static_cast<int>(std::size(kDistricts));

// Village / community name parts (村 for villages, 社区 for communities).
constexpr std::string_view kCommunityFirst[] = {"福", "康", "安", "华", "兴", "和", "瑞",
                                                "祥", "泰", "宁", "春", "海", "山", "金",
                                                "富", "嘉", "惠", "景", "乐", "明"};
constexpr std::string_view kCommunitySecond[] = {"苑", "园", "馨", "城", "景", "林", "泉", "湾",
                                                 "韵", "源", "丰", "阳", "岭", "港", "桥"};
constexpr std::string_view kVillagePrefix[] = {"东", "西", "南", "北", "前",
                                               "后", "大", "小", "上", "下"};
constexpr std::string_view kVillageSurname[] = {
    "王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "马",
    "朱", "胡", "郭", "高", "林", "于", "姜", "崔", "宋", "纪", "兰", "臧", "曲"};
constexpr std::string_view kVillageSuffix[] = {"庄", "疃", "屯", "沟", "埠", "岭",
                                               "河", "泊", "洼", "营", "寨", "村"};

// Seeker ages (latent; only groups, levels and education show it):
// bands [lo, hi] with shares.
struct AgeBand {
  int lo, hi;
  double share;
};
constexpr AgeBand kAgeBands[] = {{16, 24, 0.22}, {25, 34, 0.27},  {35, 44, 0.23},
                                 {45, 49, 0.16}, {50, 54, 0.075}, {55, 64, 0.045}};
// Education by age class (<=24, 25-44, >=45), P(level 0..6).
constexpr double kEducationByAge[3][kMaxEducation + 1] = {
    {0.000, 0.01, 0.08, 0.21, 0.30, 0.35, 0.05},
    {0.005, 0.03, 0.24, 0.28, 0.20, 0.21, 0.035},
    {0.030, 0.12, 0.45, 0.27, 0.08, 0.05, 0.00},
};
// Age at which working life starts, by education.
constexpr int kStartAge[kMaxEducation + 1] = {16, 16, 17, 19, 21, 22, 25};
// Wage premium of an education level, CNY/month.
constexpr double kEducationBonus[kMaxEducation + 1] = {0, 0, 0, 300, 800, 1500, 3000};

// Household sizes 1..4.
constexpr double kHouseholdSize[] = {0.45, 0.30, 0.18, 0.07};
// Share of multi-member households that are zero-employment households.
constexpr double kZeroEmploymentRate = 0.015;
// Number of skills 2..8.
constexpr double kSeekerSkillCount[] = {0.15, 0.22, 0.22, 0.17, 0.12, 0.07, 0.05};
constexpr double kPreferredCount[] = {0.55, 0.30, 0.15};
// Schedules in enum order: full_time, school_hours, flexible, any.
constexpr double kSeekerSchedule[] = {0.55, 0.06, 0.11, 0.28};
constexpr double kCommuteKm[] = {5, 8, 10, 15, 20, 25, 30};
constexpr double kCommuteWeights[] = {0.15, 0.15, 0.25, 0.20, 0.13, 0.05, 0.07};

// Vacancies per employer 1..12.
constexpr double kVacanciesPerEmployer[] = {0.30, 0.22, 0.15, 0.10, 0.08, 0.05,
                                            0.04, 0.03, 0.00, 0.02, 0.00, 0.01};
// Share of employers that are public-welfare post providers (街道/社区).
constexpr double kPublicWelfareEmployerRate = 0.06;
constexpr double kRegularRequirementCount[] = {0.10, 0.22, 0.28, 0.20, 0.12, 0.08};
constexpr double kRegularMinLevel[] = {0.08, 0.27, 0.32, 0.20, 0.09, 0.04};
constexpr int kMaxOpenings = 20;

struct Village {
  Area area;
  double north = 0, east = 0;
  bool is_village = false;  // 村 (else 社区)
};
struct Town {
  double north = 0, east = 0;
  bool rural = false;  // 镇 (else 街道)
  std::vector<Village> villages;
  Categorical urban_villages, rural_villages;
};
struct District {
  std::vector<Town> towns;
  Categorical urban_towns, rural_towns, employer_towns, employer_rural_towns;
  Categorical employer_industry;
  // By [rural household][education class].
  Categorical seeker_industry[2][3];
};
struct Industry {
  std::vector<int32_t> skills;
  Categorical skill_pick;
};

struct World {
  double radius = 0;
  double km_per_deg_lat = 0, km_per_deg_lon = 0;
  std::vector<District> districts;
  Categorical seeker_district, employer_district;
  std::vector<Industry> industries;
  Categorical seeker_industry_any;
  std::vector<int32_t> generic_skills;
  Categorical generic_pick;
  Categorical age_band, household_size, seeker_skill_count, preferred_count, seeker_schedule,
      commute, vacancies_per_employer, regular_req_count, regular_min_level, openings_steep,
      openings_flat;
  Categorical education_by_age[3], min_education[5];
  GroupMask graduate_youth = 0, veteran = 0, disabled = 0, rural_labour = 0, hard_to_employ = 0,
            zero_employment = 0, older_worker = 0;
  // Embedding directions, row-major: one row of `dim` floats per skill and
  // per industry.
  int dim = 0;
  std::vector<float> skill_vectors, industry_vectors;
};

Categorical MakeCategorical(std::span<const double> w) { return Categorical(w); }

// Unique name within `taken`, from the part lists.
std::string VillageName(Rng& rng, bool is_village, const std::vector<Village>& taken) {
  for (int attempt = 0;; ++attempt) {
    std::string name;
    if (is_village) {
      if (rng.Bernoulli(0.4)) {
        name += kVillagePrefix[rng.UniformInt(std::size(kVillagePrefix))];
      }
      name += kVillageSurname[rng.UniformInt(std::size(kVillageSurname))];
      if (rng.Bernoulli(0.7)) name += "家";
      const std::string_view suffix = kVillageSuffix[rng.UniformInt(std::size(kVillageSuffix))];
      name += suffix;
      if (suffix != "村") name += "村";
    } else {
      const int a = rng.UniformInt(std::size(kCommunityFirst));
      name += kCommunityFirst[a];
      name += kCommunitySecond[rng.UniformInt(std::size(kCommunitySecond))];
      name += "社区";
    }
    const bool dup = std::any_of(taken.begin(), taken.end(),
                                 [&](const Village& v) { return v.area.village == name; });
    // Tens of thousands of combinations vs at most 16 per town: a repeat
    // after a few attempts would mean a broken table.
    JOBMATCH_CHECK(attempt < 1000);
    if (!dup) return name;
  }
}

void BuildMap(World& w) {
  const double r = w.radius;
  Rng rng(StreamSeed(kWorldSeed, kTagMap, 0));
  std::vector<double> seeker_w, employer_w;
  for (const DistrictSpec& spec : kDistricts) {
    District& d = w.districts.emplace_back();
    std::vector<double> urban_w, rural_w, emp_w, emp_rural_w;
    for (std::string_view town_name : spec.towns) {
      Town& t = d.towns.emplace_back();
      t.rural = town_name.ends_with("镇");
      t.north = (spec.north + spec.spread * rng.TruncatedNormal(2.5)) * r;
      t.east = (spec.east + spec.spread * rng.TruncatedNormal(2.5)) * r;
      const double p = t.rural ? rng.Uniform(0.5, 1.0) : rng.Uniform(0.7, 1.3);
      urban_w.push_back(p * (t.rural ? 0.3 : 1.0));
      rural_w.push_back(p * (t.rural ? 3.0 : 1.0));
      emp_w.push_back(p * (t.rural ? 0.5 : 1.0));
      emp_rural_w.push_back(p * (t.rural ? 4.0 : 1.0));
      const int n = t.rural ? 10 + rng.UniformInt(7) : 5 + rng.UniformInt(5);
      const double p_village = t.rural ? 0.92 : 1.0 - spec.urbanity;
      const double sigma = (t.rural ? 0.030 : 0.012) * r;
      std::vector<double> vu, vr;
      for (int i = 0; i < n; ++i) {
        const bool is_village = rng.Bernoulli(p_village);
        std::string name = VillageName(rng, is_village, t.villages);
        Village& v = t.villages.emplace_back();
        v.area = Area{std::string(spec.name), std::string(town_name), std::move(name)};
        v.is_village = is_village;
        v.north = t.north + sigma * rng.TruncatedNormal(2.5);
        v.east = t.east + sigma * rng.TruncatedNormal(2.5);
        vu.push_back(is_village ? 0.5 : 4.0);
        vr.push_back(is_village ? 4.0 : 0.5);
      }
      t.urban_villages = MakeCategorical(vu);
      t.rural_villages = MakeCategorical(vr);
    }
    d.urban_towns = MakeCategorical(urban_w);
    d.rural_towns = MakeCategorical(rural_w);
    d.employer_towns = MakeCategorical(emp_w);
    d.employer_rural_towns = MakeCategorical(emp_rural_w);
    seeker_w.push_back(spec.population);
    employer_w.push_back(spec.population * spec.job_factor);
  }
  w.seeker_district = MakeCategorical(seeker_w);
  w.employer_district = MakeCategorical(employer_w);
}

double Boost(const DistrictSpec& spec, int industry) {
  for (const IndustryBoost& b : spec.boosts) {
    if (b.industry == industry) return b.factor;
  }
  return 1.0;
}

void BuildIndustries(World& w, Vocabulary& vocab) {
  for (std::string_view name : kGenericSkills) {
    w.generic_skills.push_back(vocab.AddSkill(name));
  }
  w.generic_pick = MakeCategorical(kGenericWeights);
  for (int i = 0; i < kNumIndustries; ++i) {
    const int32_t id = vocab.AddIndustry(kIndustries[i].name);
    JOBMATCH_CHECK(id == i);
  }
  std::vector<double> any_w;
  for (const IndustrySpec& spec : kIndustries) {
    Industry& ind = w.industries.emplace_back();
    std::vector<double> pick;
    for (size_t k = 0; k < spec.skills.size(); ++k) {
      ind.skills.push_back(vocab.AddSkill(spec.skills[k]));
      // Entry-level skills first: popularity falls with rank, ~1/sqrt(rank).
      pick.push_back(1.0 / std::sqrt(static_cast<double>(k) + 1.0));
    }
    ind.skill_pick = MakeCategorical(pick);
    any_w.push_back(spec.seeker_weight);
  }
  w.seeker_industry_any = MakeCategorical(any_w);

  // Seekers live near but not at the clusters: sqrt of the employer boost.
  for (int di = 0; di < kNumDistricts; ++di) {
    const DistrictSpec& spec = kDistricts[di];
    District& d = w.districts[di];
    std::vector<double> emp;
    for (int i = 0; i < kNumIndustries; ++i) {
      emp.push_back(kIndustries[i].vacancy_weight * Boost(spec, i));
    }
    d.employer_industry = MakeCategorical(emp);
    for (int rural = 0; rural < 2; ++rural) {
      for (int edu_class = 0; edu_class < 3; ++edu_class) {
        std::vector<double> sw;
        for (int i = 0; i < kNumIndustries; ++i) {
          const IndustrySpec& ind = kIndustries[i];
          double x = ind.seeker_weight * std::sqrt(Boost(spec, i));
          if (ind.tech) x *= edu_class == 0 ? 0.05 : edu_class == 1 ? 0.4 : 2.0;
          if (!ind.tech && ind.edu == kService && edu_class == 2) x *= 0.5;
          if (rural == 1) {
            if (i == kAgriculture) x *= 3.0;
            if (i == kConstruction) x *= 1.5;
            if (ind.tech) x *= 0.3;
          }
          sw.push_back(x);
        }
        d.seeker_industry[rural][edu_class] = MakeCategorical(sw);
      }
    }
  }
}

void BuildEmbeddingDirections(World& w, const Vocabulary& vocab) {
  const int dim = w.dim;
  const int num_skills = vocab.skills().size();
  w.industry_vectors.resize(static_cast<size_t>(kNumIndustries) * dim);
  for (int i = 0; i < kNumIndustries; ++i) {
    Rng rng(StreamSeed(kWorldSeed, kTagIndustryVector, i));
    for (int k = 0; k < dim; ++k) {
      w.industry_vectors[static_cast<size_t>(i) * dim + k] = static_cast<float>(rng.Normal());
    }
  }
  // A skill points partly along the industry that lists it first, so skills
  // of one trade are similar even when they differ: what lets an embedding
  // score see "close" skills that exact matching misses.
  std::vector<int> home(num_skills, -1);
  for (int i = 0; i < kNumIndustries; ++i) {
    for (int32_t s : w.industries[i].skills) {
      if (home[s] < 0) home[s] = i;
    }
  }
  w.skill_vectors.resize(static_cast<size_t>(num_skills) * dim);
  for (int s = 0; s < num_skills; ++s) {
    Rng rng(StreamSeed(kWorldSeed, kTagSkillVector, s));
    float* out = &w.skill_vectors[static_cast<size_t>(s) * dim];
    const float* ind =
        home[s] >= 0 ? &w.industry_vectors[static_cast<size_t>(home[s]) * dim] : nullptr;
    for (int k = 0; k < dim; ++k) {
      const double own = rng.Normal();
      out[k] = static_cast<float>(ind != nullptr ? 0.6 * ind[k] + 0.8 * own : own);
    }
  }
}

absl::Status ValidateConfig(const CityConfig& c) {
  // Beyond this the output alone would not fit one machine's memory.
  constexpr int64_t kMaxRows = 1'000'000'000;
  if (c.num_seekers < 0 || c.num_seekers > kMaxRows) {
    return absl::InvalidArgumentError(
        absl::StrCat("num_seekers must be in [0, ", kMaxRows, "], got ", c.num_seekers));
  }
  if (c.num_vacancies < 0 || c.num_vacancies > kMaxRows) {
    return absl::InvalidArgumentError(
        absl::StrCat("num_vacancies must be in [0, ", kMaxRows, "], got ", c.num_vacancies));
  }
  if (c.embedding_dim < 0 || c.embedding_dim > 4096) {
    return absl::InvalidArgumentError(
        absl::StrCat("embedding_dim must be in [0, 4096], got ", c.embedding_dim));
  }
  // The city is laid out on a local flat map: it must stay small and away
  // from the poles for that to hold.
  if (!std::isfinite(c.radius_km) || c.radius_km <= 0.0 || c.radius_km > 1000.0) {
    return absl::InvalidArgumentError(
        absl::StrCat("radius_km must be finite and in (0, 1000], got ", c.radius_km));
  }
  if (!std::isfinite(c.center_lat) || c.center_lat < -80.0 || c.center_lat > 80.0) {
    return absl::InvalidArgumentError(
        absl::StrCat("center_lat must be finite and in [-80, 80] degrees, got ", c.center_lat));
  }
  if (!std::isfinite(c.center_lon) || c.center_lon < -180.0 || c.center_lon > 180.0) {
    return absl::InvalidArgumentError(
        absl::StrCat("center_lon must be finite and in [-180, 180] degrees, got ", c.center_lon));
  }
  return absl::OkStatus();
}

// Local (north, east) km -> WGS84, clamped to the city's radius.
void ToLatLon(const World& w, const CityConfig& c, double north, double east, double* lat,
              double* lon) {
  const double d2 = north * north + east * east;
  if (d2 > w.radius * w.radius) {
    const double scale = w.radius / std::sqrt(d2);
    north *= scale;
    east *= scale;
  }
  *lat = c.center_lat + north / w.km_per_deg_lat;
  double x = c.center_lon + east / w.km_per_deg_lon;
  if (x > 180.0) x -= 360.0;
  if (x < -180.0) x += 360.0;
  *lon = x;
}

// Adds `scale * row` to `acc`.
void AddScaled(std::vector<float>& acc, const float* row, float scale) {
  for (size_t k = 0; k < acc.size(); ++k) acc[k] += scale * row[k];
}

void AddNoise(Rng& rng, std::vector<float>& v, double sigma) {
  for (float& x : v) x += static_cast<float>(sigma * rng.Normal());
}

// Draws a skill of `pool` (weighted) not yet in `used`; -1 after too many
// repeats (tiny pools).
int32_t PickNewSkill(Rng& rng, const std::vector<int32_t>& pool, const Categorical& pick,
                     std::span<const int32_t> used) {
  for (int attempt = 0; attempt < 32; ++attempt) {
    const int32_t s = pool[pick.Sample(rng)];
    if (std::find(used.begin(), used.end(), s) == used.end()) return s;
  }
  return -1;
}

// ---------------------------------------------------------------------------
// Seekers.

struct HouseholdPlace {
  const Village* village;
  double north, east;
};

void GenerateSeeker(const World& w, const CityConfig& c, Rng& rng, int age, bool rural,
                    bool zero_employment, int district, const HouseholdPlace& place, Seeker& s) {
  s.area = place.village->area;
  ToLatLon(w, c, place.north, place.east, &s.lat, &s.lon);

  // Education, with rural labour a step lower more often.
  const int age_class = age <= 24 ? 0 : age <= 44 ? 1 : 2;
  int edu = w.education_by_age[age_class].Sample(rng);
  if (rural && edu > 0 && rng.Bernoulli(0.4)) --edu;
  s.education = static_cast<Education>(edu);

  GroupMask g = 0;
  if (age <= 24) {
    if (rng.Bernoulli(edu >= 4 ? 0.95 : 0.55)) g |= w.graduate_youth;
  } else if (age <= 29 && edu >= 4 && rng.Bernoulli(0.25)) {
    g |= w.graduate_youth;
  }
  if (age >= 50) g |= w.older_worker;
  if (age >= 20 && age <= 55 && rng.Bernoulli(0.035)) g |= w.veteran;
  const bool disabled = rng.Bernoulli(0.0145 + 0.0008 * (age - 16));
  if (disabled) g |= w.disabled;
  if (rural) g |= w.rural_labour;
  if (zero_employment) g |= w.zero_employment;

  // Trade and skills.
  const int edu_class = edu <= 2 ? 0 : edu == 3 ? 1 : 2;
  const int home = w.districts[district].seeker_industry[rural ? 1 : 0][edu_class].Sample(rng);
  const Industry& ind = w.industries[home];
  const int num_skills = 2 + w.seeker_skill_count.Sample(rng);
  int num_generic = (rng.Bernoulli(0.55) ? 1 : 0) + (rng.Bernoulli(0.2) ? 1 : 0);
  const bool side_trade = rng.Bernoulli(0.15);
  // Fixed-size scratch: at most 8 skills, no allocation per seeker.
  std::array<int32_t, 8> ids;
  std::array<bool, 8> generic;
  int count = 0;
  while (count < num_skills) {
    const int slot = count;
    const std::span<const int32_t> used(ids.data(), count);
    int32_t skill;
    bool is_generic = false;
    if (slot >= 1 && num_generic > 0) {
      skill = PickNewSkill(rng, w.generic_skills, w.generic_pick, used);
      is_generic = true;
      --num_generic;
    } else if (slot == 1 && side_trade) {
      const Industry& other = w.industries[w.seeker_industry_any.Sample(rng)];
      skill = PickNewSkill(rng, other.skills, other.skill_pick, used);
    } else {
      skill = PickNewSkill(rng, ind.skills, ind.skill_pick, used);
    }
    if (skill < 0) break;  // Pool exhausted: keep fewer skills.
    ids[count] = skill;
    generic[count] = is_generic;
    ++count;
  }
  // Levels on the eight-grade ladder grow with experience.
  const double experience = std::max(0, age - kStartAge[edu]);
  const double talent = 0.6 * rng.Normal();
  s.skills.reserve(count);
  double level_sum = 0.0;
  for (int k = 0; k < count; ++k) {
    double x = 1.75 + 0.085 * experience + talent + 0.8 * rng.Normal();
    if (generic[k]) x -= 0.4;
    const int level = std::clamp(RoundToInt(x), kMinSkillLevel, kMaxSkillLevel);
    s.skills.push_back(SkillLevel{ids[k], static_cast<int8_t>(level)});
    level_sum += level;
  }
  const double mean_level = level_sum / count;

  // Unemployment spell and the hard-to-employ (就业困难人员) status that
  // long spells, disability, age and zero-employment households bring.
  const double mean_months =
      5.0 + (age >= 50 ? 4.0 : 0.0) + (disabled ? 4.0 : 0.0) + (zero_employment ? 6.0 : 0.0);
  s.months_unemployed = std::min(36, rng.Geometric(mean_months));
  double p_hard = 0.042 + (disabled ? 0.30 : 0.0) + (age >= 50 ? 0.06 : 0.0) +
                  (s.months_unemployed >= 12 ? 0.12 : 0.0) + (zero_employment ? 0.5 : 0.0);
  if (rng.Bernoulli(std::min(p_hard, 0.95))) g |= w.hard_to_employ;
  s.groups = g;

  // Reservation wage, CNY/month; some state none (0).
  if (rng.Bernoulli(0.04)) {
    s.reservation_wage = 0.0f;
  } else {
    double wage = kIndustries[home].wage_base * 0.72 + 380.0 * (mean_level - 1.0) +
                  0.8 * kEducationBonus[edu];
    wage *= std::clamp(1.0 + 0.12 * rng.Normal(), 0.75, 1.35);
    s.reservation_wage = static_cast<float>(std::clamp(Round100(wage), 2500.0, 15000.0));
  }
  s.max_commute_km =
      rng.Bernoulli(0.25) ? 0.0f : static_cast<float>(kCommuteKm[w.commute.Sample(rng)]);
  s.schedule = static_cast<Schedule>(w.seeker_schedule.Sample(rng));
  s.accepts_remote =
      rng.Bernoulli(0.125 + (kIndustries[home].tech ? 0.15 : 0.0) + (disabled ? 0.15 : 0.0));
  s.needs_accessibility = rng.Bernoulli(disabled ? 0.6 : 0.003);

  const int num_pref = w.preferred_count.Sample(rng);
  for (int k = 0; k < num_pref; ++k) {
    const int32_t p = (k == 0 && rng.Bernoulli(0.7)) ? home : w.seeker_industry_any.Sample(rng);
    if (std::find(s.preferred_industries.begin(), s.preferred_industries.end(), p) ==
        s.preferred_industries.end()) {
      s.preferred_industries.push_back(p);
    }
  }

  if (w.dim > 0) {
    s.embedding.assign(w.dim, 0.0f);
    for (const SkillLevel& sl : s.skills) {
      AddScaled(s.embedding, &w.skill_vectors[static_cast<size_t>(sl.skill) * w.dim],
                0.5f + sl.level / 8.0f);
    }
    AddScaled(s.embedding, &w.industry_vectors[static_cast<size_t>(home) * w.dim], 0.8f);
    for (int32_t p : s.preferred_industries) {
      AddScaled(s.embedding, &w.industry_vectors[static_cast<size_t>(p) * w.dim], 0.4f);
    }
  }
}

int SampleAge(const World& w, Rng& rng) {
  const AgeBand& b = kAgeBands[w.age_band.Sample(rng)];
  return b.lo + rng.UniformInt(b.hi - b.lo + 1);
}

// Appends household `h` (at most `max_members` of its members).
void GenerateHousehold(const World& w, const CityConfig& c, int64_t h, int64_t max_members,
                       std::vector<Seeker>& out) {
  Rng rng(StreamSeed(c.seed, kTagHousehold, static_cast<uint64_t>(h)));
  const int size = 1 + w.household_size.Sample(rng);
  const bool zero_employment = size >= 2 && rng.Bernoulli(kZeroEmploymentRate);
  const int di = w.seeker_district.Sample(rng);
  const District& d = w.districts[di];
  const bool rural = rng.Bernoulli(kDistricts[di].rural_share);
  const Town& t = d.towns[(rural ? d.rural_towns : d.urban_towns).Sample(rng)];
  const Village& v = t.villages[(rural ? t.rural_villages : t.urban_villages).Sample(rng)];
  // One home for the household.
  const double sigma = 0.008 * w.radius;
  const HouseholdPlace place{&v, v.north + sigma * rng.TruncatedNormal(3.0),
                             v.east + sigma * rng.TruncatedNormal(3.0)};
  const std::string household_id = MakeId('H', h + 1, 6);
  const int head_age = SampleAge(w, rng);
  const int64_t n = std::min<int64_t>(size, max_members);
  for (int64_t m = 0; m < n; ++m) {
    int age = head_age;
    if (m > 0) {
      // A partner of similar age, or another working-age relative.
      age = rng.Bernoulli(0.5) ? std::clamp(head_age + RoundToInt(2.5 * rng.Normal()), 16, 64)
                               : SampleAge(w, rng);
    }
    Seeker& s = out.emplace_back();
    s.id = MakeId('S', static_cast<int64_t>(out.size()), 7);
    s.household_id = household_id;
    GenerateSeeker(w, c, rng, age, rural, zero_employment, di, place, s);
  }
}

// ---------------------------------------------------------------------------
// Vacancies.

void GenerateVacancy(const World& w, Rng& rng, int industry, bool welfare, Vacancy& v) {
  const IndustrySpec& spec = kIndustries[industry];
  const Industry& ind = w.industries[industry];
  v.industry = industry;
  if (welfare) {
    v.kind = VacancyKind::kPublicWelfare;
  } else {
    const double u = rng.Uniform();
    v.kind = u < spec.p_gig                    ? VacancyKind::kGig
             : u < spec.p_gig + spec.p_trainee ? VacancyKind::kTrainee
                                               : VacancyKind::kRegular;
  }

  int num_req = 1;
  int base_level = 1;
  int max_level = 6;
  int edu = 0;
  switch (v.kind) {
    case VacancyKind::kRegular:
      num_req = 1 + w.regular_req_count.Sample(rng);
      base_level = 1 + w.regular_min_level.Sample(rng);
      edu = w.min_education[spec.edu].Sample(rng);
      break;
    case VacancyKind::kTrainee:  // for graduates: low skill, some schooling
      num_req = 1 + rng.UniformInt(3);
      base_level = 1 + (rng.Bernoulli(0.4) ? 1 : 0);
      max_level = 2;
      edu = std::array{3, 4, 4, 5, 5}[rng.UniformInt(5)];
      break;
    case VacancyKind::kPublicWelfare:  // reserved for hard-to-employ persons
      num_req = 1 + (rng.Bernoulli(0.4) ? 1 : 0);
      base_level = 1 + (rng.Bernoulli(0.2) ? 1 : 0);
      max_level = 2;
      edu = rng.Bernoulli(0.5) ? 0 : 2;
      break;
    case VacancyKind::kGig:
      num_req = 1 + (rng.Bernoulli(0.5) ? (rng.Bernoulli(0.7) ? 1 : 2) : 0);
      base_level = 1 + w.regular_min_level.Sample(rng) / 2;
      max_level = 4;
      edu = rng.Bernoulli(0.8) ? 0 : 2;
      break;
  }
  v.min_education = static_cast<Education>(edu);

  std::array<int32_t, 6> ids;
  int count = 0;
  const bool with_generic = v.kind != VacancyKind::kPublicWelfare && rng.Bernoulli(0.3);
  for (int k = 0; k < num_req; ++k) {
    const bool generic = with_generic && k == num_req - 1 && k > 0;
    const std::span<const int32_t> used(ids.data(), count);
    const int32_t skill = generic ? PickNewSkill(rng, w.generic_skills, w.generic_pick, used)
                                  : PickNewSkill(rng, ind.skills, ind.skill_pick, used);
    if (skill < 0) break;
    ids[count++] = skill;
    const int level =
        std::clamp(base_level + RoundToInt(0.6 * rng.Normal()), kMinSkillLevel, max_level);
    // The first requirement is the core of the post.
    const double importance = k == 0 ? rng.Uniform(1.5, 3.0) : rng.Uniform(0.5, 2.0);
    v.requirements.push_back(
        Requirement{skill, static_cast<int8_t>(level), Round1Decimal(importance)});
  }
  double level_sum = 0.0;
  for (const Requirement& r : v.requirements) level_sum += r.min_level;
  const double mean_level = level_sum / static_cast<double>(v.requirements.size());

  // Monthly wage range, CNY; 2200 is about the local minimum wage.
  double lo = 0.0, hi = 0.0;
  switch (v.kind) {
    case VacancyKind::kRegular:
      lo = spec.wage_base * (0.8 + 0.1 * (mean_level - 1.0)) + kEducationBonus[edu];
      lo *= std::clamp(1.0 + 0.08 * rng.Normal(), 0.8, 1.25);
      lo = std::max(2200.0, Round100(lo));
      hi = Round100(lo * rng.Uniform(1.1, 1.6));
      break;
    case VacancyKind::kTrainee:
      lo = Round100(rng.Uniform(2200.0, 3000.0));
      hi = lo + Round100(rng.Uniform(0.0, 800.0));
      break;
    case VacancyKind::kPublicWelfare:
      lo = Round100(rng.Uniform(2200.0, 2700.0));
      hi = lo + Round100(rng.Uniform(0.0, 300.0));
      break;
    case VacancyKind::kGig:
      lo = std::max(2200.0, Round100(spec.wage_base * rng.Uniform(0.7, 1.0)));
      hi = Round100(lo * rng.Uniform(1.2, 1.8));
      break;
  }
  v.wage_min = static_cast<float>(lo);
  v.wage_max = static_cast<float>(std::max(lo, hi));

  // Schedule: gig work is mostly flexible; mother posts (妈妈岗) cluster in
  // services and assembly lines.
  if (v.kind == VacancyKind::kGig) {
    const double u = rng.Uniform();
    v.schedule = u < 0.70   ? Schedule::kFlexible
                 : u < 0.95 ? Schedule::kFullTime
                            : Schedule::kSchoolHours;
  } else {
    const double p_school =
        v.kind == VacancyKind::kPublicWelfare ? 0.15 : 0.09 * spec.school_hours_factor;
    const double u = rng.Uniform();
    v.schedule = u < p_school          ? Schedule::kSchoolHours
                 : u < p_school + 0.06 ? Schedule::kFlexible
                                       : Schedule::kFullTime;
  }
  v.remote = (v.kind == VacancyKind::kRegular || v.kind == VacancyKind::kTrainee) &&
             rng.Bernoulli(spec.p_remote);

  // Openings: heavy-tailed, most posts 1-3; gig and public-welfare posts and
  // production lines hire in bulk.
  const bool bulk = welfare || v.kind == VacancyKind::kGig || industry == kNev ||
                    industry == kSmartHome || industry == kManufacturing || industry == kLogistics;
  v.openings = 1 + (bulk ? w.openings_flat : w.openings_steep).Sample(rng);

  if (w.dim > 0) {
    v.embedding.assign(w.dim, 0.0f);
    for (const Requirement& r : v.requirements) {
      AddScaled(v.embedding, &w.skill_vectors[static_cast<size_t>(r.skill) * w.dim],
                0.5f + r.importance / 2.0f);
    }
    AddScaled(v.embedding, &w.industry_vectors[static_cast<size_t>(industry) * w.dim], 0.8f);
  }
}

// Appends employer `e`'s vacancies (at most `max_vacancies`).
void GenerateEmployer(const World& w, const CityConfig& c, int64_t e, int64_t max_vacancies,
                      std::vector<Vacancy>& out) {
  Rng rng(StreamSeed(c.seed, kTagEmployer, static_cast<uint64_t>(e)));
  const bool welfare = rng.Bernoulli(kPublicWelfareEmployerRate);
  const int di = w.employer_district.Sample(rng);
  const District& d = w.districts[di];
  const int industry =
      welfare ? static_cast<int>(kPublicServices) : d.employer_industry.Sample(rng);
  const IndustrySpec& spec = kIndustries[industry];
  const Town& t =
      d.towns[(spec.rural_sites ? d.employer_rural_towns : d.employer_towns).Sample(rng)];
  const Village& vil =
      t.villages[(spec.rural_sites ? t.rural_villages : t.urban_villages).Sample(rng)];
  const double sigma = 0.006 * w.radius;
  const double north = vil.north + sigma * rng.TruncatedNormal(3.0);
  const double east = vil.east + sigma * rng.TruncatedNormal(3.0);
  double lat, lon;
  ToLatLon(w, c, north, east, &lat, &lon);
  const bool accessible = rng.Bernoulli(welfare ? 0.6 : spec.p_accessible);
  const std::string employer_id = MakeId('E', e + 1, 5);
  const int size = welfare ? 1 + rng.UniformInt(3) : 1 + w.vacancies_per_employer.Sample(rng);
  const int64_t n = std::min<int64_t>(size, max_vacancies);
  for (int64_t k = 0; k < n; ++k) {
    Vacancy& v = out.emplace_back();
    v.id = MakeId('V', static_cast<int64_t>(out.size()), 6);
    v.employer_id = employer_id;
    v.area = vil.area;
    v.lat = lat;
    v.lon = lon;
    v.accessible = accessible;
    GenerateVacancy(w, rng, industry, welfare, v);
  }
}

void GenerateEmbeddingsNoise(const CityConfig& c, City& city) {
  // Separate streams per row, so embeddings never shift the other fields.
  for (size_t i = 0; i < city.seekers.size(); ++i) {
    Rng rng(StreamSeed(c.seed, kTagSeekerEmbedding, i));
    AddNoise(rng, city.seekers[i].embedding, 0.5);
  }
  for (size_t i = 0; i < city.vacancies.size(); ++i) {
    Rng rng(StreamSeed(c.seed, kTagVacancyEmbedding, i));
    AddNoise(rng, city.vacancies[i].embedding, 0.5);
  }
}

GroupMask GroupBit(const Vocabulary& vocab, std::string_view name) {
  const std::optional<int32_t> id = vocab.FindGroup(name);
  JOBMATCH_CHECK(id.has_value() && *id < kMaxGroups);
  return GroupMask{1} << *id;
}

// P(k) proportional to k^-2.5 (steep: most posts hire one person) or k^-2
// (bulk hiring), k = 1..kMaxOpenings; sqrt keeps it libm-free.
std::vector<double> OpeningsWeights(bool steep) {
  std::vector<double> w;
  for (int k = 1; k <= kMaxOpenings; ++k) {
    const double inv = 1.0 / k;
    double p = inv * inv;
    if (steep) p /= std::sqrt(static_cast<double>(k));
    w.push_back(p);
  }
  return w;
}

}  // namespace

absl::StatusOr<City> GenerateCity(const CityConfig& config) {
  JOBMATCH_RETURN_IF_ERROR(ValidateConfig(config));
  JOBMATCH_RETURN_IF_ERROR(
      CheckMemoryBudget(SaturatingBytes(config.num_seekers + config.num_vacancies,
                                        1024 + 8 * int64_t{config.embedding_dim}),
                        config.memory_budget_bytes,
                        absl::StrCat("a city of ", config.num_seekers, " seekers and ",
                                     config.num_vacancies, " vacancies")));
  City city;
  World w;
  w.radius = config.radius_km;
  w.dim = config.embedding_dim;
  // Local flat map: degrees per km along a meridian and along the centre's
  // parallel (sphere of radius 6371.0088 km).
  constexpr double kKmPerDegree = 111.19492664455873;
  double sin_lat, cos_lat;
  SinCosTurns(config.center_lat / 360.0, &sin_lat, &cos_lat);
  w.km_per_deg_lat = kKmPerDegree;
  w.km_per_deg_lon = kKmPerDegree * cos_lat;

  w.graduate_youth = GroupBit(city.vocab, "graduate_youth");
  w.veteran = GroupBit(city.vocab, "veteran");
  w.disabled = GroupBit(city.vocab, "disabled");
  w.rural_labour = GroupBit(city.vocab, "rural_labour");
  w.hard_to_employ = GroupBit(city.vocab, "hard_to_employ");
  w.zero_employment = GroupBit(city.vocab, "zero_employment_household");
  w.older_worker = GroupBit(city.vocab, "older_worker");

  std::vector<double> bands;
  for (const AgeBand& b : kAgeBands) bands.push_back(b.share);
  w.age_band = MakeCategorical(bands);
  for (int a = 0; a < 3; ++a) w.education_by_age[a] = MakeCategorical(kEducationByAge[a]);
  for (int p = 0; p < 5; ++p) w.min_education[p] = MakeCategorical(kMinEducation[p]);
  w.household_size = MakeCategorical(kHouseholdSize);
  w.seeker_skill_count = MakeCategorical(kSeekerSkillCount);
  w.preferred_count = MakeCategorical(kPreferredCount);
  w.seeker_schedule = MakeCategorical(kSeekerSchedule);
  w.commute = MakeCategorical(kCommuteWeights);
  w.vacancies_per_employer = MakeCategorical(kVacanciesPerEmployer);
  w.regular_req_count = MakeCategorical(kRegularRequirementCount);
  w.regular_min_level = MakeCategorical(kRegularMinLevel);
  w.openings_steep = MakeCategorical(OpeningsWeights(/*steep=*/true));
  w.openings_flat = MakeCategorical(OpeningsWeights(/*steep=*/false));

  BuildMap(w);
  BuildIndustries(w, city.vocab);
  if (w.dim > 0) BuildEmbeddingDirections(w, city.vocab);

  city.seekers.reserve(static_cast<size_t>(config.num_seekers));
  for (int64_t h = 0; static_cast<int64_t>(city.seekers.size()) < config.num_seekers; ++h) {
    GenerateHousehold(w, config, h, config.num_seekers - static_cast<int64_t>(city.seekers.size()),
                      city.seekers);
  }
  city.vacancies.reserve(static_cast<size_t>(config.num_vacancies));
  for (int64_t e = 0; static_cast<int64_t>(city.vacancies.size()) < config.num_vacancies; ++e) {
    GenerateEmployer(w, config, e,
                     config.num_vacancies - static_cast<int64_t>(city.vacancies.size()),
                     city.vacancies);
  }
  if (w.dim > 0) GenerateEmbeddingsNoise(config, city);
  return city;
}

}  // namespace jobmatch
