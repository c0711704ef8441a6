// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
#include "jobmatch/scoring/scorer.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "base/internal/absl_compat.h"
#include "jobmatch/base/status_macros.h"
#include "jobmatch/policy/policy_check.h"
#include "scoring/internal/scorer_internal.h"

namespace jobmatch {
namespace {

constexpr float kNegInf = -std::numeric_limits<float>::infinity();
constexpr int64_t kMaxBoostTable = int64_t{1} << 26;

bool Contains(const auto& v, const auto& x) { return std::find(v.begin(), v.end(), x) != v.end(); }

}  // namespace

std::string_view IneligibleReasonName(IneligibleReason r) {
  switch (r) {
    case IneligibleReason::kCommute:
      return "beyond_max_commute";
    case IneligibleReason::kAccessibility:
      return "workplace_not_accessible";
    case IneligibleReason::kKindRestricted:
      return "post_kind_reserved_for_other_groups";
    case IneligibleReason::kEducation:
      return "below_min_education";
    case IneligibleReason::kWage:
      return "below_reservation_wage";
  }
  return "unknown";
}

namespace internal {

uint64_t CompiledScorer::SeekerRuleMask(int64_t s) const {
  uint64_t m = 0;
  const GroupMask g = seekers->groups()[s];
  const auto sched = static_cast<Schedule>(seekers->schedule()[s]);
  const int32_t months = seekers->months_unemployed()[s];
  for (size_t r = 0; r < policy.rules.size(); ++r) {
    const PriorityRule& rule = policy.rules[r];
    bool ok = rule_groups[r] == 0 || (g & rule_groups[r]) != 0;
    ok = ok && months >= rule.min_months_unemployed;
    ok = ok && (rule.seeker_schedules.empty() || Contains(rule.seeker_schedules, sched));
    if (ok) m |= uint64_t{1} << r;
  }
  return m;
}

uint64_t CompiledScorer::VacancyRuleMask(int64_t v) const {
  uint64_t m = 0;
  const auto kind = static_cast<VacancyKind>(vacancies->kind()[v]);
  const auto sched = static_cast<Schedule>(vacancies->schedule()[v]);
  const int32_t ind = vacancies->industry()[v];
  for (size_t r = 0; r < policy.rules.size(); ++r) {
    const PriorityRule& rule = policy.rules[r];
    bool ok = rule.kinds.empty() || Contains(rule.kinds, kind);
    ok = ok && (rule_industries[r].empty() || Contains(rule_industries[r], ind));
    ok = ok && (rule.schedules.empty() || Contains(rule.schedules, sched));
    if (ok) m |= uint64_t{1} << r;
  }
  return m;
}

VacancyRow CompiledScorer::MakeVacancyRow(int64_t v) const {
  const VacancyTable& t = *vacancies;
  VacancyRow row{};
  row.px = t.points()(v, 0);
  row.py = t.points()(v, 1);
  row.pz = t.points()(v, 2);
  row.wage_max = t.wage_max()[v];
  row.min_education = static_cast<float>(t.min_education()[v]);
  row.schedule = t.schedule()[v];
  row.kind = t.kind()[v];
  row.accessible = t.accessible()[v];
  row.remote = t.remote()[v];
  row.industry = t.industry()[v];
  const int64_t b = t.requirements().offsets[v];
  row.num_req = static_cast<int>(t.requirements().offsets[v + 1] - b);
  row.req_skill = req_skill.data() + b;
  row.req_level = req_level.data() + b;
  row.req_nimp = req_nimp.data() + b;
  row.boost =
      boost_table.data() + int64_t{vac_mask_id[v]} * static_cast<int64_t>(profile_masks.size());
  return row;
}

template <typename RowAt>
void ChunkBuffer::FillImpl(const CompiledScorer& cs, int64_t n, RowAt row_at) {
  const SeekerTable& t = *cs.seekers;
  auto sized = [n](auto& v) { v.resize(static_cast<size_t>(n)); };
  sized(px_);
  sized(py_);
  sized(pz_);
  sized(commute_);
  sized(res_);
  sized(edu_);
  for (auto& s : sf_) sized(s);
  sized(pn_);
  sized(elig_);
  sized(profile_);
  const int words = cs.params.pref_words;
  pref_bits_.assign(static_cast<size_t>(n) * words, 0);
  const int ns = cs.params.num_skills;
  // 3 bytes of slack: the transposed kernel loads levels 4 bytes at a time.
  levels_.assign(static_cast<size_t>(n) * ns + 3, 0);
  const Policy& p = cs.policy;
  for (int64_t j = 0; j < n; ++j) {
    const int64_t s = row_at(j);
    px_[j] = t.points()(s, 0);
    py_[j] = t.points()(s, 1);
    pz_[j] = t.points()(s, 2);
    commute_[j] = cs.commute_km[s];
    res_[j] = t.reservation_wage()[s];
    edu_[j] = static_cast<float>(t.education()[s]);
    const int sched = t.schedule()[s];
    for (int b = 0; b < kNumVacancySchedules; ++b) sf_[b][j] = p.schedule_fit[sched][b];
    pn_[j] = cs.pref_neutral[s];
    for (int32_t ind : t.preferred_industries().row(s)) {
      pref_bits_[static_cast<size_t>(ind / 64) * n + j] |= uint64_t{1} << (ind % 64);
    }
    elig_[j] = cs.elig[s];
    profile_[j] = cs.profile[s];
    for (const SkillLevel& sl : t.skills().row(s)) {
      levels_[static_cast<size_t>(sl.skill) * n + j] = static_cast<uint8_t>(sl.level);
    }
  }
  const int d = cs.params.embedding_dim;
  if (cs.use_embeddings) {
    emb_.resize(static_cast<size_t>(n) * d);
    for (int64_t j = 0; j < n; ++j) {
      const float* src = t.embeddings().row(row_at(j)).data();
      std::copy(src, src + d, emb_.data() + j * d);
    }
    packed_.resize(static_cast<size_t>(internal::PackedSize(n, d)));
    internal::PackPanels(emb_.data(), d, n, d, packed_.data());
  }
  chunk_.n = n;
  chunk_.px = px_.data();
  chunk_.py = py_.data();
  chunk_.pz = pz_.data();
  chunk_.commute_km = commute_.data();
  chunk_.reservation = res_.data();
  chunk_.education = edu_.data();
  for (int b = 0; b < 3; ++b) chunk_.sched_fit[b] = sf_[b].data();
  chunk_.pref_neutral = pn_.data();
  chunk_.pref_bits = pref_bits_.data();
  chunk_.elig = elig_.data();
  chunk_.profile = profile_.data();
  chunk_.levels = levels_.data();
}

void ChunkBuffer::Fill(const CompiledScorer& cs, absl::Span<const int64_t> rows) {
  FillImpl(cs, static_cast<int64_t>(rows.size()), [&](int64_t j) { return rows[j]; });
}

void ChunkBuffer::FillRange(const CompiledScorer& cs, int64_t begin, int64_t end) {
  FillImpl(cs, end - begin, [begin](int64_t j) { return begin + j; });
}

}  // namespace internal

Scorer::Scorer(Scorer&&) noexcept = default;
Scorer& Scorer::operator=(Scorer&&) noexcept = default;
Scorer::~Scorer() = default;

const Policy& Scorer::policy() const { return compiled_->policy; }
bool Scorer::uses_embeddings() const { return compiled_->use_embeddings; }

absl::StatusOr<Scorer> Scorer::Create(Policy policy, Vocabulary vocab, SeekerTable seekers,
                                      VacancyTable vacancies) {
  JOBMATCH_ASSIGN_OR_RETURN(
      std::shared_ptr<const Dataset> data,
      Dataset::FromShared(std::make_shared<const Vocabulary>(std::move(vocab)),
                          std::make_shared<const SeekerTable>(std::move(seekers)),
                          std::make_shared<const VacancyTable>(std::move(vacancies)),
                          std::make_shared<const Policy>(std::move(policy))));
  return Create(std::move(data));
}

namespace {

using internal::CompiledScorer;

// The kernel's parameters: weights normalised over the components in use,
// the policy's constants and switches, the vocabulary's sizes.
absl::Status CompileParams(const Policy& p, const Vocabulary& vocab, int ds, int dv,
                           CompiledScorer& cs) {
  if (ds > 0 && dv > 0 && ds != dv) {
    return absl::InvalidArgumentError(
        absl::StrCat("seeker embeddings have dimension ", ds, ", vacancy embeddings ", dv));
  }
  cs.use_embeddings = p.weights[1] > 0.0f && ds > 0 && dv > 0;
  float wsum = 0.0f;
  for (int c = 0; c < kNumComponents; ++c) {
    if (c == 1 && !cs.use_embeddings) continue;
    wsum += p.weights[c];
  }
  if (!(wsum > 0.0f)) {
    return absl::InvalidArgumentError("policy: the weights of the components in use sum to 0");
  }
  for (int c = 0; c < kNumComponents; ++c) {
    cs.params.w[c] = (c == 1 && !cs.use_embeddings) ? 0.0f : p.weights[c] / wsum;
  }
  cs.params.partial_credit_per_grade = p.partial_credit_per_grade;
  cs.params.wage_zero_ratio = p.wage_zero_ratio;
  cs.params.wage_inv_span = 1.0f / (1.0f - p.wage_zero_ratio);
  cs.params.education_penalty_per_level = p.education_penalty_per_level;
  cs.params.enforce_max_commute = p.eligibility.enforce_max_commute ? 1 : 0;
  cs.params.enforce_min_education = p.eligibility.enforce_min_education ? 1 : 0;
  cs.params.enforce_reservation_wage = p.eligibility.enforce_reservation_wage ? 1 : 0;
  cs.params.num_skills = std::max<int32_t>(1, vocab.skills().size());
  cs.params.pref_words = std::max<int32_t>(1, (vocab.industries().size() + 63) / 64);
  cs.params.embedding_dim = cs.use_embeddings ? ds : 0;
  return absl::OkStatus();
}

// Per seeker: commute limit, neutral preference, eligibility bits and rule
// profile (distinct seeker-side rule masks, numbered in order of appearance).
void CompileSeekers(const Policy& p, const SeekerTable& seekers, CompiledScorer& cs) {
  const int64_t ns = seekers.size();
  cs.commute_km.resize(ns);
  cs.pref_neutral.resize(ns);
  cs.elig.resize(ns);
  cs.profile.resize(ns);
  absl::flat_hash_map<uint64_t, int32_t> profile_ids;
  for (int64_t s = 0; s < ns; ++s) {
    const float mc = seekers.max_commute_km()[s];
    cs.commute_km[s] = mc > 0.0f ? mc : p.default_max_commute_km;
    cs.pref_neutral[s] =
        seekers.preferred_industries().row(s).empty() ? p.neutral_preference : -1.0f;
    uint32_t e = 0;
    const GroupMask g = seekers.groups()[s];
    for (int k = 0; k < kNumVacancyKinds; ++k) {
      if (cs.kind_groups[k] == 0 || (g & cs.kind_groups[k]) != 0) e |= 1u << k;
    }
    if (!p.eligibility.enforce_accessibility || !seekers.needs_accessibility()[s]) {
      e |= internal::kEligNoAccessNeed;
    }
    if (seekers.accepts_remote()[s]) e |= internal::kEligAcceptsRemote;
    cs.elig[s] = e;
    const uint64_t m = cs.SeekerRuleMask(s);
    auto [it, inserted] = profile_ids.try_emplace(m, static_cast<int32_t>(cs.profile_masks.size()));
    if (inserted) cs.profile_masks.push_back(m);
    cs.profile[s] = it->second;
  }
  if (cs.profile_masks.empty()) cs.profile_masks.push_back(0);
}

// Per vacancy its rule mask id; then the capped boost of every (vacancy
// mask, seeker profile) pair, and the switches that depend on it.
absl::Status CompileBoosts(const Policy& p, int64_t nv, CompiledScorer& cs) {
  absl::flat_hash_map<uint64_t, int32_t> mask_ids;
  cs.vac_mask_id.resize(nv);
  for (int64_t v = 0; v < nv; ++v) {
    const uint64_t m = cs.VacancyRuleMask(v);
    auto [it, inserted] = mask_ids.try_emplace(m, static_cast<int32_t>(cs.distinct_masks.size()));
    if (inserted) cs.distinct_masks.push_back(m);
    cs.vac_mask_id[v] = it->second;
  }
  const int64_t np = static_cast<int64_t>(cs.profile_masks.size());
  const int64_t nm = static_cast<int64_t>(cs.distinct_masks.size());
  if (np * nm > kMaxBoostTable) {
    return absl::ResourceExhaustedError(
        absl::StrCat("policy: ", np, " seeker profiles x ", nm,
                     " vacancy profiles exceed the boost table limit; simplify the rules"));
  }
  cs.boost_table.resize(static_cast<size_t>(np * nm));
  for (int64_t mi = 0; mi < nm; ++mi) {
    for (int64_t pi = 0; pi < np; ++pi) {
      const uint64_t both = cs.distinct_masks[mi] & cs.profile_masks[pi];
      float sum = 0.0f;
      for (size_t r = 0; r < p.rules.size(); ++r) {
        if ((both >> r) & 1) sum += p.rules[r].weight;
      }
      cs.boost_table[mi * np + pi] = std::min(p.max_total_boost, sum);
    }
  }
  const Eligibility& el = p.eligibility;
  cs.params.need_distance = (cs.params.w[2] != 0.0f || el.enforce_max_commute) ? 1 : 0;
  cs.params.need_eligibility =
      (el.enforce_max_commute || el.enforce_accessibility || el.enforce_min_education ||
       el.enforce_reservation_wage || !el.kind_restrictions.empty())
          ? 1
          : 0;
  cs.params.has_boost = 0;
  for (float b : cs.boost_table) cs.params.has_boost |= b != 0.0f ? 1 : 0;
  return absl::OkStatus();
}

// Requirements as the kernel reads them: level as float, importance as a
// share of the vacancy's total, skill id.
void CompileRequirements(const VacancyTable& vacancies, CompiledScorer& cs) {
  const RaggedArray<Requirement>& req = vacancies.requirements();
  cs.req_level.resize(req.values.size());
  cs.req_nimp.resize(req.values.size());
  cs.req_skill.resize(req.values.size());
  for (int64_t v = 0; v < vacancies.size(); ++v) {
    float total = 0.0f;
    for (const Requirement& r : req.row(v)) total += r.importance;
    // Importances are finite but their float sum can overflow (3e38 + 3e38):
    // then the shares are taken in double, which cannot overflow (at most one
    // requirement per skill, each below 3.5e38). Sums that fit keep the float
    // arithmetic, so scores stay what they were, bit for bit.
    double wide_total = 0.0;
    if (!std::isfinite(total)) {
      for (const Requirement& r : req.row(v)) wide_total += static_cast<double>(r.importance);
    }
    const int64_t b = req.offsets[v];
    auto row = req.row(v);
    for (size_t i = 0; i < row.size(); ++i) {
      cs.req_level[b + i] = static_cast<float>(row[i].min_level);
      cs.req_nimp[b + i] =
          std::isfinite(total)
              ? row[i].importance / total
              : static_cast<float>(static_cast<double>(row[i].importance) / wide_total);
      cs.req_skill[b + i] = row[i].skill;
    }
  }
}

}  // namespace

absl::StatusOr<Scorer> Scorer::Create(std::shared_ptr<const Dataset> data) {
  if (data == nullptr) return absl::InvalidArgumentError("Scorer::Create: no dataset");
  const Vocabulary& vocab = data->vocabulary();
  const SeekerTable& seekers = data->seekers();
  const VacancyTable& vacancies = data->vacancies();
  auto cs = std::make_unique<internal::CompiledScorer>();
  cs->policy = data->policy();
  cs->seekers = &seekers;
  cs->vacancies = &vacancies;
  const Policy& p = cs->policy;

  // Every policy check, and the names resolved to ids, in one place
  // (policy_check.h): a Policy built in C++ meets the rules of a policy file.
  JOBMATCH_ASSIGN_OR_RETURN(ResolvedPolicy resolved, ResolvePolicy(p, vocab));
  JOBMATCH_RETURN_IF_ERROR(
      CompileParams(p, vocab, seekers.embedding_dim(), vacancies.embedding_dim(), *cs));
  cs->rule_groups = std::move(resolved.rule_groups);
  cs->rule_industries = std::move(resolved.rule_industries);
  for (int k = 0; k < kNumVacancyKinds; ++k) cs->kind_groups[k] = resolved.kind_groups[k];
  CompileSeekers(p, seekers, *cs);
  JOBMATCH_RETURN_IF_ERROR(CompileBoosts(p, vacancies.size(), *cs));
  CompileRequirements(vacancies, *cs);

  Scorer scorer;
  scorer.data_ = std::move(data);
  scorer.compiled_ = std::move(cs);
  return scorer;
}

float Scorer::Score(int64_t s, int64_t v) const {
  JOBMATCH_CHECK(s >= 0 && s < data_->seekers().size() && v >= 0 && v < data_->vacancies().size());
  const internal::CompiledScorer& cs = *compiled_;
  const internal::KernelSet& k = internal::ActiveKernels();
  internal::ChunkBuffer buf;
  const int64_t rows[1] = {s};
  buf.Fill(cs, rows);
  float dot = 0.0f;
  if (cs.use_embeddings) {
    dot = k.dot(data_->vacancies().embeddings().row(v).data(),
                data_->seekers().embeddings().row(s).data(), cs.params.embedding_dim);
  }
  float out = 0.0f;
  k.score_row(cs.params, buf.chunk(), cs.MakeVacancyRow(v), &dot, &out);
  return out;
}

bool Scorer::Eligible(int64_t s, int64_t v) const { return Explain(s, v).eligible; }

// An independent, scalar restatement of the kernel's formula (score_kernel_impl.inc).
namespace {

// Skill coverage of vacancy v by seeker s, summed like the kernel.
float ExplainCoverage(const CompiledScorer& cs, const SeekerTable& S, const VacancyTable& V,
                      int64_t s, int64_t v) {
  auto req = V.requirements().row(v);
  auto held = S.skills().row(s);
  const int64_t b = V.requirements().offsets[v];
  float cov = 0.0f;
  for (size_t i = 0; i < req.size(); ++i) {
    int level = 0;
    for (const SkillLevel& sl : held) {
      if (sl.skill == req[i].skill) level = sl.level;
    }
    const float lvl = static_cast<float>(level);
    const float need = cs.req_level[b + i];
    float credit;
    if (level == 0) {
      credit = 0.0f;
    } else if (lvl >= need) {
      credit = 1.0f;
    } else {
      credit = std::max(0.0f, 1.0f - cs.policy.partial_credit_per_grade * (need - lvl));
    }
    cov = cov + cs.req_nimp[b + i] * credit;
  }
  return req.empty() ? 1.0f : cov;
}

// The components after skills (embedding, distance, wage, schedule,
// education, preference) and the distance facts.
void ExplainOtherComponents(const CompiledScorer& cs, const SeekerTable& S, const VacancyTable& V,
                            int64_t s, int64_t v, Explanation& e) {
  const Policy& p = cs.policy;
  if (cs.use_embeddings) {
    const float dot = internal::ActiveKernels().dot(
        V.embeddings().row(v).data(), S.embeddings().row(s).data(), cs.params.embedding_dim);
    e.value[1] = std::min(1.0f, std::max(0.0f, 0.5f * (1.0f + dot)));
  }
  const float dx = S.points()(s, 0) - V.points()(v, 0);
  const float dy = S.points()(s, 1) - V.points()(v, 1);
  const float dz = S.points()(s, 2) - V.points()(v, 2);
  const float d = std::sqrt(dx * dx + dy * dy + dz * dz);
  e.distance_km = d;
  e.remote = V.remote()[v] && S.accepts_remote()[s];
  e.value[2] = e.remote ? 1.0f : std::max(0.0f, 1.0f - d / cs.commute_km[s]);
  const float res = S.reservation_wage()[s];
  if (res > 0.0f) {
    const float ratio = V.wage_max()[v] / res;
    e.value[3] =
        std::min(1.0f, std::max(0.0f, (ratio - p.wage_zero_ratio) * cs.params.wage_inv_span));
  } else {
    e.value[3] = 1.0f;
  }
  e.value[4] = p.schedule_fit[S.schedule()[s]][V.schedule()[v]];
  const float gap = static_cast<float>(V.min_education()[v]) - static_cast<float>(S.education()[s]);
  e.value[5] = gap <= 0.0f ? 1.0f : std::max(0.0f, 1.0f - p.education_penalty_per_level * gap);
  auto prefs = S.preferred_industries().row(s);
  e.value[6] =
      prefs.empty() ? p.neutral_preference : (Contains(prefs, V.industry()[v]) ? 1.0f : 0.0f);
}

// The priority rules that fire for the pair, and the capped boost.
void ExplainRules(const CompiledScorer& cs, int64_t s, int64_t v, Explanation& e) {
  const Policy& p = cs.policy;
  const uint64_t fired = cs.SeekerRuleMask(s) & cs.VacancyRuleMask(v);
  float sum = 0.0f;
  for (size_t r = 0; r < p.rules.size(); ++r) {
    if ((fired >> r) & 1) {
      sum += p.rules[r].weight;
      e.rules.push_back({p.rules[r].name, p.rules[r].weight});
    }
  }
  e.boost_uncapped = sum;
  e.boost = std::min(p.max_total_boost, sum);
}

// Every hard rule the pair breaks (distance and remote already explained).
void ExplainEligibility(const CompiledScorer& cs, const SeekerTable& S, const VacancyTable& V,
                        int64_t s, int64_t v, Explanation& e) {
  const Policy& p = cs.policy;
  const GroupMask kg = cs.kind_groups[V.kind()[v]];
  if (kg != 0 && (S.groups()[s] & kg) == 0) {
    e.ineligible.push_back(IneligibleReason::kKindRestricted);
  }
  if (p.eligibility.enforce_accessibility && S.needs_accessibility()[s] && !V.accessible()[v] &&
      !e.remote) {
    e.ineligible.push_back(IneligibleReason::kAccessibility);
  }
  if (p.eligibility.enforce_max_commute && !e.remote && !(e.distance_km <= cs.commute_km[s])) {
    e.ineligible.push_back(IneligibleReason::kCommute);
  }
  if (p.eligibility.enforce_min_education && S.education()[s] < V.min_education()[v]) {
    e.ineligible.push_back(IneligibleReason::kEducation);
  }
  if (p.eligibility.enforce_reservation_wage && !(S.reservation_wage()[s] <= V.wage_max()[v])) {
    e.ineligible.push_back(IneligibleReason::kWage);
  }
}

}  // namespace

Explanation Scorer::Explain(int64_t s, int64_t v) const {
  JOBMATCH_CHECK(s >= 0 && s < data_->seekers().size() && v >= 0 && v < data_->vacancies().size());
  const internal::CompiledScorer& cs = *compiled_;
  const SeekerTable& S = data_->seekers();
  const VacancyTable& V = data_->vacancies();
  Explanation e;
  e.seeker = s;
  e.vacancy = v;
  for (int c = 0; c < kNumComponents; ++c) {
    e.weight[c] = cs.params.w[c];
    e.used[c] = cs.params.w[c] != 0.0f;
  }
  e.value[0] = ExplainCoverage(cs, S, V, s, v);
  ExplainOtherComponents(cs, S, V, s, v, e);
  float base = 0.0f;
  for (int c = 0; c < kNumComponents; ++c) {
    if (e.used[c]) base = base + e.weight[c] * e.value[c];
  }
  e.base = base;
  ExplainRules(cs, s, v, e);
  ExplainEligibility(cs, S, V, s, v, e);
  e.eligible = e.ineligible.empty();
  e.score = e.eligible ? e.base + e.boost : kNegInf;
  return e;
}

std::string Explanation::ToString(const SeekerTable& seekers, const VacancyTable& vacancies) const {
  std::string out =
      absl::StrFormat("seeker %s -> vacancy %s\n", seekers.ids()[seeker], vacancies.ids()[vacancy]);
  if (eligible) {
    absl::StrAppendFormat(&out, "  score %.6f = base %.6f + priority boost %.6f\n", score, base,
                          boost);
  } else {
    std::vector<std::string> why;
    for (IneligibleReason r : ineligible) why.emplace_back(IneligibleReasonName(r));
    absl::StrAppendFormat(&out, "  INELIGIBLE: %s\n  (would score base %.6f + boost %.6f)\n",
                          absl::StrJoin(why, ", "), base, boost);
  }
  absl::StrAppendFormat(&out, "  %-11s %8s %8s %12s\n", "component", "value", "weight",
                        "contribution");
  for (int c = 0; c < kNumComponents; ++c) {
    if (!used[c]) continue;
    absl::StrAppendFormat(&out, "  %-11s %8.4f %8.4f %12.6f\n",
                          ComponentName(static_cast<Component>(c)), value[c], weight[c],
                          value[c] * weight[c]);
  }
  absl::StrAppendFormat(&out, "  distance %.2f km%s\n", distance_km,
                        remote ? " (remote work: commute not required)" : "");
  if (rules.empty()) {
    out += "  priority rules fired: none\n";
  } else {
    out += "  priority rules fired:\n";
    for (const FiredRule& r : rules)
      absl::StrAppendFormat(&out, "    %-36s +%.4f\n", r.name, r.weight);
    if (boost < boost_uncapped) {
      absl::StrAppendFormat(&out, "    (sum %.4f capped at %.4f)\n", boost_uncapped, boost);
    }
  }
  return out;
}

std::string_view ScoringKernelName() { return internal::ActiveKernels().name; }

}  // namespace jobmatch
