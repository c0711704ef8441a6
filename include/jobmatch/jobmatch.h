// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
//
// Umbrella header: includes the whole public API.
#ifndef JOBMATCH_JOBMATCH_H_
#define JOBMATCH_JOBMATCH_H_

#include "jobmatch/analytics/coverage.h"
#include "jobmatch/base/file_io.h"
#include "jobmatch/base/memory_budget.h"
#include "jobmatch/base/progress.h"
#include "jobmatch/base/status_macros.h"
#include "jobmatch/base/threads.h"
#include "jobmatch/data/tables.h"
#include "jobmatch/data/types.h"
#include "jobmatch/data/vocabulary.h"
#include "jobmatch/engine/engine.h"
#include "jobmatch/io/csv.h"
#include "jobmatch/policy/policy.h"
#include "jobmatch/policy/quota_spec.h"
#include "jobmatch/scoring/scorer.h"
#include "jobmatch/search/dense_topk.h"
#include "jobmatch/search/topk.h"
#include "jobmatch/snapshot/snapshot.h"
#include "jobmatch/synth/generator.h"

#endif  // JOBMATCH_JOBMATCH_H_
