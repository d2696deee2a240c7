#include "tonfall/eval.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <map>
#include <nlohmann/json.hpp>
#include <unordered_map>
#include <utility>

#include "tonfall/normalize.h"
#include "tonfall/report.h"
#include "tonfall/source.h"

namespace tonfall {

namespace {

constexpr std::array<std::string_view, 5> kRequiredColumns = {"id", "label", "category", "text",
                                                              "span"};

std::vector<std::string_view> split_tabs(std::string_view line) {
  std::vector<std::string_view> fields;
  for (std::size_t start = 0;;) {
    const std::size_t tab = line.find('\t', start);
    fields.push_back(line.substr(start, tab == std::string_view::npos ? tab : tab - start));
    if (tab == std::string_view::npos) return fields;
    start = tab + 1;
  }
}

}  // namespace

Expected<EvalSet> parse_eval_set(std::string_view bytes, const std::string& path) {
  EvalSet set{path, {}};
  auto fail = [&path](std::size_t line, std::string message) {
    return Error{path, line, 0, std::move(message)};
  };
  // Where each required column stands, in kRequiredColumns' order.
  std::array<std::size_t, kRequiredColumns.size()> column{};
  std::size_t header_fields = 0;
  std::unordered_map<std::string, std::size_t> line_of_id;

  std::size_t offset = bytes.starts_with("\xEF\xBB\xBF") ? 3 : 0;
  for (std::size_t line_number = 1; offset < bytes.size(); ++line_number) {
    const std::size_t line_end = std::min(bytes.find('\n', offset), bytes.size());
    std::string_view line = bytes.substr(offset, line_end - offset);
    if (auto invalid = find_invalid_text(line, offset)) return fail(line_number, invalid->message);
    offset = line_end + 1;
    if (line.ends_with('\r')) line.remove_suffix(1);
    if (line.empty()) continue;
    const std::vector<std::string_view> fields = split_tabs(line);

    if (header_fields == 0) {
      for (std::size_t c = 0; c < kRequiredColumns.size(); ++c) {
        const auto named = [&](std::string_view field) { return field == kRequiredColumns[c]; };
        const auto count = std::count_if(fields.begin(), fields.end(), named);
        if (count != 1) {
          return fail(line_number,
                      fmt::format("{} column '{}' in the header (needed: id, label, category, "
                                  "text, span)",
                                  count == 0 ? "no" : "more than one", kRequiredColumns[c]));
        }
        column[c] = static_cast<std::size_t>(std::find_if(fields.begin(), fields.end(), named) -
                                             fields.begin());
      }
      header_fields = fields.size();
      continue;
    }

    if (fields.size() != header_fields) {
      return fail(line_number, fmt::format("{} fields, but the header has {} (fields are "
                                           "separated by tabs)",
                                           fields.size(), header_fields));
    }
    EvalRow row;
    row.id = fields[column[0]];
    const std::string_view label = fields[column[1]];
    row.category = fields[column[2]];
    row.text = fields[column[3]];
    row.span = fields[column[4]];
    row.line = line_number;
    if (row.id.empty()) return fail(line_number, "the id is empty");
    if (auto [it, added] = line_of_id.emplace(row.id, line_number); !added)
      return fail(line_number,
                  fmt::format("id '{}' is already used on line {}", row.id, it->second));
    if (label == "flag") {
      row.label = Label::flag;
    } else if (label == "clean") {
      row.label = Label::clean;
    } else {
      return fail(line_number, fmt::format("unknown label '{}' (flag or clean)", label));
    }
    if (row.text.empty()) return fail(line_number, "the text is empty");
    if (row.label == Label::flag) {
      if (row.category.empty()) return fail(line_number, "a flag row needs a category");
      if (row.span.empty()) return fail(line_number, "a flag row needs a span");
      row.span_begin = row.text.find(row.span);
      if (row.span_begin == std::string::npos)
        return fail(line_number, fmt::format("the span '{}' is not in the text", row.span));
      row.span_end = row.span_begin + row.span.size();
    }
    set.rows.push_back(std::move(row));
  }
  if (header_fields == 0) return fail(0, "no header row (needed: id, label, category, text, span)");
  return set;
}

std::optional<IdHalf> parse_id_half(std::string_view name) {
  if (name == "all") return IdHalf::all;
  if (name == "even") return IdHalf::even;
  if (name == "odd") return IdHalf::odd;
  return std::nullopt;
}

std::optional<bool> id_in_half(std::string_view id, IdHalf half) {
  if (half == IdHalf::all) return true;
  // The last digit decides, so a number of any length works.
  if (id.empty() || id.back() < '0' || id.back() > '9') return std::nullopt;
  const bool even = (id.back() - '0') % 2 == 0;
  return even == (half == IdHalf::even);
}

namespace {

std::optional<double> ratio(std::size_t part, std::size_t whole) {
  if (whole == 0) return std::nullopt;
  return static_cast<double>(part) / static_cast<double>(whole);
}

bool at_warning_or_above(const Finding& finding) {
  return finding.severity() >= Severity::warning;
}

}  // namespace

std::optional<double> EvalCounts::recall() const {
  return ratio(found, flag_rows);
}

std::optional<double> EvalCounts::recall_warning() const {
  return ratio(found_warning, flag_rows);
}

std::optional<double> EvalCounts::false_alarm_rate() const {
  return ratio(false_alarms, clean_rows);
}

EvalCounts& EvalCounts::operator+=(const EvalCounts& other) {
  flag_rows += other.flag_rows;
  found += other.found;
  found_warning += other.found_warning;
  clean_rows += other.clean_rows;
  false_alarms += other.false_alarms;
  infos_on_clean += other.infos_on_clean;
  return *this;
}

bool finding_overlaps_span(const Finding& finding, const EvalRow& row) {
  return finding.offset < row.span_end && row.span_begin < finding.offset + finding.length;
}

bool meets_min_recall(const EvalCounts& totals, double min_recall) {
  const std::optional<double> recall = totals.recall();
  return recall && *recall >= min_recall;
}

bool EvalGate::recall_holds(const EvalCounts& totals) const {
  return !min_recall || meets_min_recall(totals, *min_recall);
}

bool EvalGate::false_alarms_hold(const EvalCounts& totals) const {
  const std::optional<double> rate = totals.false_alarm_rate();
  return !max_false_alarms || !rate || *rate <= *max_false_alarms;
}

Expected<EvalResult> evaluate(const EvalSet& set, IdHalf half, const Engine& engine,
                              const LintSettings& settings) {
  EvalResult result;
  result.half = half;
  std::map<std::string, EvalCounts> flag_groups;  // sorted by category
  EvalCounts clean_group;
  for (const EvalRow& row : set.rows) {
    const std::optional<bool> selected = id_in_half(row.id, half);
    if (!selected) {
      return Error{
          set.path, row.line, 0,
          fmt::format("id '{}' does not end in a number, so it is neither even nor odd", row.id)};
    }
    if (!*selected) continue;
    FileResult checked =
        check_source(Source{set.path, row.text}, engine, InputFormat::text, {}, settings);
    if (checked.error) return Error{set.path, row.line, 0, checked.error->message};

    EvalOutcome outcome{&row, std::move(checked.findings)};
    EvalCounts counts;
    if (row.label == Label::flag) {
      counts.flag_rows = 1;
      for (const Finding& finding : outcome.findings) {
        if (!finding_overlaps_span(finding, row)) continue;
        outcome.found = true;
        outcome.found_warning = outcome.found_warning || at_warning_or_above(finding);
      }
      counts.found = outcome.found;
      counts.found_warning = outcome.found_warning;
      flag_groups[row.category] += counts;
    } else {
      counts.clean_rows = 1;
      for (const Finding& finding : outcome.findings) {
        if (at_warning_or_above(finding))
          outcome.false_alarm = true;
        else
          outcome.info_on_clean = true;
      }
      counts.false_alarms = outcome.false_alarm;
      counts.infos_on_clean = outcome.info_on_clean;
      clean_group += counts;
    }
    result.totals += counts;
    result.outcomes.push_back(std::move(outcome));
  }
  for (const auto& [category, counts] : flag_groups)
    result.groups.push_back({category, Label::flag, counts});
  if (clean_group.clean_rows > 0) result.groups.push_back({"clean", Label::clean, clean_group});
  return result;
}

// --- Reports -----------------------------------------------------------------

namespace {

std::string_view half_name(IdHalf half) {
  switch (half) {
    case IdHalf::even:
      return "even";
    case IdHalf::odd:
      return "odd";
    case IdHalf::all:
      break;
  }
  return "all";
}

// "83,3 %", German style; "–" when there is nothing to divide by.
std::string percent(std::optional<double> value) {
  if (!value) return "–";
  std::string text = fmt::format("{:.1f} %", *value * 100);
  std::replace(text.begin(), text.end(), '.', ',');
  return text;
}

std::string plural(std::size_t n, const char* one, const char* many) {
  return fmt::format("{} {}", n, n == 1 ? one : many);
}

// `text` padded with blanks to `width` terminal columns, on the left when
// `right` (for numbers).
std::string pad(std::string_view text, std::size_t width, bool right = false) {
  const std::size_t shown = display_width(text);
  const std::string blanks(shown < width ? width - shown : 0, ' ');
  return right ? blanks + std::string(text) : std::string(text) + blanks;
}

// "rule.id „words“ (severity)" for each finding, joined by ", ".
std::string describe(const std::vector<const Finding*>& findings) {
  std::string out;
  for (const Finding* finding : findings) {
    if (!out.empty()) out += ", ";
    out += fmt::format("{} „{}“ ({})", finding->rule->id, finding->text,
                       to_string(finding->severity()));
  }
  return out;
}

template <class Keep>
std::vector<const Finding*> findings_where(const EvalOutcome& outcome, Keep keep) {
  std::vector<const Finding*> out;
  for (const Finding& finding : outcome.findings) {
    if (keep(finding)) out.push_back(&finding);
  }
  return out;
}

std::vector<const Finding*> everything(const EvalOutcome& outcome) {
  return findings_where(outcome, [](const Finding&) { return true; });
}

std::vector<const Finding*> hitting(const EvalOutcome& outcome) {
  return findings_where(outcome,
                        [&](const Finding& f) { return finding_overlaps_span(f, *outcome.row); });
}

std::vector<const Finding*> alarms(const EvalOutcome& outcome) {
  return findings_where(outcome, at_warning_or_above);
}

std::vector<const Finding*> infos(const EvalOutcome& outcome) {
  return findings_where(outcome, [](const Finding& f) { return !at_warning_or_above(f); });
}

bool is_miss(const EvalOutcome& o) {
  return o.row->label == Label::flag && !o.found;
}
bool is_hit(const EvalOutcome& o) {
  return o.row->label == Label::flag && o.found;
}
bool is_false_alarm(const EvalOutcome& o) {
  return o.false_alarm;
}
bool is_info_on_clean(const EvalOutcome& o) {
  return o.info_on_clean;
}

// The table's cells of a count and its ratio: "12  80,0 %", or "–" when the
// group has no rows of that kind.
std::string count_cell(std::size_t count, std::optional<double> share) {
  if (!share) return "–";
  return fmt::format("{:>4} {:>8}", count, percent(share));
}

}  // namespace

void write_eval_text(std::ostream& out, const EvalSet& set, const EvalResult& result,
                     const EvalShow& show, const EvalGate& gate) {
  const std::size_t scored = result.outcomes.size();
  if (result.half == IdHalf::all) {
    out << fmt::format("{}: {}\n", set.path, plural(scored, "Zeile", "Zeilen"));
  } else {
    out << fmt::format("{}: {} von {} ({} ids)\n", set.path, scored,
                       plural(set.rows.size(), "Zeile", "Zeilen"),
                       result.half == IdHalf::even ? "gerade" : "ungerade");
  }
  out << '\n';

  std::size_t name_width = std::string_view("Kategorie").size();
  for (const EvalGroup& group : result.groups)
    name_width = std::max(name_width, display_width(group.category));
  constexpr std::size_t kCell = 13;
  auto table_row = [&](std::string_view name, std::size_t rows, const EvalCounts& c) {
    out << pad(name, name_width) << "  " << fmt::format("{:>6}", rows) << "  "
        << pad(count_cell(c.found, c.recall()), kCell, true) << "  "
        << pad(count_cell(c.found_warning, c.recall_warning()), kCell, true) << "  "
        << pad(count_cell(c.false_alarms, c.false_alarm_rate()), kCell, true) << '\n';
  };
  out << pad("Kategorie", name_width) << "  Zeilen  " << pad("gefunden", kCell, true) << "  "
      << pad("ab Warnung", kCell, true) << "  " << pad("Fehlalarme", kCell, true) << '\n';
  for (const EvalGroup& group : result.groups)
    table_row(group.category, group.counts.flag_rows + group.counts.clean_rows, group.counts);
  table_row("gesamt", scored, result.totals);
  out << '\n';

  const EvalCounts& t = result.totals;
  out << fmt::format("Recall: {} von {} gefunden ({}), {} davon ab Warnung ({}).\n", t.found,
                     plural(t.flag_rows, "markierten Zeile", "markierten Zeilen"),
                     percent(t.recall()), t.found_warning, percent(t.recall_warning()));
  out << fmt::format("Fehlalarme: {} in {} ({}); {} mit Hinweisen.\n", t.false_alarms,
                     plural(t.clean_rows, "sauberen Zeile", "sauberen Zeilen"),
                     percent(t.false_alarm_rate()),
                     plural(t.infos_on_clean, "saubere Zeile", "saubere Zeilen"));

  auto section = [&](const char* title, bool (*belongs)(const EvalOutcome&), auto write_line) {
    const auto count = std::count_if(result.outcomes.begin(), result.outcomes.end(), belongs);
    if (count == 0) return;
    out << fmt::format("\n{}: {}\n", title,
                       plural(static_cast<std::size_t>(count), "Zeile", "Zeilen"));
    for (const EvalOutcome& outcome : result.outcomes) {
      if (belongs(outcome)) write_line(outcome);
    }
  };
  if (show.misses) {
    section("Nicht gefunden", is_miss, [&](const EvalOutcome& o) {
      const std::string elsewhere = describe(everything(o));
      out << fmt::format("{} {} „{}“: {}\n", o.row->id, o.row->category, o.row->span,
                         elsewhere.empty() ? "nichts gefunden" : "daneben " + elsewhere);
    });
  }
  if (show.hits) {
    section("Gefunden", is_hit, [&](const EvalOutcome& o) {
      out << fmt::format("{} {} „{}“: {}\n", o.row->id, o.row->category, o.row->span,
                         describe(hitting(o)));
    });
  }
  if (show.false_alarms) {
    section("Fehlalarme", is_false_alarm, [&](const EvalOutcome& o) {
      for (const Finding* f : alarms(o))
        out << fmt::format("{} {} {} „{}“\n", o.row->id, f->rule->id, to_string(f->severity()),
                           f->text);
    });
  }
  if (show.infos) {
    section("Hinweise in sauberen Zeilen", is_info_on_clean, [&](const EvalOutcome& o) {
      for (const Finding* f : infos(o))
        out << fmt::format("{} {} {} „{}“\n", o.row->id, f->rule->id, to_string(f->severity()),
                           f->text);
    });
  }

  if (gate.min_recall) {
    out << fmt::format("\nRecall {} {} Minimum von {}.\n", percent(t.recall()),
                       gate.recall_holds(t) ? "erreicht das" : "liegt unter dem", percent(*gate.min_recall));
  }
  if (gate.max_false_alarms) {
    out << fmt::format("{}Fehlalarme {} {} Höchstwert von {}.\n", gate.min_recall ? "" : "\n",
                       percent(t.false_alarm_rate()), gate.false_alarms_hold(t) ? "bleiben im" : "liegen über dem",
                       percent(*gate.max_false_alarms));
  }
  out.flush();
}

namespace {

using Json = nlohmann::ordered_json;

Json ratio_json(std::optional<double> value) {
  return value ? Json(*value) : Json(nullptr);
}

Json counts_json(const EvalCounts& c) {
  Json out;
  out["flag_rows"] = c.flag_rows;
  out["found"] = c.found;
  out["recall"] = ratio_json(c.recall());
  out["found_warning"] = c.found_warning;
  out["recall_warning"] = ratio_json(c.recall_warning());
  out["clean_rows"] = c.clean_rows;
  out["false_alarms"] = c.false_alarms;
  out["false_alarm_rate"] = ratio_json(c.false_alarm_rate());
  out["infos_on_clean"] = c.infos_on_clean;
  return out;
}

Json group_json(const EvalGroup& group) {
  Json out;
  out["category"] = group.category;
  const EvalCounts& c = group.counts;
  if (group.label == Label::flag) {
    out["label"] = "flag";
    out["rows"] = c.flag_rows;
    out["found"] = c.found;
    out["recall"] = ratio_json(c.recall());
    out["found_warning"] = c.found_warning;
    out["recall_warning"] = ratio_json(c.recall_warning());
  } else {
    out["label"] = "clean";
    out["rows"] = c.clean_rows;
    out["false_alarms"] = c.false_alarms;
    out["false_alarm_rate"] = ratio_json(c.false_alarm_rate());
    out["infos_on_clean"] = c.infos_on_clean;
  }
  return out;
}

Json listed_findings_json(const std::vector<const Finding*>& findings) {
  Json out = Json::array();
  for (const Finding* f : findings) {
    Json item;
    item["rule"] = f->rule->id;
    item["severity"] = to_string(f->severity());
    item["category"] = f->rule->category;
    item["offset"] = f->offset;
    item["length"] = f->length;
    item["text"] = f->text;
    out.push_back(std::move(item));
  }
  return out;
}

// A listed row: id, line, category, text; the span on flag rows; `findings`.
Json row_json(const EvalOutcome& outcome, const std::vector<const Finding*>& findings) {
  const EvalRow& row = *outcome.row;
  Json out;
  out["id"] = row.id;
  out["line"] = row.line;
  out["category"] = row.category;
  out["text"] = row.text;
  if (row.label == Label::flag) {
    out["span"] = row.span;
    out["span_offset"] = row.span_begin;
    out["span_length"] = row.span_end - row.span_begin;
  }
  out["findings"] = listed_findings_json(findings);
  return out;
}

}  // namespace

void write_eval_json(std::ostream& out, const EvalSet& set, const EvalResult& result,
                     const EvalShow& show, const EvalGate& gate) {
  Json report;
  report["schema"] = "tonfall.eval/1";
  report["file"] = set.path;
  report["ids"] = half_name(result.half);
  report["rows"] = result.outcomes.size();
  report["totals"] = counts_json(result.totals);
  report["categories"] = Json::array();
  for (const EvalGroup& group : result.groups) report["categories"].push_back(group_json(group));
  auto list = [&](const char* key, bool (*belongs)(const EvalOutcome&), auto which_findings) {
    Json items = Json::array();
    for (const EvalOutcome& outcome : result.outcomes) {
      if (belongs(outcome)) items.push_back(row_json(outcome, which_findings(outcome)));
    }
    report[key] = std::move(items);
  };
  if (show.misses) list("misses", is_miss, everything);
  if (show.false_alarms) list("false_alarms", is_false_alarm, alarms);
  if (show.hits) list("hits", is_hit, hitting);
  if (show.infos) list("infos_on_clean", is_info_on_clean, infos);
  if (gate.set()) {
    Json limits;
    if (gate.min_recall) limits["min_recall"] = *gate.min_recall;
    if (gate.max_false_alarms) limits["max_false_alarms"] = *gate.max_false_alarms;
    limits["passed"] = gate.holds(result.totals);
    report["gate"] = std::move(limits);
  }
  out << report.dump(2, ' ', false, Json::error_handler_t::replace) << '\n';
  out.flush();
}

}  // namespace tonfall
