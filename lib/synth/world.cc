// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
//
// The synthetic city's fixed world: the map (districts, towns, villages and
// communities), the industries with their skills, the embedding directions
// and the categorical tables GenerateHousehold and GenerateEmployer draw
// from. Its random numbers come from a constant seed (kWorldSeed), so every
// population seed lives in the same city.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "jobmatch/base/status_macros.h"
#include "jobmatch/data/vocabulary.h"
#include "jobmatch/synth/generator.h"
#include "synth/internal/city_model.h"
#include "synth/internal/city_tables.h"
#include "synth/internal/random.h"

// Bit-exact output needs every a * b + c rounded twice, never fused into an
// FMA, whatever flags this file is built with (the library's CMake also
// passes -ffp-contract=off; this guards other build systems). Every file of
// the generator that does its floating-point math carries this block after
// its includes.
#if defined(__clang__)
#pragma STDC FP_CONTRACT OFF
#elif defined(__GNUC__)
#pragma GCC optimize("fp-contract=off")
#endif

namespace jobmatch::internal::synth {
namespace {

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

// Group bits and the categorical tables of the seeker and vacancy draws.
void BuildTables(World& w, const Vocabulary& vocab) {
  w.graduate_youth = GroupBit(vocab, "graduate_youth");
  w.veteran = GroupBit(vocab, "veteran");
  w.disabled = GroupBit(vocab, "disabled");
  w.rural_labour = GroupBit(vocab, "rural_labour");
  w.hard_to_employ = GroupBit(vocab, "hard_to_employ");
  w.zero_employment = GroupBit(vocab, "zero_employment_household");
  w.older_worker = GroupBit(vocab, "older_worker");

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
}

}  // namespace

void BuildWorld(const CityConfig& config, Vocabulary& vocab, World& w) {
  w.radius = config.radius_km;
  w.dim = config.embedding_dim;
  // Local flat map: degrees per km along a meridian and along the centre's
  // parallel (sphere of radius 6371.0088 km).
  constexpr double kKmPerDegree = 111.19492664455873;
  double sin_lat, cos_lat;
  SinCosTurns(config.center_lat / 360.0, &sin_lat, &cos_lat);
  w.km_per_deg_lat = kKmPerDegree;
  w.km_per_deg_lon = kKmPerDegree * cos_lat;

  BuildTables(w, vocab);
  BuildMap(w);
  BuildIndustries(w, vocab);
  if (w.dim > 0) BuildEmbeddingDirections(w, vocab);
}

}  // namespace jobmatch::internal::synth
