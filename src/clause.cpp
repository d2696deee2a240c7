#include "tonfall/clause.h"

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <initializer_list>
#include <vector>

#include "tonfall/address.h"
#include "tonfall/segment.h"

namespace tonfall {

namespace {

bool one_of(std::string_view word, std::initializer_list<std::string_view> words) {
  return std::find(words.begin(), words.end(), word) != words.end();
}

UChar32 first_code_point(std::string_view word) {
  if (word.empty()) return 0;
  UChar32 c = 0;
  std::int32_t at = 0;
  U8_NEXT(word.data(), at, static_cast<std::int32_t>(word.size()), c);
  return c;
}

bool capitalized(std::string_view word) { return u_isupper(first_code_point(word)); }

bool all_letters(std::string_view word) {
  for (std::int32_t at = 0; at < static_cast<std::int32_t>(word.size());) {
    UChar32 c = 0;
    U8_NEXT(word.data(), at, static_cast<std::int32_t>(word.size()), c);
    if (c < 0 || !u_isalpha(c)) return false;
  }
  return !word.empty();
}

// Words that may stand for the subject on their own.
bool is_subject_pronoun(std::string_view word) {
  return one_of(word, {"ich", "du", "er", "es", "sie", "Sie", "wir", "ihr", "man"});
}

bool is_article(std::string_view word) {
  return one_of(word, {"der", "die", "das", "ein", "eine", "kein", "keine", "dieser", "diese", "dieses",
                       "jeder", "jede", "jedes", "alle", "manche", "viele", "einige", "Ihr", "Ihre",
                       "dein", "deine", "euer", "eure", "unser", "unsere", "mein", "meine", "sein",
                       "seine", "ihre"});
}

// Words that attach what follows to the noun before them (a genitive, „von“)
// or join a second subject: the subject would not end where it seems to.
bool extends_subject(std::string_view word) {
  return one_of(word, {"des", "der", "eines", "einer", "Ihres", "Ihrer", "deines", "deiner", "meines",
                       "meiner", "unseres", "unserer", "seines", "seiner", "dieses", "dieser", "von",
                       "vom", "und", "oder", "sowie", "samt", "bzw"});
}

// Adverbs and particles that end like an adjective or a verb.
bool is_adverb(std::string_view word) {
  return one_of(word, {"morgen", "übermorgen", "gestern", "heute", "eben", "oben", "unten", "innen",
                       "außen", "gern", "gerne", "selten", "trotzdem", "bitte", "ebenfalls", "jetzt",
                       "nicht", "sofort", "erst", "zuletzt", "fast", "meist", "längst", "dort", "recht",
                       "leicht", "gut", "bereits", "schon", "noch", "mehr", "wieder", "immer", "nie",
                       "nun", "halt", "mal", "eigentlich", "natürlich", "leider", "wegen", "gegen",
                       "seit", "jeweils", "damit", "deshalb", "also", "zudem", "außerdem"});
}

bool is_adjective(std::string_view word) {
  if (capitalized(word) || is_adverb(word) || is_article(word) || !all_letters(word)) return false;
  for (std::string_view ending : {"e", "en", "er", "es", "em"})
    if (word.ends_with(ending) && word.size() > ending.size() + 2) return true;
  return false;
}

// Words that open another clause or join two: the clause holds more than
// one verb, or its order is not the one this reads.
bool opens_clause(std::string_view word) {
  return one_of(word, {"und", "oder", "aber", "sondern", "weil", "wenn", "falls", "ob", "dass", "bevor",
                       "nachdem", "als", "obwohl", "sobald", "solange", "während", "denn", "sowie", "was",
                       "wer"});
}

bool is_finite_verb(std::string_view word) {
  if (capitalized(word) || !all_letters(word) || is_adverb(word) || word.size() < 2) return false;
  if (one_of(word, {"ist", "sind", "bin", "bist", "seid", "war", "waren", "hat", "wird", "kann", "muss", "soll",
                    "will", "darf", "mag", "weiß", "sei", "kam", "gab", "ging", "lag", "nahm", "fand",
                    "fiel", "lief", "sah", "las", "bat", "blieb", "schrieb", "rief", "stand", "traf"}))
    return true;
  for (std::string_view ending : {"t", "en", "st", "rn", "ln"})
    if (word.ends_with(ending)) return true;
  return word.ends_with("e") && (word.ends_with("te") || word.ends_with("be") || word.ends_with("de"));
}

bool is_vowel(char c) { return std::string_view("aeiouäöü").find(c) != std::string_view::npos; }

// Two consonants a German verb stem may begin with.
bool is_onset(std::string_view two) {
  return one_of(two, {"bl", "br", "ch", "dr", "fl", "fr", "gl", "gn", "gr", "kl", "kn", "kr", "pf", "pl",
                      "pr", "ps", "qu", "sc", "sp", "st", "sk", "sl", "sm", "sn", "sw", "tr", "zw", "wr"});
}

// Separable verb prefixes, longer ones first.
constexpr std::string_view kSeparable[] = {
    "zusammen", "auseinander", "entgegen", "herunter", "hinunter", "zurecht", "zurück", "vorbei", "voraus",
    "weiter", "heraus", "herein", "herüber", "herum", "hinaus", "hinein", "bekannt", "bereit", "fertig",
    "kennen", "sicher", "dagegen", "dabei", "davon", "dazu", "voran", "statt", "fest", "fort", "frei",
    "hoch", "klar", "offen", "nach", "teil", "raus", "rein", "runter", "rüber", "drauf", "dran", "auf",
    "aus", "bei", "ein", "gut", "los", "mit", "vor", "weg", "rum", "ab", "an", "zu", "her", "hin", "um"};

struct Split {
  std::string_view prefix;
  std::string_view stem;
};

// A finite verb with a separable prefix („vorbeikommt“ → „vorbei“ + „kommt“);
// an empty prefix for a verb that has none; nothing when the word leaves it
// open („umgeht“, „durchsucht“, „wiederholt“).
std::optional<Split> split_separable(std::string_view verb) {
  for (std::string_view open : {"durch", "wieder", "wider"})
    if (verb.starts_with(open) && verb.size() > open.size() + 2) return std::nullopt;
  if (one_of(verb, {"umfasst", "umgeht", "umgibt", "umarmt", "umrundet"})) return Split{{}, verb};
  // No prefix at all, or one that never separates, though the word starts
  // like a separable one: „hinterlassen“, „hindern“, „antworten“.
  for (std::string_view start : {"hinter", "über", "unter", "antwort", "beinhalt", "hinder", "angel", "anker"})
    if (verb.starts_with(start)) return Split{{}, verb};
  for (std::string_view prefix : kSeparable) {
    if (!verb.starts_with(prefix)) continue;
    const std::string_view stem = verb.substr(prefix.size());
    if (stem.size() < 3) continue;
    if (is_vowel(stem[0])) {
      // „an-erkennt“ splits; „ein-igt“ or „ab-onniert“ might not.
      if (stem.starts_with("er") || stem.starts_with("ent")) return Split{prefix, stem};
      return std::nullopt;
    }
    if (!is_vowel(stem[1]) && !is_onset(stem.substr(0, 2))) continue;  // „bei-nhaltet“ is no split
    return Split{prefix, stem};
  }
  return Split{{}, verb};
}

// How many words at the start of `words` make the subject, or nothing.
std::optional<std::size_t> subject_length(const std::vector<std::string_view>& words) {
  const std::string_view first = words[0];
  std::size_t length = 0;
  if (is_subject_pronoun(first)) {
    length = 1;
  } else if (one_of(first, {"das", "dies"}) && !capitalized(words[1]) && !is_adjective(words[1])) {
    length = 1;  // „dass das nicht geht“
  } else if (one_of(first, {"Herr", "Frau"}) && capitalized(words[1])) {
    length = 2;
  } else {
    std::size_t at = is_article(first) ? 1 : 0;
    while (at < words.size() && is_adjective(words[at])) ++at;
    if (at >= words.size() || !capitalized(words[at]) || !all_letters(words[at]) ||
        one_of(words[at], {"Sie", "Ihnen", "Ihr", "Ihre", "Ihren", "Ihrem", "Ihrer", "Ihres"}))
      return std::nullopt;
    length = at + 1;
  }
  // A genitive that can be nothing else goes with its noun: „die Reparatur
  // Ihres Wagens“, „der Akku des Geräts“. Where a noun follows it („die
  // Rechnung Ihres Anbieters Fehler enthält“, „des Herrn Weber“), where the
  // subject ends cannot be told.
  if (length > 1 && length + 1 < words.size() &&
      one_of(words[length], {"des", "eines", "Ihres", "deines", "meines", "unseres", "seines"})) {
    std::size_t at = length + 1;
    while (at < words.size() && is_adjective(words[at])) ++at;
    if (at + 1 < words.size() && capitalized(words[at]) && all_letters(words[at]) && !capitalized(words[at + 1]))
      length = at + 1;
  }
  if (length >= words.size()) return std::nullopt;
  if (extends_subject(words[length])) return std::nullopt;
  // A noun without an article takes „ohne …“ or „mit …“ along („Fahren ohne
  // Fahrschein … darstellt“); „Rosen im Winter teurer sind“ keeps its time
  // for the verb.
  const bool bare_noun = length == 1 && capitalized(first) && !is_subject_pronoun(first);
  if (bare_noun && one_of(words[1], {"ohne", "mit"})) return std::nullopt;
  return length;
}

// The words of a clause without marks that join or set off a second part
// (a comma inside a number stays), or nothing.
std::optional<std::vector<std::string_view>> clause_words(std::string_view clause) {
  for (std::size_t at = 0; at < clause.size(); ++at) {
    const char c = clause[at];
    if (std::string_view(";:()[]\"!?").find(c) != std::string_view::npos) return std::nullopt;
    if (c == ',' && !(at > 0 && at + 1 < clause.size() && std::isdigit(static_cast<unsigned char>(clause[at - 1])) &&
                      std::isdigit(static_cast<unsigned char>(clause[at + 1]))))
      return std::nullopt;
  }
  if (clause.find("–") != std::string_view::npos || clause.find("—") != std::string_view::npos ||
      clause.find("„") != std::string_view::npos)
    return std::nullopt;
  std::vector<std::string_view> words;
  for (std::size_t at = 0; at < clause.size();) {
    const std::size_t end = std::min(clause.find(' ', at), clause.size());
    if (end > at) words.push_back(clause.substr(at, end - at));
    at = end + 1;
  }
  if (words.size() < 2) return std::nullopt;
  for (std::size_t k = 1; k + 1 < words.size(); ++k)
    if (opens_clause(words[k])) return std::nullopt;
  return words;
}

// Joins words with single blanks.
struct Words {
  std::string text;
  void add(std::string_view word) {
    if (word.empty()) return;
    if (!text.empty()) text += ' ';
    text += word;
  }
};

// The infinitive in a zu-infinitive that closes an order („zu erscheinen“,
// „zurückzusenden“), with the words before it; nothing when there is none.
std::optional<std::string> without_zu(std::vector<std::string_view>& words) {
  const std::string_view last = words.back();
  if (words.size() >= 2 && words[words.size() - 2] == "zu") {
    words.erase(words.end() - 2);
    return std::string(last);
  }
  for (std::string_view prefix : kSeparable) {
    if (!last.starts_with(prefix) || last.substr(prefix.size(), 2) != "zu" || last.size() < prefix.size() + 5)
      continue;
    return std::string(prefix) + std::string(last.substr(prefix.size() + 2));
  }
  return std::nullopt;
}

// True if the reader can be asked to do `infinitive`, which `before`
// precedes (`has_before`: it is a word of the clause). What the reader must
// bear is no request („Die Kosten haben Sie zu tragen.“), nor a perfect, a
// passive or a second verb.
bool requestable(std::string_view infinitive, std::string_view before, bool has_before) {
  if (const std::optional<Split> verb = split_separable(infinitive);
      infinitive == "aufkommen" ||
      (verb && one_of(verb->stem, {"tragen", "zahlen", "bezahlen", "übernehmen", "haften", "rechnen", "akzeptieren",
                                   "hinnehmen", "befürchten", "erwarten", "verzichten", "leben"})))
    return false;
  if (infinitive != "sein" && !is_finite_verb(infinitive)) return false;
  if (one_of(infinitive, {"haben", "werden", "lassen"})) return false;
  return !(has_before && before.starts_with("ge") && (before.ends_with("t") || before.ends_with("en")));
}

// Words that negate an order or make a request of it read oddly.
bool unfit_for_request(std::string_view word) {
  return word.starts_with("kein") || one_of(word, {"nicht", "nichts", "nie", "niemals", "leider", "zwingend"});
}

// The infinitive of a service verb's participle („geprüft“ → „prüfen“,
// „weitergeleitet“ → „weiterleiten“, „storniert“ → „stornieren“), or
// nothing for any other word: only what a company does for its customer
// may become „wir …“.
std::optional<std::string> service_infinitive(std::string_view participle) {
  static constexpr std::string_view kServiceVerbs[] = {
      "prüfen", "überprüfen", "bearbeiten", "weiterleiten", "erstatten", "stornieren", "buchen", "umbuchen",
      "anpassen", "korrigieren", "freischalten", "einrichten", "reparieren", "austauschen", "versenden",
      "verschicken", "verbuchen", "erfassen", "registrieren", "veranlassen", "beauftragen", "anlegen",
      "bestätigen", "ändern", "aktualisieren", "sperren", "entsperren", "zurückbuchen", "löschen", "klären",
      "informieren", "benachrichtigen", "verlängern", "reservieren", "vormerken", "notieren", "gutschreiben",
      "überweisen", "weitergeben", "ersetzen", "erneuern", "zurückerstatten"};
  static constexpr std::pair<std::string_view, std::string_view> kStrong[] = {
      {"gutgeschrieben", "gutschreiben"}, {"überwiesen", "überweisen"}, {"weitergegeben", "weitergeben"}};
  for (const auto& [form, infinitive] : kStrong)
    if (participle == form) return std::string(infinitive);
  if (!participle.ends_with("t")) return std::nullopt;
  std::string prefix;
  std::string_view rest = participle;
  for (std::string_view separable : kSeparable) {
    if (rest.starts_with(separable) && rest.substr(separable.size()).starts_with("ge") && rest.size() > separable.size() + 4) {
      prefix = separable;
      rest.remove_prefix(separable.size());
      break;
    }
  }
  if (rest.starts_with("ge") && !rest.starts_with("gehör")) rest.remove_prefix(2);
  std::string stem(rest.substr(0, rest.size() - 1));  // without the -t
  if (stem.ends_with("e") && stem.size() > 2 && (stem[stem.size() - 2] == 't' || stem[stem.size() - 2] == 'd'))
    stem.pop_back();  // „bearbeit-e-t“, „meld-e-t“
  const std::string infinitive =
      prefix + stem + (((stem.ends_with("er") && !stem.ends_with("ier")) || stem.ends_with("el")) ? "n" : "en");
  for (std::string_view verb : kServiceVerbs)
    if (verb == infinitive) return infinitive;
  return std::nullopt;
}

// The words of a subject in the accusative, its article in lower case
// (the polite „Ihr“ aside), or nothing where its gender leaves that open.
std::optional<std::vector<std::string>> accusative_of(const std::vector<std::string_view>& subject) {
  static constexpr std::string_view kMasculine[] = {"Antrag", "Auftrag", "Vertrag", "Termin", "Zugang", "Anschluss",
                                                    "Tarif", "Fall", "Schaden", "Betrag", "Wunsch", "Hinweis",
                                                    "Widerspruch", "Koffer", "Router", "Zähler", "Account", "Brief",
                                                    "Beitrag", "Abschlag", "Einwand", "Rückruf", "Ausweis"};
  static constexpr std::string_view kNeuter[] = {"Anliegen", "Paket", "Konto", "Ticket", "Feedback", "Formular",
                                                 "Gerät", "Schreiben", "Zimmer", "Abo", "Passwort", "Handy",
                                                 "Auto", "Fahrzeug", "Dokument", "Guthaben", "Kundenkonto"};
  if (subject.size() < 2) return std::nullopt;
  std::vector<std::string> out(subject.begin(), subject.end());
  const bool polite = out[0] == "Ihr" || out[0] == "Ihre";
  if (!polite) out[0] = lower_first(out[0]);
  const std::string_view noun = subject.back();
  auto listed = [&](const auto& list) { return std::find(std::begin(list), std::end(list), noun) != std::end(list); };
  const std::string article = lower_first(out[0]);
  bool masculine = false;
  if (article == "der" || article == "dieser") {
    masculine = true;
    out[0] = out[0].substr(0, out[0].size() - 1) + "n";  // „der“ → „den“, „dieser“ → „diesen“
  } else if (one_of(article, {"ihr", "dein", "unser", "ein", "kein"}) && listed(kMasculine)) {
    masculine = true;
    out[0] += "en";  // „Ihr Antrag“ → „Ihren Antrag“
  } else if (!one_of(article, {"die", "das", "eine", "ihre", "deine", "unsere", "diese", "dieses", "keine"}) &&
             !(one_of(article, {"ihr", "dein", "unser", "ein", "kein"}) && listed(kNeuter))) {
    return std::nullopt;
  }
  // An adjective before a masculine noun ends in -en: „der neue Antrag“ → „den neuen Antrag“.
  for (std::size_t k = 1; masculine && k + 1 < out.size(); ++k) {
    if (out[k].ends_with("er")) out[k] = out[k].substr(0, out[k].size() - 2) + "en";
    else if (out[k].ends_with("e")) out[k] += "n";
  }
  return out;
}

}  // namespace

std::optional<std::string> main_clause(std::string_view clause) {
  const std::optional<std::vector<std::string_view>> words = clause_words(clause);
  if (!words) return std::nullopt;
  const std::string_view finite = words->back();
  if (!is_finite_verb(finite)) return std::nullopt;
  const std::optional<std::size_t> subject = subject_length(*words);
  if (!subject) return std::nullopt;
  const std::optional<Split> verb = split_separable(finite);
  if (!verb) return std::nullopt;
  Words out;
  for (std::size_t k = 0; k < *subject; ++k) out.add((*words)[k]);
  out.add(verb->stem);
  for (std::size_t k = *subject; k + 1 < words->size(); ++k) out.add((*words)[k]);
  out.add(verb->prefix);
  return out.text;
}

namespace {

// True if `word` may be a finite verb: a verb's ending or a short finite
// form, in lower case, and no pronoun, article or adverb.
bool may_be_finite_verb(std::string_view word) {
  const bool verb_like = word.ends_with("t") || word.ends_with("en") ||
                         one_of(word, {"ist", "sind", "wird", "bin", "kann", "muss", "darf", "will", "soll", "mag", "weiß"});
  return verb_like && !capitalized(word) && !is_subject_pronoun(word) && !is_article(word) && !is_adverb(word);
}

}  // namespace

std::optional<std::string> verb_second(std::string_view clause) {
  const std::optional<std::vector<std::string_view>> words = clause_words(clause);
  if (!words || words->size() < 3) return std::nullopt;
  const std::string_view finite = words->front();
  if (!may_be_finite_verb(finite)) return std::nullopt;
  const std::vector<std::string_view> rest(words->begin() + 1, words->end());
  const std::optional<std::size_t> subject = subject_length(rest);
  if (!subject) return std::nullopt;
  Words out;
  for (std::size_t k = 0; k < *subject; ++k) out.add(rest[k]);
  out.add(finite);
  for (std::size_t k = *subject; k < rest.size(); ++k) out.add(rest[k]);
  return out.text;
}

std::optional<std::string> verb_first(std::string_view clause) {
  // Only the first two words count; the rest may hold anything.
  const std::size_t first_end = clause.find(' ');
  if (first_end == std::string_view::npos) return std::nullopt;
  const std::string_view first = clause.substr(0, first_end);
  const std::string_view rest = clause.substr(first_end + 1);
  const std::string_view second = rest.substr(0, rest.find_first_of(" ,.;:!?"));
  if (!may_be_finite_verb(first) || second.empty() || may_be_finite_verb(second)) return std::nullopt;
  return std::string(clause);
}

std::optional<std::string> polite_request(std::string_view clause) {
  std::optional<std::vector<std::string_view>> words = clause_words(clause);
  if (!words || words->size() < 3) return std::nullopt;
  const bool polite = words->front() == "Sie";
  if (!polite && words->front() != "du" && words->front() != "Du") return std::nullopt;
  std::string infinitive(words->back());
  const std::string_view second = (*words)[1];
  if (one_of(second, {"müssen", "musst", "sollen", "sollst", "haben", "hast"})) {
    // An order in main-clause order: „Sie müssen das Formular ausfüllen“,
    // „Sie haben das Formular auszufüllen“. Negated, it is none („Sie
    // müssen nichts tun“); with „leider“, the request would read oddly.
    if (std::any_of(words->begin(), words->end(), unfit_for_request)) return std::nullopt;
    words->erase(words->begin() + 1);
    if (one_of(second, {"haben", "hast"})) {
      std::optional<std::string> bare = without_zu(*words);
      if (!bare) return std::nullopt;
      infinitive = *bare;
    }
    if (!infinitive.ends_with("en") && !infinitive.ends_with("rn") && !infinitive.ends_with("ln")) return std::nullopt;
  } else if (one_of(infinitive, {"könnten", "würden", "möchten", "können", "wollen", "könntest", "würdest",
                                 "möchtest", "kannst", "willst"})) {
    words->pop_back();  // the modal goes; the infinitive before it becomes the verb
    infinitive = std::string(words->back());
    if (!infinitive.ends_with("en") && !infinitive.ends_with("rn") && !infinitive.ends_with("ln")) return std::nullopt;
  } else if (!polite) {
    std::optional<std::string> form = sie_form(infinitive);  // „schickst“ → „schicken“
    if (!form) return std::nullopt;
    infinitive = *form;
  }
  if (infinitive == "sind") infinitive = "sein";
  if (words->size() < 2 || !requestable(infinitive, (*words)[words->size() - 2], words->size() > 2)) return std::nullopt;
  const std::optional<Split> verb = split_separable(infinitive);
  if (!verb) return std::nullopt;
  Words out;
  out.add("bitte");
  if (polite) {
    out.add(verb->stem == "sein" ? "seien" : verb->stem);
    out.add("Sie");
  } else {
    out.add(du_imperative(verb->stem));
  }
  for (std::size_t k = 1; k + 1 < words->size(); ++k) out.add((*words)[k]);
  out.add(verb->prefix);
  return out.text;
}

std::optional<std::string> fronted_request(std::string_view clause) {
  std::optional<std::vector<std::string_view>> words = clause_words(clause);
  if (!words || words->size() < 3) return std::nullopt;
  const bool polite = one_of((*words)[0], {"müssen", "haben"}) && (*words)[1] == "Sie";
  if (!polite && !(one_of((*words)[0], {"musst", "hast"}) && (*words)[1] == "du")) return std::nullopt;
  if (std::any_of(words->begin(), words->end(), unfit_for_request)) return std::nullopt;
  // „haben Sie … zu erscheinen“ orders as „müssen Sie … erscheinen“ does
  std::string zu_infinitive;
  if (one_of((*words)[0], {"haben", "hast"})) {
    const std::optional<std::string> taken = without_zu(*words);
    if (!taken || words->size() < 3) return std::nullopt;
    zu_infinitive = *taken;
  }
  std::string infinitive = zu_infinitive.empty() ? std::string(words->back()) : zu_infinitive;
  if (!infinitive.ends_with("en") && !infinitive.ends_with("rn") && !infinitive.ends_with("ln") && infinitive != "sein")
    return std::nullopt;
  if (!requestable(infinitive, (*words)[words->size() - 2], words->size() > 3)) return std::nullopt;
  const std::optional<Split> verb = split_separable(infinitive);
  if (!verb) return std::nullopt;
  std::optional<std::string> finite = polite ? std::optional<std::string>(verb->stem == "sein" ? "sind" : verb->stem)
                                             : du_form(verb->stem);
  if (!finite) return std::nullopt;
  Words out;
  out.add(*finite);
  out.add((*words)[1]);
  std::size_t k = 2;
  auto clings = [](std::string_view word) {
    return one_of(word, {"uns", "mir", "mich", "sich", "dich", "dir", "es", "sie", "ihn", "ihm", "ihnen", "euch"});
  };
  for (; k + 1 < words->size() && clings((*words)[k]); ++k) out.add((*words)[k]);
  out.add("bitte");
  for (; k + 1 < words->size(); ++k) out.add((*words)[k]);
  out.add(verb->prefix);
  return out.text;
}

std::optional<std::string> active_voice(std::string_view clause) {
  const std::optional<std::vector<std::string_view>> words = clause_words(clause);
  if (!words || words->size() < 3) return std::nullopt;
  std::vector<std::string_view> read = *words;
  const std::string first = lower_first(std::string(read[0]));
  if (first != read[0] && is_article(first) && !is_article(read[0])) read[0] = first;  // the polite „Ihr“ stays
  const std::optional<std::size_t> subject = subject_length(read);
  if (!subject || *subject < 2 || *subject + 1 >= words->size()) return std::nullopt;
  const std::string_view auxiliary = (*words)[*subject];
  const bool present = one_of(auxiliary, {"wird", "werden"});
  if (!present && !one_of(auxiliary, {"wurde", "wurden"})) return std::nullopt;
  for (std::string_view word : *words)
    if (word.starts_with("kein") || one_of(word, {"nicht", "nie", "von", "vom", "durch", "seitens", "sein", "worden"}))
      return std::nullopt;
  const std::optional<std::string> infinitive = service_infinitive(words->back());
  if (!infinitive) return std::nullopt;
  const std::optional<std::vector<std::string>> object =
      accusative_of(std::vector<std::string_view>(words->begin(), words->begin() + static_cast<std::ptrdiff_t>(*subject)));
  if (!object) return std::nullopt;
  Words out;
  out.add("wir");
  std::optional<Split> verb;
  if (present) {
    verb = split_separable(*infinitive);
    if (!verb) return std::nullopt;
    out.add(verb->stem);
  } else {
    out.add("haben");
  }
  for (const std::string& word : *object) out.add(word);
  for (std::size_t k = *subject + 1; k + 1 < words->size(); ++k) out.add((*words)[k]);
  out.add(present ? verb->prefix : words->back());
  return out.text;
}

std::optional<std::string> expected_event(std::string_view clause) {
  const std::optional<std::vector<std::string_view>> words = clause_words(clause);
  if (!words) return std::nullopt;
  // At a sentence start an article or pronoun is capitalized: „Das Paket …“.
  std::vector<std::string_view> read = *words;
  const std::string first = lower_first(std::string(read[0]));
  if (first != read[0] && (is_article(first) || is_subject_pronoun(first) || first == "dies")) read[0] = first;
  const std::optional<std::size_t> subject = subject_length(read);
  if (!subject || *subject + 1 >= words->size()) return std::nullopt;
  const std::string_view verb = (*words)[*subject];
  // A verb that hedges already or tells the past, and what else hedges.
  if (!is_finite_verb(verb) || verb.ends_with("te") || verb.ends_with("ten") ||
      one_of(verb, {"war", "waren", "hat", "haben", "hatte", "hatten", "kam", "kamen", "ging", "gingen", "gab",
                    "lag", "blieb", "wurde", "wurden", "kann", "können", "soll", "sollen", "muss", "müssen",
                    "dürfte", "dürften", "könnte", "könnten", "müsste", "müssten", "würde", "würden"}))
    return std::nullopt;
  bool ahead = false;
  for (std::string_view word : *words) {
    if (one_of(word, {"vielleicht", "vermutlich", "wahrscheinlich", "eventuell", "wohl", "voraussichtlich",
                      "möglicherweise", "hoffentlich", "irgendwie", "eigentlich", "gestern", "vorgestern",
                      "vorhin", "damals", "letzte", "letzten", "letzter", "letztes", "bereits", "seit", "vor"}))
      return std::nullopt;
    // A time still ahead, or how long something coming takes („in 20 Minuten“, „eine Woche“).
    ahead = ahead || word.starts_with("nächst") || word.starts_with("kommend") ||
            one_of(word, {"morgen", "übermorgen", "bald", "demnächst", "gleich", "später", "spätestens", "bis",
                          "innerhalb", "Ende", "Anfang", "Mitte", "Laufe", "Montag", "Dienstag", "Mittwoch",
                          "Donnerstag", "Freitag", "Samstag", "Sonntag", "Wochenende", "Uhr", "Minuten",
                          "Stunden", "Stunde", "Tage", "Tagen", "Woche", "Wochen", "Monat", "Monaten"});
  }
  if (!ahead) return std::nullopt;
  std::size_t at = *subject + 1;
  while (at < words->size() &&
         one_of((*words)[at], {"es", "sich", "mich", "dich", "uns", "euch", "ihm", "ihn", "ihnen", "Ihnen", "dir", "mir"}))
    ++at;
  if (at >= words->size()) return std::nullopt;
  Words out;
  for (std::size_t k = 0; k < words->size(); ++k) {
    if (k == at) out.add("voraussichtlich");
    // the chatty „so zwei Wochen“ beside the forecast is „etwa zwei Wochen“
    out.add(k == at && (*words)[k] == "so" ? "etwa" : (*words)[k]);
  }
  return out.text;
}

}  // namespace tonfall
