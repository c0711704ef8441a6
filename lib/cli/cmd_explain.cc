// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
//
// `jobmatch explain`: the score of one (seeker, vacancy) pair, readable.
#include <memory>
#include <string>

#include "cli/commands.h"
#include "cli/data_loading.h"
#include "cli/exit_codes.h"
#include "cli/output.h"
#include "jobmatch/scoring/scorer.h"

namespace jobmatch::cli {
namespace {

struct ExplainOpts {
  DataPaths paths;
  std::string seeker, vacancy;
};

int RunExplain(const ExplainOpts& o) {
  auto data = LoadData(o.paths);
  if (!data.ok()) return Fail(data.status());
  const Dataset& d = **data;
  auto scorer = Scorer::Create(*data);
  if (!scorer.ok()) return Fail(scorer.status());
  auto s = d.seekers().Find(o.seeker);
  if (!s) return Fail(absl::NotFoundError("unknown seeker id '" + o.seeker + "'"));
  auto v = d.vacancies().Find(o.vacancy);
  if (!v) return Fail(absl::NotFoundError("unknown vacancy id '" + o.vacancy + "'"));
  Print(scorer->Explain(*s, *v).ToString(d.seekers(), d.vacancies()));
  return kExitOk;
}

}  // namespace

std::vector<Command> AddExplainCommand(CLI::App& app) {
  auto o = std::make_shared<ExplainOpts>();
  auto* e = app.add_subcommand("explain", "Explain the score of one (seeker, vacancy) pair");
  o->paths.Add(e);
  e->add_option("--seeker", o->seeker, "Seeker id")->required();
  e->add_option("--vacancy", o->vacancy, "Vacancy id")->required();
  return {{e, [o] { return RunExplain(*o); }}};
}

}  // namespace jobmatch::cli
