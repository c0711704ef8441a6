// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
//
// Umbrella header: includes the whole public API.
#ifndef JOBMATCH_JOBMATCH_H_
#define JOBMATCH_JOBMATCH_H_

#include "jobmatch/csv.h"
#include "jobmatch/dataset.h"
#include "jobmatch/dense_topk.h"
#include "jobmatch/engine.h"
#include "jobmatch/generator.h"
#include "jobmatch/policy.h"
#include "jobmatch/progress.h"
#include "jobmatch/scorer.h"
#include "jobmatch/snapshot.h"
#include "jobmatch/status_macros.h"
#include "jobmatch/topk.h"
#include "jobmatch/types.h"
#include "jobmatch/vocabulary.h"

#endif  // JOBMATCH_JOBMATCH_H_
