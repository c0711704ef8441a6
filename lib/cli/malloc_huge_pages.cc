// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
#include "cli/malloc_huge_pages.h"

#include <charconv>
#include <cstdlib>
#include <fstream>
#include <string>

// Sanitizers bring their own malloc, which the tunable does not reach: no
// restart there (it would only cost a second start-up).
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define JOBMATCH_CLI_SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
#define JOBMATCH_CLI_SANITIZED 1
#endif
#endif

#if defined(__linux__) && defined(__GLIBC__) && !defined(JOBMATCH_CLI_SANITIZED)
#include <gnu/libc-version.h>
#include <unistd.h>
#define JOBMATCH_CLI_CAN_RESTART 1
#endif

namespace jobmatch::cli {
namespace {

// The whole of `s` as a decimal int, or nullopt. Stricter than the library's
// ParseNumber (base/internal/text.h), which skips surrounding blanks: glibc
// does not, so " 1" must not count as a setting in force.
std::optional<int> WholeInt(std::string_view s) {
  int v = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (s.empty() || ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
  return v;
}

// GLIBC_TUNABLES is a list of name=value separated by ':'; glibc applies
// them in order, so the last setting of a name is the one in force. Returns
// that value, or nullopt when `tunables` never names `name`.
std::optional<std::string_view> LastSetting(const char* tunables, std::string_view name) {
  std::optional<std::string_view> value;
  if (tunables == nullptr) return value;
  std::string_view rest(tunables);
  while (true) {
    const size_t colon = rest.find(':');
    const std::string_view item = rest.substr(0, colon);
    const size_t eq = item.find('=');
    if (eq != std::string_view::npos && item.substr(0, eq) == name) value = item.substr(eq + 1);
    if (colon == std::string_view::npos) return value;
    rest.remove_prefix(colon + 1);
  }
}

// "2.36" (or "2.36.1") is at least 2.35.
bool AtLeast235(std::string_view version) {
  const size_t dot = version.find('.');
  if (dot == std::string_view::npos) return false;
  const std::string_view rest = version.substr(dot + 1);
  const std::optional<int> major = WholeInt(version.substr(0, dot));
  const std::optional<int> minor = WholeInt(rest.substr(0, rest.find('.')));
  if (!major.has_value() || !minor.has_value()) return false;
  return *major > 2 || (*major == 2 && *minor >= 35);
}

}  // namespace

std::optional<std::string> HugePageTunables(const char* tunables, const char* opt_out,
                                            std::string_view thp_enabled,
                                            std::string_view glibc_version) {
  if (opt_out != nullptr && std::string_view(opt_out) == "0") return std::nullopt;
  if (!AtLeast235(glibc_version)) return std::nullopt;
  if (LastSetting(tunables, kHugeTlbTunable).has_value()) return std::nullopt;
  // The mode in force is the bracketed one: "always [madvise] never".
  if (thp_enabled.find("[madvise]") == std::string_view::npos) return std::nullopt;
  std::string out = tunables != nullptr ? std::string(tunables) : std::string();
  if (!out.empty()) out += ':';
  out += kHugeTlbTunable;
  out += "=1";
  return out;
}

bool HugeTlbRequested(const char* tunables) {
  const std::optional<std::string_view> v = LastSetting(tunables, kHugeTlbTunable);
  const std::optional<int> n = v.has_value() ? WholeInt(*v) : std::nullopt;
  return n.has_value() && *n != 0;
}

void RestartWithHugePagesIfUseful(char** argv) {
#ifdef JOBMATCH_CLI_CAN_RESTART
  if (argv == nullptr || argv[0] == nullptr) return;
  std::string thp;
  std::ifstream in("/sys/kernel/mm/transparent_hugepage/enabled");
  if (in) std::getline(in, thp);
  const char* tunables = std::getenv("GLIBC_TUNABLES");
  const std::optional<std::string> next =
      HugePageTunables(tunables, std::getenv("JOBMATCH_HUGE_PAGES"), thp, gnu_get_libc_version());
  if (!next.has_value()) return;
  const std::optional<std::string> before =
      tunables != nullptr ? std::optional<std::string>(tunables) : std::nullopt;
  if (setenv("GLIBC_TUNABLES", next->c_str(), 1) != 0) return;
  execv("/proc/self/exe", argv);
  // Still here: the restart failed (no /proc, for one); go on as started.
  if (before.has_value()) {
    setenv("GLIBC_TUNABLES", before->c_str(), 1);
  } else {
    unsetenv("GLIBC_TUNABLES");
  }
#else
  (void)argv;
#endif
}

}  // namespace jobmatch::cli
