// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
//
// Umbrella header: includes the whole public API, concept by concept in
// dependency order (docs/design.md).
#ifndef JOBMATCH_JOBMATCH_H_
#define JOBMATCH_JOBMATCH_H_

// IWYU pragma: begin_exports
// base
#include "jobmatch/base/file_io.h"
#include "jobmatch/base/huge_pages.h"
#include "jobmatch/base/memory_budget.h"
#include "jobmatch/base/progress.h"
#include "jobmatch/base/status_macros.h"
#include "jobmatch/base/threads.h"
// data
#include "jobmatch/data/schema.h"
#include "jobmatch/data/tables.h"
#include "jobmatch/data/types.h"
#include "jobmatch/data/vocabulary.h"
// io
#include "jobmatch/io/csv.h"
// policy
#include "jobmatch/policy/policy.h"
#include "jobmatch/policy/policy_check.h"
#include "jobmatch/policy/quota_spec.h"
// dataset
#include "jobmatch/dataset/dataset.h"
// scoring
#include "jobmatch/scoring/scorer.h"
// search
#include "jobmatch/search/dense_topk.h"
#include "jobmatch/search/topk.h"
// matching
#include "jobmatch/matching/allocation.h"
#include "jobmatch/matching/assignment.h"
#include "jobmatch/matching/congestion.h"
#include "jobmatch/matching/stable_matching.h"
// report
#include "jobmatch/report/results_csv.h"
// analytics
#include "jobmatch/analytics/coverage.h"
// snapshot
#include "jobmatch/snapshot/snapshot.h"
// engine
#include "jobmatch/engine/engine.h"
// synth
#include "jobmatch/synth/generator.h"
// IWYU pragma: end_exports

#endif  // JOBMATCH_JOBMATCH_H_
