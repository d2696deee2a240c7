// Sentence scope: how far a replacement reaches beyond its match.
//
// Most replacements stand in place of the words a pattern matched. Some
// problems fill more than that: a stock phrase that is all its sentence says
// goes as a sentence (Rule::sentence_suggestions), a blaming tag goes with
// the clause that closes its sentence (Rule::drop_clause). These functions
// decide whether the text around a match allows it, so that what stays is a
// sentence a writer would send.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace tonfall {

class SentenceIndex;

// What the rest of a sentence beside a match may hold for the sentence to
// go whole: only words without a fact of their own (a stock phrase), or any
// words but no number (a mocking sentence, whose words retell what the
// customer knows).
enum class SentenceRest { no_fact, no_number };

// The sentence around view[begin, end) without the blanks at its ends and
// without a salutation that opens it („Hallo Jana, “), if the match is all it
// says: beside it only what `rest` allows (articles, pronouns,
// intensifiers, particles; no digit); and it answers no question just before
// it. What closes its line without a word („🙏“) belongs to it.
std::optional<std::pair<std::size_t, std::size_t>> whole_sentence(std::string_view view, std::size_t begin,
                                                                  std::size_t end, SentenceIndex& sentences,
                                                                  SentenceRest rest = SentenceRest::no_fact);

// True if `view` holds at least `wanted` words outside the span `sentence`,
// counted outward from it (so a long text costs no more than a short one).
bool words_beside(std::string_view view, std::pair<std::size_t, std::size_t> sentence, std::size_t wanted);

// True if the text around the span `sentence` (a reply's worth on each side)
// still says something warm of its own („danke“, „gern“, „bitte“, „leid“ …):
// only then may a stock phrase of courtesy go without the reply turning cold.
bool keeps_warmth(std::string_view view, std::pair<std::size_t, std::size_t> sentence);

// The clause that closes a sentence after a comma or dash, when a match is
// all it says („…, die Warteliste ist lang.“, „…, das wäre doch schade,
// oder?“): from the mark before it to the sentence's end mark, and what
// stands in its place, nothing or, for a question tag, a full stop. None when
// what stays would not stand alone (an open „wenn …“, an embedded clause, a
// complement its verb needs, no verb) or the clause holds a number.
struct ClosingClause {
  std::size_t begin;
  std::size_t end;
  std::string replacement;
};
std::optional<ClosingClause> closing_clause(std::string_view view, std::size_t begin, std::size_t end,
                                            SentenceIndex& sentences);

// The lead-in of a sentence up to its colon, when a match is all it says
// („Ganz einfach für Sie: Ihr Tarif …“, „Falls es dir nicht klar war: Der
// grüne Button …“): from the sentence's start (after a salutation) to the
// first word after the colon, which takes the capital of a sentence start.
// None when the colon comes before the match, the lead names a thing beside
// the match (a noun, a number), or what follows the colon is no clause.
std::optional<ClosingClause> opening_lead(std::string_view view, std::size_t begin, std::size_t end,
                                          SentenceIndex& sentences);

}  // namespace tonfall
