#include "tonfall/sentence_scope.h"

#include <re2/re2.h>
#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <cctype>
#include <set>

#include "tonfall/clause.h"
#include "tonfall/literals.h"
#include "tonfall/segment.h"

namespace tonfall {

namespace {

// Words without a fact of their own: articles, pronouns, the customer's and
// the writer's possessives, intensifiers and particles. A sentence that holds
// nothing but a rule's match and these is the stock phrase itself
// (Rule::sentence_suggestions), „Wir danken Ihnen sehr herzlich für Ihr
// Verständnis.“ as much as „Danke für Ihr Verständnis!“. Folded (fold_text).
bool is_filler_word(std::string_view folded) {
  static const std::set<std::string_view> words = {
      "der", "die", "das", "den", "dem", "des", "ein", "eine", "einen", "einem", "einer",
      "ich", "mir", "mich", "wir", "uns", "sie", "ihnen", "du", "dir", "dich", "ihr", "euch",
      "mein", "meine", "meinen", "meinem", "meiner", "unser", "unsere", "unseren", "unserem", "unserer",
      "ihre", "ihren", "ihrem", "ihrer", "ihres", "dein", "deine", "deinen", "deinem", "deiner", "deines",
      "euer", "eure", "euren", "eurem", "eurer", "es", "so", "und", "auch", "noch", "nochmals", "nochmal",
      "sehr", "ganz", "wirklich", "echt", "total", "absolut", "herzlich", "herzlichen", "vielen", "viele",
      "besten", "recht", "schön", "natürlich", "selbstverständlich", "übrigens", "immer", "stets",
      "jederzeit", "gern", "gerne", "ja", "doch", "nun", "mal", "einfach", "vorab", "schon", "jetzt",
      "heute", "hiermit", "hierfür", "dafür", "an", "dieser", "diese", "stelle", "ausdrücklich",
      "außerordentlich", "aufrichtig", "von", "herzen", "in", "aller", "form", "bereits",
      "im", "voraus", "wie", "gesagt", "liebe", "lieber", "hallo", "hi", "hey", "ok", "okay", "also",
      "zu", "dürfen", "können", "möchten", "möchte", "hören", "lesen", "bei", "bald", "wieder",
      "community", "für", "entschuldigen", "entschuldige", "bedauern", "bedaure", "fragen", "rückfragen",
      "weitere", "weiteren", "offene", "offenen", "ist", "sind", "war", "wäre", "dann", "aber", "oder"};
  return words.contains(folded);
}

// True if `text` (the rest of a sentence beside a match) holds no fact: no
// digit, no word but filler words. Marks, emoji and blanks may stand there.
bool holds_no_fact(std::string_view text) {
  const std::string folded = fold_text(text);
  const auto* bytes = reinterpret_cast<const uint8_t*>(folded.data());
  const auto n = static_cast<int32_t>(folded.size());
  std::size_t word_begin = 0;
  bool in_word = false;
  for (int32_t i = 0; i <= n;) {
    const int32_t at = i;
    UChar32 c = ' ';
    if (i < n) U8_NEXT(bytes, i, n, c);
    else ++i;
    if (u_isdigit(c)) return false;
    const bool letter = u_isalpha(c) || c == '-';
    if (letter && !in_word) word_begin = static_cast<std::size_t>(at);
    if (!letter && in_word &&
        !is_filler_word(std::string_view(folded).substr(word_begin, static_cast<std::size_t>(at) - word_begin)))
      return false;
    in_word = letter;
  }
  return true;
}

// True if `text` opens with its finite verb and a subject („Hören wir bis
// Montag nichts von Ihnen“, „Kommt die Zahlung nicht“): a condition or a
// question, which waits for the clause after it. („Prüfen Sie den
// Zählerstand“ is a request and stands alone.)
bool opens_with_verb(std::string_view text) {
  static const RE2 verb_and_subject(R"(^[ \t\n]*\p{Lu}\p{Ll}+ (?:wir|ich|du|er|es|ihr|man|der|die|das)\b)");
  if (!RE2::PartialMatch(text, verb_and_subject)) return false;
  return verb_second(lower_first(text.substr(text.find_first_not_of(" \t\n")))).has_value();
}

// True if `text` reads as a clause of its own: three words or more, one of
// them with a verb's ending and in lower case (or first: „Tut mir leid“).
// „Keine Sorge“, „Ehrlich gesagt“ and „Stau vor Weihnachten“ are none.
bool reads_as_clause(std::string_view text) {
  static const std::set<std::string_view> not_verbs = {
      "nicht", "jetzt", "erst", "recht", "nett", "selbst", "seit", "zuletzt", "meist", "fast", "sonst",
      "oft", "bereits", "unten", "oben", "hinten", "morgen", "gestern", "einen", "keinen", "meinen",
      "deinen", "diesen", "unseren", "ihren", "allen", "vielen", "den", "wenn", "denen", "zwischen",
      "wegen", "neben", "gegen", "eben", "mit", "gut", "acht", "gesagt", "ehrlich"};
  static const std::set<std::string_view> determiners = {
      "der", "die", "das", "den", "dem", "des", "ein", "eine", "einen", "einem", "einer", "eines",
      "mein", "meine", "meinem", "meinen", "dein", "deine", "deinem", "deinen", "ihr", "ihre", "ihrem",
      "ihren", "unser", "unsere", "unserem", "unseren", "diese", "diesem", "diesen", "jeden", "jedem"};
  std::size_t words = 0;
  bool verb = false;
  std::string previous;
  for (std::size_t at = 0; at < text.size();) {
    const std::size_t begin = text.find_first_not_of(" \t\n,.;:!?\"'()–-", at);
    if (begin == std::string_view::npos) break;
    std::size_t end = text.find_first_of(" \t\n,.;:!?\"'()", begin);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view word = text.substr(begin, end - begin);
    const bool capital = word[0] >= 'A' && word[0] <= 'Z';
    const std::string lower = lower_first(word);
    // after an article or a number an ending in -en is an adjective's („an
    // einem sonnigen Tag“, „bei 23 erlaubten“)
    const bool after_number = !previous.empty() && std::isdigit(static_cast<unsigned char>(previous.back()));
    if ((words == 0 || !capital) && !not_verbs.contains(lower) && lower.size() >= 3 &&
        (lower.ends_with("t") || (lower.ends_with("en") && !determiners.contains(previous) && !after_number) ||
         lower == "bin"))
      verb = true;
    ++words;
    previous = lower;
    at = end;
  }
  return words >= 3 && verb;
}

// True if `clause` (folded) is a relative clause: its second word is no
// verb („…, die von dir falsch eingetippt worden war“; „…, das stand in der
// Beschreibung“ is a clause of its own).
bool is_relative_clause(std::string_view clause) {
  static const RE2 relative(
      R"(^[^\pL]*(?:der|die|das|dem|den|deren|dessen|denen|welche[rsmn]?) (?:ich|du|er|sie|es|wir|ihr|man|ihnen|uns|mir|dir|euch|sich|der|die|das|den|dem|des|ein|eine|einen|einem|einer|von|vom|mit|an|am|auf|in|im|bei|beim|für|zu|zum|zur|aus|nach|über|unter|vor|durch|gegen|ohne|um|ja|doch|schon|noch|nicht|nie|bereits|gestern|heute|jetzt|hier|dort|so|auch|leider|eigentlich)\b)");
  return RE2::PartialMatch(clause, relative);
}

// True if `text` names a thing: a number, or a word in capitals other than
// the customer's pronouns (German capitalises its nouns).
bool names_a_thing(std::string_view text) {
  static const RE2 capital(R"((\d|\p{Lu}\pL*))");
  static const RE2 address(R"((?:Sie|Ihnen|Ihr|Ihre[mnrs]?|Du|Dir|Dich|Dein|Deine[mnrs]?)$)");
  re2::StringPiece input(text.data(), text.size()), word;
  while (RE2::FindAndConsume(&input, capital, &word))
    if (!RE2::FullMatch(word, address)) return true;
  return false;
}

}  // namespace

std::optional<std::pair<std::size_t, std::size_t>> whole_sentence(std::string_view view, std::size_t begin,
                                                                  std::size_t end, SentenceIndex& sentences,
                                                                  SentenceRest rest) {
  auto [first, last] = sentences.sentence_at(begin);
  if (end > last) return std::nullopt;
  auto blank = [&](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
  while (first < begin && blank(view[first])) ++first;
  first += salutation_length(view.substr(first, begin - first));
  while (last > end && blank(view[last - 1])) --last;
  // A sentence after a question answers it („Der Akku ist schwächer? Total
  // überraschend!“): the two say one thing, and one of them alone is no fix.
  std::size_t before = first;
  while (before > 0 && blank(view[before - 1])) --before;
  if (before > 0 && view[before - 1] == '?') return std::nullopt;
  // A mocking sentence after an ironic yes („Klar, wir schalten das ganze
  // Netz um. Sonst noch Wünsche?“) is part of the mockery: without it, the
  // yes reads as meant.
  if (rest == SentenceRest::no_number && before > 0) {
    static const RE2 ironic_yes(R"(^[ \t\r\n]*(?:(?:ja|na|aber) )?(?:klar|natürlich|sicher|selbstverständlich|genau|logisch|sicher doch)\b)");
    const std::size_t previous = sentences.sentence_at(before - 1).first;
    std::string opening = fold_text(view.substr(previous, std::min<std::size_t>(before - previous, 40)));
    if (RE2::PartialMatch(opening, ironic_yes)) return std::nullopt;
  }
  auto allowed = [&](std::string_view beside) {
    return rest == SentenceRest::no_fact ? holds_no_fact(beside)
                                         : std::none_of(beside.begin(), beside.end(), [](char c) { return c >= '0' && c <= '9'; });
  };
  if (!allowed(view.substr(first, begin - first)) || !allowed(view.substr(end, last - end))) return std::nullopt;
  // A sentence after it that points back („… nicht zu wundern. Das gilt auch
  // für dich.“, „Wir prüfen dein Foto trotzdem.“, „Die neue kommt per Post.“)
  // would point at nothing.
  static const RE2 points_back(
      R"(^[ \t\r\n]*(?:(?:Das|Dies|Dieses|Diese|Dieser|Es|So) [a-zäöüß]|(?:Dies|Daher|Deshalb|Deswegen|Darum|Dafür|Dazu|Dabei|Damit|Trotzdem|Also|Sonst|Dann)\b|(?:Der|Die|Das|Den|Ein|Eine|Einen) [a-zäöüß]+e[nrs]? [a-zäöüß])|^[^.!?\n]*\b(?:trotzdem|dennoch|davon|beiseite)\b)");
  const re2::StringPiece next(view.data() + last, std::min<std::size_t>(view.size() - last, 200));
  if (RE2::PartialMatch(next, points_back)) return std::nullopt;
  // Nor may a pronoun after a mocking sentence („Klar, das Paket hat sich in
  // Luft aufgelöst. Laut Sendungsverfolgung wurde es …“) lose the noun it
  // stands for; „es“ counts only after a verb („ob es eine günstigere Option
  // gibt“ points nowhere).
  static const RE2 pronoun(
      R"(^[^.!?\n]*(?:[\pL,] (?:er|ihn|ihm|sie)|\b(?:wurde|wird|ist|war|hat|hatte|habe|haben|kommt|kam|liegt|lag|steht|stand|kann|konnte|muss|musste|soll|sollte|würde) es)\b)");
  static const RE2 noun(R"(\pL[^.!?\n]* \p{Lu}\p{Ll})");
  if (rest == SentenceRest::no_number && RE2::PartialMatch(next, pronoun) &&
      RE2::PartialMatch(re2::StringPiece(view.data() + first, last - first), noun))
    return std::nullopt;
  // What closes the line after it without a word („Wir tun unser Bestes! 🙏“)
  // belongs to it and goes with it.
  const auto* bytes = reinterpret_cast<const uint8_t*>(view.data());
  const auto n = static_cast<int32_t>(view.size());
  std::size_t closing = last;
  for (auto i = static_cast<int32_t>(last); i < n && view[static_cast<std::size_t>(i)] != '\n';) {
    UChar32 c;
    U8_NEXT(bytes, i, n, c);
    if (u_isalnum(c) || c == '{' || c == '[' || c == '%') return std::pair{first, last};
    if (!blank(static_cast<char>(c)) || c > 0x7F) closing = static_cast<std::size_t>(i);
  }
  return std::pair{first, closing};
}

bool words_beside(std::string_view view, std::pair<std::size_t, std::size_t> sentence, std::size_t wanted) {
  std::size_t words = 0;
  auto letter = [](char c) { return std::isalpha(static_cast<unsigned char>(c)) || static_cast<unsigned char>(c) >= 0x80; };
  for (std::size_t at = sentence.second; at < view.size() && words < wanted; ++at)
    if (letter(view[at]) && (at == sentence.second || !letter(view[at - 1]))) ++words;
  for (std::size_t at = sentence.first; at > 0 && words < wanted; --at)
    if (letter(view[at - 1]) && (at == 1 || !letter(view[at - 2]))) ++words;
  return words >= wanted;
}

std::optional<ClosingClause> closing_clause(std::string_view view, std::size_t begin, std::size_t end,
                                            SentenceIndex& sentences) {
  auto [first, last] = sentences.sentence_at(begin);
  if (end > last) return std::nullopt;
  auto blank = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
  while (last > end && blank(view[last - 1])) --last;
  // A salutation is not the sentence: „Hi Mia, sobald …,“ opens with its
  // „sobald“ clause.
  while (first < begin && blank(view[first])) ++first;
  first += salutation_length(view.substr(first, begin - first));
  // The sentence's end mark; what follows it (an emoji) stays.
  std::size_t mark = end;
  while (mark > begin && is_sentence_mark(view[mark - 1])) --mark;  // a match may end on it
  while (mark < last && !is_sentence_mark(view[mark])) ++mark;
  if (mark == last) return std::nullopt;
  std::size_t mark_end = mark;
  while (mark_end < last && is_sentence_mark(view[mark_end])) ++mark_end;
  // The separator before the match: a comma, a semicolon or a dash after a blank.
  std::size_t separator = std::string_view::npos;
  std::size_t clause = 0;  // where the clause's words start
  for (std::size_t at = begin; at > first + 1 && separator == std::string_view::npos; --at) {
    const char c = view[at - 1];
    if (c == ',' || c == ';' || (c == '-' && view[at - 2] == ' ')) {
      separator = at - 1;
      clause = at;
    } else if (at >= first + 4 && view.substr(at - 3, 3) == "\xE2\x80\x93" && view[at - 4] == ' ') {  // –
      separator = at - 3;
      clause = at;
    }
  }
  if (separator == std::string_view::npos || separator <= first) return std::nullopt;
  // The sentence before it must stand alone: not a „wenn …“ clause waiting
  // for its main clause, not „entweder …“ without „oder“; and the clause
  // must not be what a verb before it needs („Du weißt, was …“). Numbers
  // are facts and stay.
  const std::string before = fold_text(view.substr(first, separator - first));
  const std::string dropped = fold_text(view.substr(clause, mark - clause));
  static const RE2 opens_subordinate(
      R"(^[^\pL]*(?:(?:aber|und|oder|doch|also|nur|jedoch) )?(?:wenn|falls|sofern|sollten?|solltest|ob|dass|weil|obwohl|bevor|nachdem|sobald|solange|je|da|was|wer|wie|wo|wann|warum)\b)");
  // „entweder“ without its „oder“, a zu-infinitive or a word that wants a
  // clause after it („wir hatten schon Angst, du …“, „Sie schrieben, …“)
  static const RE2 needs_more(
      R"(\bentweder\b|\bzu \pL+en$|\pLzu\pL+en$|\bso \pL+$|\b(?:angst|sorge|gedacht|dachte|dachten|befürchtet|befürchtete|fürchte|meinte|meinten|glaubte|glaubten|sagte|sagten|schrieb|schrieben|behauptet|behauptete|gehofft|hoffte)$)");
  // the last part of what stays, when it is an embedded clause („Ein Hund,
  // der Kabel frisst, …“) whose main clause would go
  static const RE2 ends_embedded(
      R"((?:,|–| -) *(?:der|die|das|dem|den|deren|dessen|welche[rsmn]?|dass|ob|wie|was|wo|wenn|weil|als)\b[^,]*$)");
  static const RE2 complement(
      R"(^[^\pL]*(?:dass|ob|was|wer|wie|wo|wann|warum|weshalb|wieso|weil|wenn|falls|als|sodass)\b|(?:^|[^\pL])(?:zu \pL+en|\pL+zu\pL+en)[^\pL]*$)");
  static const RE2 purpose(R"(^[^\pL]*(?:um|ohne|statt|anstatt)\b)");
  // a clause in which the writer offers help („…, aber für dich mach ich's
  // gern Schritt für Schritt“) is what the customer needs, however it is put
  // (RE2's \b knows no umlauts: „verzögern“ would hold a „gern“)
  static const RE2 offers(R"((?:^|[^\pL])(?:gern|gerne|(?:ich|wir) (?:\pL+ )?(?:helfe|helfen|erkläre|erklären|zeige|zeigen))(?:[^\pL]|$))");
  static const RE2 digit(R"(\d)");
  // a clause that names who helps („da ist der Baumarkt Ihr Ansprechpartner“)
  // is a fact the customer needs; one that only denies it is not
  static const RE2 names_helper(
      R"(\b(?:ansprechpartner\pL*|anlaufstelle|zuständig\pL*|hilft|helfen|weiterhelfen|sache (?:des|der|von|ihres|ihrer|deines|deiner)|(?:thema|fall) (?:fürs|für (?:die|den|das|ihre?n?|deine?n?)))\b)");
  static const RE2 denies(R"(\b(?:nicht|nichts|kein\pL*|falsche[nrs]?|selbst|selber)\b)");
  // „wir sind nicht zuständig“ tells the customer to go elsewhere: it may go
  // only where what stays sends them there („… klären Sie bitte mit der
  // Apotheke, das ist nicht unsere Aufgabe“), not after a bare statement
  // („Rückerstattungen laufen über PayPal, da bist du bei uns falsch“)
  static const RE2 not_ours(
      R"(\b(?:nicht|nichts|nix|kein\pL*|falsch\pL*)\b[^.!?]*\b(?:zuständig|aufgabe|bereich|sache|bier|baustelle|job|angelegenheit|adresse|stelle|ansprechpartner|hand|thema)\b|\bnichts? (?:damit |mit \pL+ )?zu tun\b|\b(?:sind|bin) (?:wir|ich|da) (?:\pL+ )?raus\b|\bnicht (?:über|bei) uns\b|\bbei (?:uns|mir)\b[^.!?]*\bfalsch\pL*)");
  static const RE2 sends_elsewhere(
      R"(\b(?:bitte|wenden|wende|wendest|fragen|frag|fragst|klären|klär|klärst|melden|meld|meldest|rufen|ruf|rufst|schreiben|schreib|schreibst|kontaktieren|kontaktier|richten|richte|geh|gehen|fahr|fahren|fährst|halten|hältst|hilft|helfen|weiterhelfen|zuständig)\b|\ban (?:die|den|das|dem|der|ihre?[mnr]?|deine?[mnr]?) \pL)");
  // what happens after a deadline is a fact when it names a thing („danach
  // zahlen Sie den vollen Preis“, „bevor der Preis steigt“), pressure when it
  // does not („danach ist es weg“, „bevor Sie erneut anrufen“)
  static const RE2 consequence(R"(^[^\pL]*(?:danach|dann|sonst|ansonsten|ab dann)\b)");
  static const RE2 thing_before(R"(^[^\pL]*bevor (?:der|die|das|ein|eine|kein|keine) )");
  // a relative clause after „eine Adresse“ says which one is meant and stays
  // („…, die von dir falsch eingetippt worden war“); after „dem Sturz“ the
  // thing is known already
  static const RE2 indefinite_end(R"(\b(?:ein|eine|einen|einem|einer|eines|kein\pL*) (?:\pL+ ){0,2}\pL+\W*$)");
  // an irony marker in what stays would turn it into a literal promise
  static const RE2 ironic(R"(\b(?:natürlich|bestimmt|selbstverständlich|toll|super|wow|glückwunsch)\b)");
  // after a colon or a semicolon a clause starts afresh
  const std::size_t fresh = before.find_last_of(":;");
  const std::string_view last_part = std::string_view(before).substr(fresh == std::string::npos ? 0 : fresh + 1);
  if ((RE2::PartialMatch(before, opens_subordinate) && before.find(',') == std::string::npos) ||
      (RE2::PartialMatch(last_part, opens_subordinate) && last_part.find(',') == std::string_view::npos) ||
      RE2::PartialMatch(before, ironic) ||
      RE2::PartialMatch(before, needs_more) || RE2::PartialMatch(before, ends_embedded) ||
      (RE2::PartialMatch(dropped, complement) && !RE2::PartialMatch(dropped, purpose)) ||
      RE2::PartialMatch(dropped, offers) ||
      RE2::PartialMatch(dropped, digit) ||
      (RE2::PartialMatch(dropped, names_helper) && !RE2::PartialMatch(dropped, denies)) ||
      (RE2::PartialMatch(dropped, not_ours) && !RE2::PartialMatch(before, sends_elsewhere)) ||
      ((RE2::PartialMatch(dropped, consequence) && names_a_thing(view.substr(clause, mark - clause))) ||
       RE2::PartialMatch(dropped, thing_before)) ||
      (is_relative_clause(dropped) && RE2::PartialMatch(before, indefinite_end)) ||
      !reads_as_clause(view.substr(first, separator - first)) || opens_with_verb(view.substr(first, separator - first)))
    return std::nullopt;
  if (!holds_no_fact(view.substr(clause, begin - clause)) ||
      !holds_no_fact(view.substr(std::min(end, mark), mark - std::min(end, mark))))
    return std::nullopt;
  std::size_t from = separator;
  while (from > first && blank(view[from - 1])) --from;
  if (view.substr(mark, mark_end - mark).find('?') != std::string_view::npos) return ClosingClause{from, mark_end, "."};
  return ClosingClause{from, mark, ""};
}

std::optional<ClosingClause> opening_lead(std::string_view view, std::size_t begin, std::size_t end,
                                          SentenceIndex& sentences) {
  // Plain variables, not a structured binding: the lambda below uses `first`.
  const std::pair<std::size_t, std::size_t> sentence = sentences.sentence_at(begin);
  std::size_t first = sentence.first;
  const std::size_t last = sentence.second;
  if (end > last) return std::nullopt;
  auto blank = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
  while (first < begin && blank(view[first])) ++first;
  first += salutation_length(view.substr(first, begin - first));
  const std::size_t colon = view.find(':', end > begin && view[end - 1] == ':' ? end - 1 : end);
  if (colon >= last || view.substr(first, begin - first).find(':') != std::string_view::npos) return std::nullopt;
  std::size_t next = colon + 1;
  while (next < last && blank(view[next])) ++next;
  // Beside the match, the lead may hold particles and pronouns („, deshalb
  // ganz einfach für Sie“), not a thing of its own: German capitalises its
  // nouns. The sentence's first word is capitalised anyway.
  auto names_a_thing_in = [&](std::size_t from, std::size_t to) {
    const std::size_t at = std::min(from == first ? view.find_first_of(" \t\n", from) : from, to);
    return names_a_thing(view.substr(at, to - at));
  };
  // „Nur heute:“, „Bis Freitag:“ set a deadline, which is a fact.
  static const RE2 deadline(
      R"(\b(?:heute|morgen|übermorgen|bis|ab|frist\pL*|montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag|wochenende|uhr|minuten?|stunden?|tagen?|wochen?|monat\pL*)\b)");
  if (RE2::PartialMatch(fold_text(view.substr(first, colon - first)), deadline)) return std::nullopt;
  const std::string_view after = view.substr(next, last - next);
  if (names_a_thing_in(first, begin) || names_a_thing_in(end, colon) || !reads_as_clause(after)) return std::nullopt;
  // The first word after the colon opens the sentence now.
  int32_t length = 0;
  UChar32 c = 0;
  U8_NEXT(reinterpret_cast<const uint8_t*>(after.data()), length, static_cast<int32_t>(after.size()), c);
  const std::string_view letter = after.substr(0, static_cast<std::size_t>(length));
  const std::string capital = upper_first(letter);
  if (capital == letter) return ClosingClause{first, next, ""};
  return ClosingClause{first, next + letter.size(), capital};
}

bool keeps_warmth(std::string_view view, std::pair<std::size_t, std::size_t> sentence) {
  static const RE2 warm(
      R"((?i)\b(?:danke|dank|gern|gerne|bitte|freu\pL*|leid|entschuldig\pL*|herzlich\pL*|schön\pL*|liebe[nrs]?|viel spaß|alles gute)\b)");
  constexpr std::size_t kWindow = 2000;  // a reply's worth of text on each side
  const std::size_t from = sentence.first > kWindow ? sentence.first - kWindow : 0;
  const std::size_t to = std::min(view.size(), sentence.second + kWindow);
  return RE2::PartialMatch(re2::StringPiece(view.data() + from, sentence.first - from), warm) ||
         RE2::PartialMatch(re2::StringPiece(view.data() + sentence.second, to - sentence.second), warm);
}

}  // namespace tonfall
