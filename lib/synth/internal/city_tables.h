// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
//
// Private to lib/synth: the synthetic city's model tables (industries and
// their skills, districts and their towns, the seeker and vacancy shares).
// Every constant's meaning is documented in docs/generator.md; keep the two in
// sync. Changing a value changes the generated data (the golden hash in
// tests/synth/generator_test.cc pins it).
#ifndef JOBMATCH_LIB_SYNTH_INTERNAL_CITY_TABLES_H_
#define JOBMATCH_LIB_SYNTH_INTERNAL_CITY_TABLES_H_

#include <iterator>
#include <span>
#include <string_view>

#include "jobmatch/data/types.h"

namespace jobmatch::internal::synth {

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
inline constexpr double kMinEducation[][kMaxEducation + 1] = {
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
inline constexpr std::string_view kGenericSkills[] = {
    "computer_basics", "safety_training", "customer_service", "mandarin_communication",
    "office_software", "driving_licence_c1", "english_communication", "first_aid",
    "basic_bookkeeping"};
inline constexpr double kGenericWeights[] = {3, 3, 2, 2, 2, 2, 1, 1, 1};

// Most common first: popularity within a trade falls with rank.
inline constexpr std::string_view kItSkills[] = {
    "python_programming", "java_programming", "web_frontend", "software_testing",
    "technical_support", "database_administration", "linux_administration", "network_engineering",
    "mobile_app_development", "cpp_programming", "cloud_computing", "cybersecurity",
    "data_analysis", "devops", "ui_design", "embedded_systems", "it_project_management",
    "integrated_circuit_design", "virtual_reality_development"};
inline constexpr std::string_view kAiSkills[] = {
    "data_labeling", "python_programming", "data_analysis", "machine_learning",
    "big_data_engineering", "deep_learning", "computer_vision", "natural_language_processing",
    "algorithm_design", "statistics", "ai_model_deployment", "speech_recognition",
    "recommendation_systems", "robotics_programming", "gpu_computing", "prompt_engineering",
    "ai_product_management"};
inline constexpr std::string_view kChemicalsSkills[] = {
    "chemical_process_operation", "quality_inspection", "laboratory_analysis",
    "hazardous_chemicals_handling", "equipment_maintenance", "rubber_tire_production",
    "polymer_processing", "process_control_dcs", "materials_testing", "instrument_calibration",
    "coating_technology", "composite_materials", "environmental_monitoring",
    "wastewater_treatment", "safety_engineering", "chemical_engineering_design"};
inline constexpr std::string_view kNevSkills[] = {
    "production_line_operation", "automotive_assembly", "quality_inspection", "welding",
    "painting_spraying", "vehicle_maintenance", "automotive_electronics", "battery_technology",
    "plc_programming", "industrial_robot_operation", "electric_drive_systems", "vehicle_testing",
    "charging_infrastructure_installation", "mechanical_design_cad", "supply_chain_planning",
    "autonomous_driving_software", "embedded_systems"};
inline constexpr std::string_view kSmartHomeSkills[] = {
    "production_line_operation", "electronic_assembly", "quality_inspection", "appliance_repair",
    "after_sales_service", "smt_operation", "injection_moulding", "refrigeration_technology",
    "product_testing", "mould_making", "plc_programming", "e_commerce_operation",
    "embedded_systems", "iot_development", "mechanical_design_cad", "industrial_design",
    "smart_home_installation"};
inline constexpr std::string_view kMarineSkills[] = {
    "seafood_processing", "fishing_operation", "aquaculture", "port_operation", "welding",
    "crane_operation", "ship_building", "cold_chain_management", "marine_equipment_maintenance",
    "seafaring", "navigation", "marine_engineering", "marine_tourism_service", "marine_biology",
    "diving", "marine_survey"};
inline constexpr std::string_view kManufacturingSkills[] = {
    "production_line_operation", "cnc_machining", "welding", "fitter_assembly", "electrician",
    "lathe_operation", "quality_inspection", "equipment_maintenance", "sheet_metal_work",
    "milling", "grinding", "hydraulics_maintenance", "industrial_robot_operation",
    "plc_programming", "mechanical_design_cad", "metrology_inspection", "rail_vehicle_assembly",
    "lean_production"};
inline constexpr std::string_view kLogisticsSkills[] = {
    "delivery_riding", "forklift_operation", "warehouse_management", "packaging", "truck_driving",
    "inventory_control", "logistics_dispatching", "cold_chain_management", "crane_operation",
    "port_operation", "wms_systems", "freight_forwarding", "customs_declaration",
    "supply_chain_planning", "international_trade_documents"};
inline constexpr std::string_view kRetailSkills[] = {
    "sales", "cashier_operation", "merchandising", "product_display", "inventory_control",
    "e_commerce_operation", "online_customer_support", "live_streaming_sales", "food_safety",
    "store_management", "marketing", "procurement", "brand_promotion", "korean_communication",
    "visual_design"};
inline constexpr std::string_view kHospitalitySkills[] = {
    "food_service", "dishwashing", "housekeeping", "cooking_chinese_cuisine",
    "front_desk_reception", "food_safety", "barista", "pastry_baking", "bartending",
    "catering_management", "tour_guiding", "event_planning", "hotel_management",
    "korean_communication", "japanese_communication", "seafood_cuisine"};
inline constexpr std::string_view kHealthcareSkills[] = {
    "elderly_care", "home_care", "hospital_cleaning", "nursing", "infant_care",
    "traditional_chinese_massage", "rehabilitation_therapy", "dementia_care", "pharmacy",
    "medical_records", "nutrition", "health_management", "laboratory_analysis",
    "psychological_counselling", "medical_device_maintenance", "clinical_medicine"};
inline constexpr std::string_view kConstructionSkills[] = {
    "concrete_work", "bricklaying", "rebar_work", "scaffolding", "carpentry",
    "painting_decoration", "tiling", "plumbing", "electrician", "welding", "excavator_operation",
    "crane_operation", "hvac_installation", "surveying", "cost_estimation", "bim_modelling",
    "construction_site_management", "structural_design"};
inline constexpr std::string_view kAgricultureSkills[] = {
    "crop_farming", "greenhouse_vegetables", "fruit_tree_management", "livestock_breeding",
    "agricultural_machinery_operation", "plant_protection", "food_processing", "tea_cultivation",
    "aquaculture", "irrigation", "drone_crop_spraying", "agricultural_e_commerce",
    "seed_production", "veterinary_assistance", "rural_tourism_service"};
inline constexpr std::string_view kEducationSkills[] = {
    "tutoring", "child_care", "preschool_education", "teaching_primary", "teaching_secondary",
    "vocational_training_instruction", "sports_coaching", "music_instruction", "english_teaching",
    "curriculum_design", "educational_technology", "special_education",
    "psychological_counselling", "school_administration", "art_instruction"};
inline constexpr std::string_view kPublicServicesSkills[] = {
    "cleaning_sanitation", "security_guard", "greenery_maintenance", "community_service",
    "property_management", "data_entry", "canteen_assistant", "parking_attendant",
    "call_centre_service", "office_administration", "social_work", "public_facility_maintenance",
    "archives_management", "traffic_assistance", "elderly_visiting"};
inline constexpr std::string_view kBiomedicineSkills[] = {
    "quality_inspection", "pharmaceutical_production_gmp", "laboratory_analysis",
    "cleanroom_operation", "drug_sales", "analytical_chemistry_hplc", "microbiology",
    "cell_culture", "fermentation_technology", "biochemistry", "medical_device_assembly",
    "clinical_research_coordination", "regulatory_affairs", "bioinformatics", "marine_biology",
    "pharmacy"};

// In Ind order. The first five are the "10+1" industries the policy names
// (新一代信息技术, 人工智能, 高端化工与新材料, 智能网联新能源汽车, 智能家电).
inline constexpr IndustrySpec kIndustries[kNumIndustries] = {
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
inline constexpr std::string_view kShinanTowns[] = {
    "八大关街道", "香港中路街道", "八大湖街道", "湛山街道", "金门路街道", "珠海路街道",
    "江苏路街道", "中山路街道", "云南路街道", "八大峡街道", "金湖路街道"};
inline constexpr std::string_view kShibeiTowns[] = {
    "台东街道", "辽宁路街道", "登州路街道", "宁夏路街道", "敦化路街道", "浮山新区街道",
    "合肥路街道", "湖岛街道", "四方街道", "洛阳路街道", "双山街道", "阜新路街道"};
inline constexpr std::string_view kLicangTowns[] = {
    "李村街道", "虎山路街道", "浮山路街道", "振华路街道", "兴华路街道", "湘潭路街道", "楼山街道",
    "九水街道", "世园街道"};
inline constexpr std::string_view kLaoshanTowns[] = {
    "中韩街道", "金家岭街道", "沙子口街道", "王哥庄街道", "北宅街道"};
inline constexpr std::string_view kHuangdaoTowns[] = {
    "黄岛街道", "辛安街道", "薛家岛街道", "长江路街道", "灵珠山街道", "隐珠街道", "珠海街道",
    "灵山卫街道", "张家楼街道", "王台镇", "藏南镇", "宝山镇", "大场镇", "六汪镇"};
inline constexpr std::string_view kChengyangTowns[] = {
    "城阳街道", "流亭街道", "夏庄街道", "惜福镇街道", "棘洪滩街道", "上马街道", "河套街道",
    "红岛街道"};
inline constexpr std::string_view kJimoTowns[] = {
    "环秀街道", "潮海街道", "通济街道", "北安街道", "龙山街道", "鳌山卫街道", "温泉街道",
    "蓝村街道", "田横镇", "金口镇", "移风店镇", "段泊岚镇"};
inline constexpr std::string_view kJiaozhouTowns[] = {
    "阜安街道", "中云街道", "三里河街道", "九龙街道", "胶东街道", "胶北街道", "胶西街道",
    "李哥庄镇", "铺集镇", "里岔镇", "洋河镇"};
inline constexpr std::string_view kPingduTowns[] = {
    "李园街道", "东阁街道", "凤台街道", "同和街道", "白沙河街道", "南村镇", "蓼兰镇", "崔家集镇",
    "明村镇", "田庄镇", "新河镇", "店子镇", "大泽山镇", "旧店镇", "云山镇", "古岘镇", "仁兆镇"};
inline constexpr std::string_view kLaixiTowns[] = {
    "水集街道", "望城街道", "沽河街道", "姜山镇", "夏格庄镇", "院上镇", "日庄镇", "南墅镇",
    "河头店镇", "店埠镇", "马连庄镇"};

// Industry clusters: employers of an industry are `factor` times as likely
// there; seekers sqrt(factor).
inline constexpr IndustryBoost kShinanBoosts[] = {
    {kIt, 2.0}, {kHospitality, 1.8}, {kRetail, 1.5}, {kEducation, 1.3}, {kManufacturing, 0.2},
    {kChemicals, 0.05}, {kNev, 0.1}, {kAgriculture, 0.02}, {kConstruction, 0.6}};
inline constexpr IndustryBoost kShibeiBoosts[] = {
    {kRetail, 1.5}, {kHealthcare, 1.5}, {kIt, 1.3}, {kManufacturing, 0.5}, {kChemicals, 0.2},
    {kAgriculture, 0.05}};
inline constexpr IndustryBoost kLicangBoosts[] = {
    {kRetail, 1.3}, {kLogistics, 1.2}, {kSmartHome, 1.2}, {kAgriculture, 0.1}};
inline constexpr IndustryBoost kLaoshanBoosts[] = {
    {kAi, 3.0}, {kIt, 2.5}, {kBiomedicine, 2.0}, {kSmartHome, 2.0}, {kChemicals, 0.2},
    {kAgriculture, 0.5}};
inline constexpr IndustryBoost kHuangdaoBoosts[] = {
    {kChemicals, 3.0}, {kMarine, 3.0}, {kManufacturing, 1.5}, {kSmartHome, 1.5}, {kLogistics, 1.5}};
inline constexpr IndustryBoost kChengyangBoosts[] = {
    {kManufacturing, 2.0}, {kLogistics, 1.5}, {kNev, 1.2}, {kBiomedicine, 1.3}};
inline constexpr IndustryBoost kJimoBoosts[] = {
    {kNev, 3.0}, {kManufacturing, 1.5}, {kMarine, 1.2}, {kAgriculture, 1.5}, {kIt, 0.5}};
inline constexpr IndustryBoost kJiaozhouBoosts[] = {
    {kLogistics, 2.5}, {kManufacturing, 1.5}, {kAgriculture, 2.0}, {kIt, 0.4}, {kAi, 0.3}};
inline constexpr IndustryBoost kPingduBoosts[] = {
    {kAgriculture, 4.0}, {kChemicals, 1.5}, {kConstruction, 1.5}, {kIt, 0.2}, {kAi, 0.1},
    {kBiomedicine, 0.3}};
inline constexpr IndustryBoost kLaixiBoosts[] = {
    {kAgriculture, 4.0}, {kNev, 1.5}, {kConstruction, 1.3}, {kIt, 0.2}, {kAi, 0.1},
    {kBiomedicine, 0.3}};

// Outer districts lie farther out and are more rural; geometry is in units
// of radius_km so any radius keeps every place within it.
inline constexpr DistrictSpec kDistricts[] = {
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

inline constexpr int kNumDistricts = static_cast<int>(std::size(kDistricts));

// Seeker ages (latent; only groups, levels and education show it):
// bands [lo, hi] with shares.
struct AgeBand {
  int lo, hi;
  double share;
};
inline constexpr AgeBand kAgeBands[] = {{16, 24, 0.22}, {25, 34, 0.27},  {35, 44, 0.23},
                                        {45, 49, 0.16}, {50, 54, 0.075}, {55, 64, 0.045}};
// Education by age class (<=24, 25-44, >=45), P(level 0..6).
inline constexpr double kEducationByAge[3][kMaxEducation + 1] = {
    {0.000, 0.01, 0.08, 0.21, 0.30, 0.35, 0.05},
    {0.005, 0.03, 0.24, 0.28, 0.20, 0.21, 0.035},
    {0.030, 0.12, 0.45, 0.27, 0.08, 0.05, 0.00},
};
// Age at which working life starts, by education.
inline constexpr int kStartAge[kMaxEducation + 1] = {16, 16, 17, 19, 21, 22, 25};
// Wage premium of an education level, CNY/month.
inline constexpr double kEducationBonus[kMaxEducation + 1] = {0, 0, 0, 300, 800, 1500, 3000};

// Household sizes 1..4.
inline constexpr double kHouseholdSize[] = {0.45, 0.30, 0.18, 0.07};
// Share of multi-member households that are zero-employment households.
inline constexpr double kZeroEmploymentRate = 0.015;
// Number of skills 2..8.
inline constexpr double kSeekerSkillCount[] = {0.15, 0.22, 0.22, 0.17, 0.12, 0.07, 0.05};
inline constexpr double kPreferredCount[] = {0.55, 0.30, 0.15};
// Schedules in enum order: full_time, school_hours, flexible, any.
inline constexpr double kSeekerSchedule[] = {0.55, 0.06, 0.11, 0.28};
inline constexpr double kCommuteKm[] = {5, 8, 10, 15, 20, 25, 30};
inline constexpr double kCommuteWeights[] = {0.15, 0.15, 0.25, 0.20, 0.13, 0.05, 0.07};

// Vacancies per employer 1..12.
inline constexpr double kVacanciesPerEmployer[] = {0.30, 0.22, 0.15, 0.10, 0.08, 0.05,
                                                   0.04, 0.03, 0.00, 0.02, 0.00, 0.01};
// Share of employers that are public-welfare post providers (街道/社区).
inline constexpr double kPublicWelfareEmployerRate = 0.06;
inline constexpr double kRegularRequirementCount[] = {0.10, 0.22, 0.28, 0.20, 0.12, 0.08};
inline constexpr double kRegularMinLevel[] = {0.08, 0.27, 0.32, 0.20, 0.09, 0.04};
inline constexpr int kMaxOpenings = 20;

}  // namespace jobmatch::internal::synth

#endif  // JOBMATCH_LIB_SYNTH_INTERNAL_CITY_TABLES_H_
