# Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
"""Random policy files for the Python-driven tests (the C++ tests have
testing::RandomPolicy in test_util.h).

random_policy(rng) returns a policy document (a dict for json.dump): weights
from 0 to 5 with zeros, every eligibility switch, up to 10 priority rules on
one or two key groups, months unemployed or schedules, and up to three kind
restrictions; default commutes from 1 m to 20 000 km. Some documents are
refused by the policy checker (a measure that reaches most key groups but
leaves out a protected one): callers draw again. Standard library only.
"""

KINDS = ["regular", "trainee", "public_welfare", "gig"]
GROUPS = ["graduate_youth", "veteran", "disabled", "rural_labour", "hard_to_employ",
          "zero_employment_household", "older_worker"]
SEEKER_SCHEDULES = ["full_time", "school_hours", "flexible", "any"]
SCHEDULES = ["full_time", "school_hours", "flexible"]
WEIGHTS = ["skill", "embedding", "distance", "wage", "schedule", "education", "preference"]


def random_policy(rng):
    weights = {k: rng.choice([0, 0, rng.random(), rng.uniform(0, 5), 1e-3]) for k in WEIGHTS}
    if all(v == 0 for k, v in weights.items() if k != "embedding"):
        weights["skill"] = 0.4
    rules = []
    for i in range(rng.randint(0, 10)):
        rule = {"name": f"rule_{i}", "weight": rng.choice([0, rng.random() * 0.3, rng.random() * 3])}
        condition = rng.choice(["groups", "months", "schedule"])
        if condition == "groups":
            rule["groups"] = rng.sample(GROUPS, rng.randint(1, 2))
        elif condition == "months":
            rule["min_months_unemployed"] = rng.randint(1, 30)
        else:
            rule["seeker_schedules"] = rng.sample(SEEKER_SCHEDULES, rng.randint(1, 2))
        if rng.random() < 0.4:
            rule["kinds"] = rng.sample(KINDS, rng.randint(1, 2))
        if rng.random() < 0.3:
            rule["schedules"] = rng.sample(SCHEDULES, rng.randint(1, 2))
        rules.append(rule)
    restrictions = [{"kind": kind, "groups": rng.sample(GROUPS, rng.randint(1, 2))}
                    for kind in rng.sample(KINDS, rng.randint(0, 3))]
    return {
        "format_version": 1,
        "name": "random",
        "weights": weights,
        "scoring": {
            "partial_credit_per_grade": rng.choice([0, 0.25, rng.random(), 1]),
            "default_max_commute_km": rng.choice([0.001, 5, 15, 60, 500, 20000]),
            "wage_zero_ratio": rng.choice([0, 0.5, 0.99]),
            "education_penalty_per_level": rng.choice([0, 0.5, 1]),
            "neutral_preference": rng.random(),
        },
        "priority": {"max_total_boost": rng.choice([0, 0.05, 0.25, 10]), "rules": rules},
        "eligibility": {
            "enforce_max_commute": rng.random() < 0.8,
            "enforce_accessibility": rng.random() < 0.7,
            "enforce_min_education": rng.random() < 0.3,
            "enforce_reservation_wage": rng.random() < 0.3,
            "kind_restrictions": restrictions,
        },
    }
