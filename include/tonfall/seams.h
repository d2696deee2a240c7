// Seams: what a replacement may break where it meets the text around it.
//
// A replacement is written once and lands in many sentences. These checks
// compare a text before and after a rewrite and name what the rewrite made
// worse: blanks doubled or before punctuation, marks piled up („:,“), a
// sentence that now starts in lower case, a word doubled, a du/Sie mix the text
// did not have, a number (date, amount, deadline) that got lost. They need no
// reader, so `tonfall rules test` runs them on every suggestion of every bad
// example.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace tonfall {

// How often a text addresses the reader familiarly (du, dich, dein…) and
// politely (Sie, Ihnen, Ihr…).
struct AddressWords {
  std::size_t familiar = 0;
  std::size_t polite = 0;
};
AddressWords count_address_words(std::string_view text);

// What `after` has broken that `before` did not have, in words for a rule
// author; empty when the seams are clean.
std::vector<std::string> seam_problems(std::string_view before, std::string_view after);

}  // namespace tonfall
