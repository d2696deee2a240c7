#include "tonfall/address.h"

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

#include "tonfall/segment.h"

namespace tonfall {

namespace {

using Pair = std::pair<std::string_view, std::string_view>;

// Finite forms that follow no rule, Sie form first.
constexpr Pair kIrregular[] = {
    {"sind", "bist"},         {"haben", "hast"},        {"werden", "wirst"},     {"können", "kannst"},
    {"müssen", "musst"},      {"dürfen", "darfst"},     {"sollen", "sollst"},    {"wollen", "willst"},
    {"mögen", "magst"},       {"möchten", "möchtest"},  {"wissen", "weißt"},     {"tun", "tust"},
    {"hatten", "hattest"},    {"waren", "warst"},       {"wurden", "wurdest"},   {"konnten", "konntest"},
    {"mussten", "musstest"},  {"durften", "durftest"},  {"sollten", "solltest"}, {"wollten", "wolltest"},
    {"könnten", "könntest"},  {"müssten", "müsstest"},  {"dürften", "dürftest"}, {"hätten", "hättest"},
    {"wären", "wärst"},       {"würden", "würdest"},    {"wussten", "wusstest"}, {"mochten", "mochtest"},
};

// Strong verbs whose vowel changes in the du form; the ending decides, so
// „erhalten“ follows „halten“ and „übernehmen“ follows „nehmen“.
constexpr Pair kStrong[] = {
    {"empfehlen", "empfiehlst"}, {"befehlen", "befiehlst"}, {"sprechen", "sprichst"}, {"brechen", "brichst"},
    {"treffen", "triffst"},      {"werfen", "wirfst"},      {"helfen", "hilfst"},     {"sterben", "stirbst"},
    {"werben", "wirbst"},        {"nehmen", "nimmst"},      {"geben", "gibst"},       {"treten", "trittst"},
    {"lesen", "liest"},          {"sehen", "siehst"},       {"vergessen", "vergisst"}, {"essen", "isst"},
    {"messen", "misst"},         {"gelten", "giltst"},      {"fahren", "fährst"},     {"tragen", "trägst"},
    {"schlagen", "schlägst"},    {"laden", "lädst"},        {"graben", "gräbst"},     {"waschen", "wäschst"},
    {"wachsen", "wächst"},       {"fallen", "fällst"},      {"halten", "hältst"},     {"lassen", "lässt"},
    {"raten", "rätst"},          {"braten", "brätst"},      {"schlafen", "schläfst"}, {"laufen", "läufst"},
    {"fangen", "fängst"},        {"stoßen", "stößt"},
};

// Weak verbs that end like a strong one.
constexpr std::string_view kWeakLookalikes[] = {"beantragen", "beauftragen", "heiraten", "veranlassen"};

// What may stand before a verb of the tables: „er-halten“, „ab-geben“,
// „vor-haben“; not „ausschalten“, which only ends like „halten“.
bool is_verb_prefix(std::string_view prefix) {
  static constexpr std::string_view kPrefixes[] = {
      "", "ab", "an", "auf", "aus", "bei", "ein", "mit", "nach", "vor", "weg", "zu", "zurück", "zusammen",
      "be", "ent", "er", "ge", "miss", "ver", "zer", "über", "unter", "um", "wider", "wieder", "hinter",
      "fort", "frei", "los", "hin", "her", "dar", "durch", "fest", "herunter", "hoch", "heraus", "herein",
      "vorbei", "weiter", "wahr", "statt", "teil", "zurecht", "aufrecht", "auseinander", "emp", "entgegen",
      "bekannt", "fern", "bereit"};
  return std::find(std::begin(kPrefixes), std::end(kPrefixes), prefix) != std::end(kPrefixes);
}

// The form of `word` in a table of pairs (the `from` side) with a verb
// prefix before it, as the `to` side with the same prefix.
template <std::size_t N>
std::optional<std::string> by_table(std::string_view word, const Pair (&table)[N], bool first_is_from) {
  for (const auto& pair : table) {
    const std::string_view from = first_is_from ? pair.first : pair.second;
    const std::string_view to = first_is_from ? pair.second : pair.first;
    if (word.ends_with(from) && is_verb_prefix(word.substr(0, word.size() - from.size())))
      return std::string(word.substr(0, word.size() - from.size())) + std::string(to);
  }
  return std::nullopt;
}

// Strong verbs whose du imperative changes e to i (ie), and the few that
// drop more; the ending decides, so „angeben“ and „übernehmen“ follow
// „geben“ and „nehmen“. Read the other way, they give the verb form that
// goes with „Sie“.
constexpr Pair kImperatives[] = {
    {"empfehlen", "empfiehl"}, {"befehlen", "befiehl"}, {"sprechen", "sprich"}, {"brechen", "brich"},
    {"stechen", "stich"},      {"treffen", "triff"},    {"werfen", "wirf"},     {"helfen", "hilf"},
    {"sterben", "stirb"},      {"werben", "wirb"},      {"nehmen", "nimm"},     {"geben", "gib"},
    {"treten", "tritt"},       {"lesen", "lies"},       {"sehen", "sieh"},      {"essen", "iss"},
    {"messen", "miss"},        {"haben", "hab"},        {"seien", "sei"},       {"tun", "tu"},
};

bool is_vowel(char c) { return std::string_view("aeiouy").find(c) != std::string_view::npos; }

bool ends_with_any(std::string_view word, std::initializer_list<std::string_view> endings) {
  return std::any_of(endings.begin(), endings.end(), [&](std::string_view e) { return word.ends_with(e); });
}

// A stem that takes -est rather than -st: „wart-est“, „find-est“, „öffn-est“, „atm-est“.
bool takes_e(std::string_view stem) {
  if (stem.ends_with("t") || stem.ends_with("d") || stem.ends_with("chn")) return true;
  if (stem.size() >= 2 && (stem.ends_with("m") || stem.ends_with("n"))) {
    const char before = stem[stem.size() - 2];
    return std::string_view("aeiouylrmnh").find(before) == std::string_view::npos;
  }
  return false;
}

std::string lower(std::string_view word) { return lower_first(word); }

// Separates what stands between words into kinds of boundary.
bool ends_sentence(std::string_view separator) {
  return separator.find_first_of(".!?") != std::string_view::npos;
}
bool ends_clause(std::string_view separator) {
  return std::any_of(separator.begin(), separator.end(),
                     [](char c) { return c != ' ' && c != '\t' && c != '\r'; });
}

struct Token {
  std::string text;
  bool word = false;
  bool removed = false;
};

// Words and what stands between them: a word is a run of letters and digits,
// with a hyphen or apostrophe inside it („E-Mail“, „geht's“).
std::vector<Token> tokenize(std::string_view text) {
  std::vector<Token> tokens;
  auto alnum_at = [&](std::size_t at) {
    if (at >= text.size()) return false;
    int32_t i = static_cast<int32_t>(at);
    UChar32 c;
    U8_NEXT(text.data(), i, static_cast<int32_t>(text.size()), c);
    return c >= 0 && u_isalnum(c);
  };
  std::size_t at = 0;
  while (at < text.size()) {
    const bool word = alnum_at(at);
    std::size_t end = at;
    while (end < text.size()) {
      int32_t i = static_cast<int32_t>(end);
      UChar32 c;
      U8_NEXT(text.data(), i, static_cast<int32_t>(text.size()), c);
      bool letter = c >= 0 && u_isalnum(c);
      if (!letter && word && (c == '-' || c == '\'' || c == 0x2019) && end > at && alnum_at(static_cast<std::size_t>(i)))
        letter = true;
      if (letter != word) break;
      end = static_cast<std::size_t>(i);
    }
    tokens.push_back({std::string(text.substr(at, end - at)), word});
    at = end;
  }
  return tokens;
}

struct Word {
  std::size_t token;
  std::size_t clause;
  bool sentence_start;  // the first word of a sentence inside the text
  bool first;           // the first word of the text: its case is the rewriter's to fit
  bool question;        // its sentence ends with „?“
  bool after_salutation = false;  // heads its sentence in lower case („Hallo Jana, melde dich …“)
};

std::vector<Word> words_of(const std::vector<Token>& tokens) {
  std::vector<Word> words;
  std::size_t clause = 0;
  bool sentence_start = false;
  bool boundary = false;
  for (std::size_t t = 0; t < tokens.size(); ++t) {
    if (!tokens[t].word) {
      if (ends_sentence(tokens[t].text)) sentence_start = true;
      if (ends_clause(tokens[t].text)) boundary = true;
      continue;
    }
    if (boundary && !words.empty()) ++clause;
    words.push_back({t, clause, sentence_start && !words.empty(), words.empty(), false});
    sentence_start = boundary = false;
  }
  // A sentence is a question when the text after its last word holds a „?“
  // before the next sentence starts.
  bool question = false;
  for (std::size_t w = words.size(); w-- > 0;) {
    const std::size_t after = words[w].token + 1;
    if (after < tokens.size() && !tokens[after].word && ends_sentence(tokens[after].text))
      question = tokens[after].text.find('?') != std::string::npos;
    words[w].question = question;
  }
  // After a salutation and its comma a sentence starts, in lower case.
  std::string opening;  // the text's first words, enough for „Sehr geehrte …“
  for (std::size_t t = 0; t < tokens.size() && opening.size() < 24; ++t) opening += tokens[t].text;
  if (!words.empty() && opens_with_salutation(opening)) {
    for (std::size_t w = 1; w < words.size(); ++w) {
      if (words[w].sentence_start) break;
      if (words[w].clause == 0) continue;
      const std::string& before = tokens[words[w].token - 1].text;
      words[w].after_salutation = before.find(',') != std::string::npos;
      break;
    }
  }
  return words;
}

// The words that open a clause whose finite verb stands last.
bool is_subordinator(std::string_view word) {
  static constexpr std::string_view kWords[] = {
      "dass", "wenn", "falls", "sobald", "ob", "weil", "da", "damit", "bevor", "nachdem", "als", "bis",
      "sofern", "soweit", "indem", "ehe", "während", "obwohl", "wie", "wo", "was", "wann", "warum",
      "wieso", "womit", "wofür", "worüber", "woran", "wobei", "solange", "seit", "seitdem", "sodass"};
  const std::string w = lower(word);
  return std::find(std::begin(kWords), std::end(kWords), w) != std::end(kWords);
}

bool is_relative(std::string_view word) {
  static constexpr std::string_view kWords[] = {"der", "die", "das", "den", "dem", "denen", "deren", "dessen",
                                                "welche", "welcher", "welches", "welchen", "welchem"};
  return std::find(std::begin(kWords), std::end(kWords), word) != std::end(kWords);
}

// The endings of a possessive after its stem („Ihr-en“, „dein-e“).
bool is_possessive_ending(std::string_view ending) {
  static constexpr std::string_view kEndings[] = {"", "e", "en", "em", "er", "es"};
  return std::find(std::begin(kEndings), std::end(kEndings), ending) != std::end(kEndings);
}

// Words that join two main clauses, the second with its own subject.
bool is_coordinator(std::string_view word) {
  static constexpr std::string_view kWords[] = {"und", "oder", "aber", "sondern", "denn"};
  return std::find(std::begin(kWords), std::end(kWords), word) != std::end(kWords);
}

// Subjects other than the reader that may stand before a verb and „Sie“.
bool is_other_subject(std::string_view word) {
  static constexpr std::string_view kWords[] = {"ich", "wir", "er", "es", "man", "sie"};
  const std::string w = lower(word);
  return std::find(std::begin(kWords), std::end(kWords), w) != std::end(kWords);
}

bool is_preposition(std::string_view word) {
  static constexpr std::string_view kWords[] = {"für", "an", "um", "über", "gegen", "ohne", "durch", "auf",
                                                "in", "hinter", "neben", "unter", "vor", "zwischen"};
  return std::find(std::begin(kWords), std::end(kWords), word) != std::end(kWords);
}

// What may fill the first place of a main clause without being its subject.
bool is_adverbial_start(std::string_view word) {
  static constexpr std::string_view kWords[] = {
      "dann", "danach", "anschließend", "außerdem", "zudem", "ebenso", "auch", "gern", "gerne", "natürlich",
      "selbstverständlich", "jetzt", "nun", "heute", "morgen", "übermorgen", "bald", "sofort", "gleich", "hier",
      "dort", "so", "alternativ", "zusätzlich", "vorher", "zuerst", "zunächst", "später", "jederzeit", "bereits",
      "schon", "damit", "dafür", "dazu", "darüber", "hierfür", "hierzu", "deshalb", "daher", "deswegen", "somit",
      "also", "inzwischen", "mittlerweile", "ab", "bei", "beim", "mit", "für", "nach", "in", "im", "am", "an", "auf",
      "über", "unter", "von", "vom", "vor", "zu", "zum", "zur", "seit", "während", "wegen", "laut", "gemäß", "bis",
      "ohne", "durch", "um", "innerhalb", "per", "online", "telefonisch", "gleichzeitig", "künftig", "ebenfalls",
      // a question: „Wie möchten Sie …?“
      "wie", "was", "wann", "wo", "warum", "wieso", "weshalb", "womit", "wofür", "wozu", "woher", "wohin"};
  const std::string w = lower(word);
  return std::find(std::begin(kWords), std::end(kWords), w) != std::end(kWords);
}

// Lower-case words in -en that are no verbs.
bool is_no_verb(std::string_view word) {
  static constexpr std::string_view kWords[] = {
      "den", "einen", "keinen", "meinen", "deinen", "seinen", "ihren", "unseren", "euren", "diesen", "jenen",
      "jeden", "welchen", "allen", "vielen", "wenigen", "anderen", "beiden", "morgen", "übermorgen", "oben",
      "unten", "eben", "neben", "gegen", "wegen", "zwischen", "gestern", "innen", "außen", "hinten", "selten",
      "trotzdem", "ihnen", "denen", "deren"};
  return std::find(std::begin(kWords), std::end(kWords), word) != std::end(kWords);
}

// True if `word` may be a finite verb in the Sie form: lower case (or
// `capital_ok`, at the head of a sentence), in -en, -ern, -eln or „sind“.
bool may_be_sie_verb(std::string_view word, bool capital_ok) {
  const std::string w = lower(word);
  if (w != word && !capital_ok) return false;
  if (w == "sind") return true;
  return w.size() >= 3 && (w.ends_with("en") || w.ends_with("ern") || w.ends_with("eln")) && !is_no_verb(w);
}

// Modal verbs and their Konjunktiv, which have no imperative: „Sollten Sie
// …“ opens a condition, „Können Sie mir … schicken.“ asks also without „?“.
bool is_modal(std::string_view word) {
  static constexpr std::string_view kWords[] = {"können", "könnten", "müssen", "müssten", "sollen", "sollten",
                                                "dürfen", "dürften", "wollen", "wollten", "mögen", "möchten",
                                                "würden", "werden", "wären", "hätten"};
  const std::string w = lower(word);
  return std::find(std::begin(kWords), std::end(kWords), w) != std::end(kWords);
}

// The case of a reflexive pronoun, known by the verbs that take it.
enum class Case { unknown, accusative, dative };
Case reflexive_case(const std::vector<Token>& tokens, const std::vector<Word>& words, std::size_t clause) {
  static constexpr std::string_view kAccusative[] = {
      "meld", "wend", "freu", "kümmer", "gedulde", "registrier", "erkundig", "beeil", "bedank", "beschwer",
      "entschuldig", "bewerb", "bewirb", "entscheid", "informier", "logg", "erhol", "ausruh", "interessier",
      "ärger", "wunder", "verabschied", "ausweis", "identifizier", "verifizier", "bemüh", "gewöhn", "vorbereit",
      "beteilig", "umseh", "umsieh", "verlass", "einschreib", "eintrag", "versicher"};
  static constexpr std::string_view kDative[] = {
      "anseh", "angeseh", "ansieh", "anschau", "überleg", "merk", "notier", "wünsch", "vorstell", "aussuch",
      "gönn", "sicher", "nimm", "nehm", "hol", "herunterlad", "kauf", "ausdruck", "speicher", "aufschreib",
      "durchles", "leist"};
  bool accusative = false, dative = false;
  bool first = true;
  for (const Word& word : words) {
    if (word.clause != clause) continue;
    // Verbs are written in lower case but at the head of a clause; a noun
    // („Einkauf“) only looks like one.
    const std::string& text = tokens[word.token].text;
    const bool head = std::exchange(first, false);
    if (!head && lower(text) != text) continue;
    const std::string w = lower(text);
    auto has = [&](std::string_view stem) { return w.find(stem) != std::string::npos; };
    accusative = accusative || std::any_of(std::begin(kAccusative), std::end(kAccusative), has);
    dative = dative || std::any_of(std::begin(kDative), std::end(kDative), has);
  }
  if (accusative == dative) return Case::unknown;
  return accusative ? Case::accusative : Case::dative;
}

// The verb form that goes with „Sie“ for a du imperative: „melde“ →
// „melden“, „schick“ → „schicken“, „gib“ → „geben“, „ändere“ → „ändern“,
// „sammle“ → „sammeln“, „fülle“ → „füllen“, „sei“ → „seien“.
std::optional<std::string> infinitive_of_imperative(std::string_view imperative) {
  const std::string w = lower(imperative);
  if (auto form = by_table(w, kImperatives, false)) return form;
  if (w == "habe" || w == "tue") return w == "habe" ? "haben" : "tun";
  if (w.size() < 3 || w.ends_with("en")) return std::nullopt;
  if (w.ends_with("ere")) return w.substr(0, w.size() - 1) + "n";
  // „sammle“, „handle“: a stem in -el lost its e; „fülle“, „wähle“, „teile“ did not
  if (w.ends_with("le") && !is_vowel(w[w.size() - 3]) && w[w.size() - 3] != 'l' && w[w.size() - 3] != 'h' &&
      (static_cast<unsigned char>(w[w.size() - 3]) & 0x80) == 0)
    return w.substr(0, w.size() - 2) + "eln";
  if (w.ends_with("e")) return w + "n";
  if (is_vowel(w.back()) && !w.ends_with("au")) return std::nullopt;
  return w + "en";
}

// The words a clause opened by an imperative never starts with.
bool is_no_imperative(std::string_view word) {
  static constexpr std::string_view kWords[] = {
      "danke", "dann", "bitte", "gern", "gerne", "hallo", "hier", "da", "so", "jetzt", "nun", "noch", "auch",
      "also", "ja", "nein", "okay", "ok", "super", "toll", "schön", "klar", "gut", "einfach", "kurz", "natürlich",
      "leider", "übrigens", "aber", "und", "oder", "denn", "wir", "ich", "es", "das", "die", "der", "den", "dem",
      "ein", "eine", "dein", "deine", "mein", "unser", "ihr", "sie", "er", "man", "wenn", "falls", "sobald",
      "sonst", "vielen", "viele", "alles", "sorry", "sehr", "liebe", "lieber", "hey", "hi", "moin", "servus",
      "viel", "beste", "grüße", "heute", "morgen", "bald", "gleich", "sofort", "schade", "wow", "oh", "ach",
      "na", "genau", "prima", "perfekt", "alle", "mehr", "anbei", "vorab", "kein", "keine", "dies", "diese",
      "mal", "nur", "schon", "erst", "wie", "was", "wo", "wer", "warum", "bis", "seit", "zum", "zur",
      "am", "im", "bei", "mit", "für", "von", "nach", "aus", "auf", "in", "an", "um", "ob", "dass", "weil",
      "dich", "dir", "du", "uns", "mir", "mich", "euch", "sich", "ihn", "ihm", "ihnen",
      "ohne", "über", "dank", "wegen", "trotz", "statt", "außer", "gegenüber", "laut", "zwecks", "samt"};
  const std::string w = lower(word);
  return std::find(std::begin(kWords), std::end(kWords), w) != std::end(kWords);
}

// What may follow a du imperative at once: „Melde dich“, „Schick uns bitte …“.
bool follows_imperative(std::string_view word) {
  static constexpr std::string_view kWords[] = {
      "dich", "dir", "uns", "mir", "bitte", "einfach", "mal", "gern", "gerne", "kurz", "noch", "doch", "direkt",
      "schnell", "Bescheid", "sie", "ihn", "es", "das", "den", "die", "dem", "ein", "eine", "einen", "dein",
      "deine", "deinen", "deinem", "unsere", "unser", "unseren", "jetzt", "heute", "morgen", "dort", "hier"};
  return std::find(std::begin(kWords), std::end(kWords), word) != std::end(kWords);
}

class Readdress {
 public:
  Readdress(std::string_view text, Address to) : tokens_(tokenize(text)), words_(words_of(tokens_)), to_(to) {}

  std::optional<std::string> run() {
    // Clause by clause: the words of one clause are neighbours.
    for (std::size_t begin = 0; begin < words_.size();) {
      std::vector<std::size_t> ws;
      std::size_t end = begin;
      for (; end < words_.size() && words_[end].clause == words_[begin].clause; ++end) ws.push_back(end);
      if (!(to_ == Address::du ? to_du(ws) : to_sie(ws))) return std::nullopt;
      begin = end;
    }
    std::string out;
    for (std::size_t t = 0; t < tokens_.size(); ++t) {
      if (tokens_[t].removed) continue;
      out += tokens_[t].text;
    }
    return out;
  }

 private:
  const std::string& text(std::size_t w) const { return tokens_[words_[w].token].text; }

  // True if the clause `ws` ends at a comma and a main clause follows: a
  // clause with the verb first there is a condition („Sollten Sie Fragen
  // haben, …“), not an imperative.
  bool followed_by_main_clause(const std::vector<std::size_t>& ws) const {
    const std::size_t after = words_[ws.back()].token + 1;
    if (after >= tokens_.size() || tokens_[after].word || tokens_[after].text.find(',') == std::string::npos ||
        ends_sentence(tokens_[after].text) || ws.back() + 1 >= words_.size())
      return false;
    // The main clause of a condition opens with its verb or „dann“ („…,
    // melden Sie sich“); an imperative may go on with anything else („Melden
    // Sie sich, wenn …“, „Zögern Sie nicht, uns … zu kontaktieren“).
    const std::string& next = text(ws.back() + 1);
    return next == "dann" || next == "so" ||
           (lower(next) == next && !is_subordinator(next) && !is_relative(next) && !is_coordinator(next) &&
            !is_no_imperative(next) && !is_preposition(next));
  }

  // True if the clause joins a second verb with „und“/„oder“ („wenn Sie
  // Fragen haben oder Hilfe brauchen“), or is an infinitive with „zu“
  // („Sie begrüßen zu dürfen“, „sich zu melden“): one verb turned would
  // leave the other in the old form, or the reader is no subject there.
  bool has_second_verb_or_infinitive(const std::vector<std::size_t>& ws, std::size_t from) const {
    for (std::size_t k = 0; k < ws.size(); ++k) {
      const std::string w = lower(text(ws[k]));
      const bool infinitive_follows =
          k + 1 < ws.size() && text(ws[k + 1]) == lower(text(ws[k + 1])) && text(ws[k + 1]).ends_with("en");
      const bool zu_infinitive = w.size() > 6 && w.find("zu") != std::string::npos && w.ends_with("en") &&
                                 k + 1 == ws.size();  // „anzurufen“ closing the clause
      if ((w == "zu" && infinitive_follows) || zu_infinitive) return true;
      if (k > from && (w == "und" || w == "oder") && k + 1 < ws.size()) return true;
    }
    return false;
  }

  // True if „Sie“ at ws[k] is followed, past its object pronouns, by a word
  // that marks a request: „Falls Sie Fragen haben, sprechen Sie uns einfach
  // an.“ is an imperative, „…, erhalten Sie die Ware morgen.“ is none.
  bool asks_gently(const std::vector<std::size_t>& ws, std::size_t k) const {
    static constexpr std::string_view kObjects[] = {"uns", "mir", "mich", "sich", "es"};
    static constexpr std::string_view kMarks[] = {"einfach", "gern", "gerne", "bitte", "ruhig", "jederzeit", "doch"};
    std::size_t at = k + 1;
    while (at < ws.size() && std::find(std::begin(kObjects), std::end(kObjects), text(ws[at])) != std::end(kObjects))
      ++at;
    return at < ws.size() && std::find(std::begin(kMarks), std::end(kMarks), text(ws[at])) != std::end(kMarks);
  }

  // True if word `w` heads its sentence: after a sentence's end, or first in
  // the text and written with a capital (a verb mid-sentence is not).
  bool at_head(std::size_t w) const {
    return words_[w].sentence_start || words_[w].after_salutation || (words_[w].first && lower(text(w)) != text(w));
  }

  // Puts `replacement` in place of word `w`, its first letter fitted: upper
  // case at the head of a sentence, as written (`fixed_case`) for „Sie“ and
  // its forms, otherwise lower case (the first word's case is the
  // rewriter's to fit).
  void set(std::size_t w, std::string_view replacement, bool fixed_case = false) {
    std::string value(replacement);
    if (!fixed_case) value = words_[w].sentence_start ? upper_first(value) : lower(value);
    tokens_[words_[w].token].text = value;
  }

  // Drops word `w` and the blank before it.
  void remove(std::size_t w) {
    const std::size_t t = words_[w].token;
    tokens_[t].removed = true;
    if (t > 0 && !tokens_[t - 1].word && tokens_[t - 1].text == " ") tokens_[t - 1].removed = true;
  }

  // Puts the finite verb `w` into the target form.
  bool conjugate(std::size_t w) {
    const std::optional<std::string> form = to_ == Address::du ? du_form(lower(text(w))) : sie_form(lower(text(w)));
    if (!form) return false;
    set(w, *form);
    return true;
  }

  // The reflexive „sich“ / „dich“ / „dir“ of a clause whose subject is the reader.
  bool reflexives(const std::vector<std::size_t>& ws) {
    for (std::size_t w : ws) {
      const std::string& t = text(w);
      if (to_ == Address::du && t == "sich") {
        const Case c = reflexive_case(tokens_, words_, words_[w].clause);
        if (c == Case::unknown) return false;
        set(w, c == Case::accusative ? "dich" : "dir");
      } else if (to_ == Address::sie && (t == "dich" || t == "dir")) {
        set(w, "sich");
      }
    }
    return true;
  }

  bool to_du(const std::vector<std::size_t>& ws) {
    bool subject = false;
    // „…, sich zu melden“: whose „sich“ depends on the clause before.
    const bool reflexive = std::any_of(ws.begin(), ws.end(), [&](std::size_t w) { return text(w) == "sich"; });
    const bool has_sie = std::any_of(ws.begin(), ws.end(), [&](std::size_t w) { return text(w) == "Sie"; });
    if (reflexive && !has_sie && has_second_verb_or_infinitive(ws, ws.size())) return false;
    const std::size_t n = ws.size();
    for (std::size_t k = 0; k < n; ++k) {
      const std::size_t w = ws[k];
      const std::string& t = text(w);
      if (t == "Ihnen") {
        set(w, "dir");
      } else if (t.starts_with("Ihr") && is_possessive_ending(std::string_view(t).substr(3))) {
        const std::string next = k + 1 < n ? text(ws[k + 1]) : std::string();
        if (t == "Ihr" && lower(next) == next && next.ends_with("t") && !next.ends_with("st"))
          return false;  // „Ihr habt“: the plural, not the polite form
        set(w, "dein" + t.substr(3));
      } else if (t == "Sie") {
        if (!sie_to_du(ws, k, subject)) return false;
      }
    }
    return !subject || reflexives(ws);
  }

  // „Sie“, word k of the clause `ws`.
  bool sie_to_du(const std::vector<std::size_t>& ws, std::size_t k, bool& subject) {
    const std::size_t n = ws.size();
    const std::size_t w = ws[k];
    auto as_subject = [&](std::size_t verb) {
      if (has_second_verb_or_infinitive(ws, k) || !conjugate(verb)) return false;
      set(w, "du");
      subject = true;
      return true;
    };
    if (k == 0) return n > 1 && may_be_sie_verb(text(ws[1]), false) && as_subject(ws[1]);
    const std::string& before = text(ws[k - 1]);
    if (is_subordinator(before) || (k == 1 && is_relative(before)))
      return n > k + 1 && may_be_sie_verb(text(ws[n - 1]), false) && as_subject(ws[n - 1]);
    if (is_other_subject(before) || is_preposition(before)) {
      set(w, "dich");
      return true;
    }
    if (is_coordinator(before)) return n > k + 1 && may_be_sie_verb(text(ws[k + 1]), false) && as_subject(ws[k + 1]);
    const bool head = k == 1 && at_head(ws[0]);
    if (may_be_sie_verb(before, head)) {
      if (k == 1) {
        // A verb first: a question, a clause after a fronted one („Wenn …,
        // erhalten Sie …“), a condition before a comma, or at a sentence's
        // head an imperative.
        if ((!head && !asks_gently(ws, k)) || words_[w].question || is_modal(before) ||
            followed_by_main_clause(ws))
          return as_subject(ws[0]);
        const std::string imperative = du_imperative(lower(before));
        if (imperative == lower(before) || has_second_verb_or_infinitive(ws, k)) return false;
        set(ws[0], imperative);
        remove(w);
        subject = true;
        return true;
      }
      const std::string first = lower(text(ws[0]));
      if (k == 2 && first == "bitte") {  // „Bitte melden Sie sich …“
        const std::string imperative = du_imperative(lower(before));
        if (imperative == lower(before) || has_second_verb_or_infinitive(ws, k)) return false;
        set(ws[1], imperative);
        remove(w);
        subject = true;
        return true;
      }
      if (is_other_subject(first)) {
        set(w, "dich");
        return true;
      }
      return is_adverbial_start(first) && as_subject(ws[k - 1]);
    }
    // After a finite verb of another subject („Die Kollegin ruft Sie an“).
    if (k >= 2 && lower(before) == before && before.ends_with("t") && !before.ends_with("st")) {
      set(w, "dich");
      return true;
    }
    return false;
  }

  bool to_sie(const std::vector<std::size_t>& ws) {
    bool subject = false;
    const std::size_t n = ws.size();
    for (std::size_t k = 0; k < n; ++k) {
      const std::size_t w = ws[k];
      const std::string t = lower(text(w));
      if (t.starts_with("dein") && is_possessive_ending(std::string_view(t).substr(4))) {
        set(w, "Ihr" + t.substr(4), true);
      } else if (t == "du") {
        if (!du_to_sie(ws, k)) return false;
        subject = true;
      }
    }
    if (!subject && imperative_to_sie(ws)) subject = true;
    if (subject) return reflexives(ws);
    for (std::size_t w : ws) {
      if (text(w) != "dich" && text(w) != "dir") continue;
      // First in the text, it may be the reflexive of a verb before it („Melde | dich“);
      // in an infinitive („…, dich zu melden“) of the clause before.
      if (words_[w].first || has_second_verb_or_infinitive(ws, ws.size())) return false;
      set(w, text(w) == "dich" ? "Sie" : "Ihnen", true);
    }
    return true;
  }

  // „du“, word k of the clause `ws`.
  bool du_to_sie(const std::vector<std::size_t>& ws, std::size_t k) {
    const std::size_t n = ws.size();
    auto as_subject = [&](std::size_t verb) {
      if (has_second_verb_or_infinitive(ws, k) || !conjugate(verb)) return false;
      set(ws[k], "Sie", true);
      return true;
    };
    if (k == 0) return n > 1 && as_subject(ws[1]);
    const std::string& before = text(ws[k - 1]);
    if (is_subordinator(before) || (k == 1 && is_relative(before))) return n > k + 1 && as_subject(ws[n - 1]);
    if (is_coordinator(before)) return n > k + 1 && as_subject(ws[k + 1]);
    // „Kannst du …“, „Dann kannst du …“: only a du form agrees with „du“.
    const bool head = k == 1 && at_head(ws[0]);
    if (lower(before) != before && !head) return false;
    return as_subject(ws[k - 1]);
  }

  // A du imperative that opens the clause („Melde dich gern“, „Wenn …,
  // schick uns bitte …“, „Bitte ruf mich an“): its infinitive and „Sie“. A
  // verb form with „du“ would be needed for anything else to open a clause.
  bool imperative_to_sie(const std::vector<std::size_t>& ws) {
    if (ws.empty()) return false;
    std::size_t k = lower(text(ws[0])) == "bitte" ? 1 : 0;
    if (k + 1 >= ws.size()) return false;
    const std::size_t verb = ws[k];
    if (is_no_imperative(text(verb)) || is_preposition(lower(text(verb))) || is_adverbial_start(text(verb)) ||
        !follows_imperative(text(ws[k + 1])))
      return false;
    // A verb in the third person opens a clause too: „Wenn du magst, geht das
    // auch online.“, „…, hilft dir das Team.“ A du imperative ends in -t only
    // where its stem does.
    static constexpr std::string_view kStemInT[] = {"halt", "wart", "schalt", "richt", "acht", "beacht", "leit",
                                                    "rett", "bet", "biet", "miet", "arbeit", "antwort", "tritt"};
    if (const std::string v = lower(text(verb));
        v.ends_with("t") && std::find(std::begin(kStemInT), std::end(kStemInT), v) == std::end(kStemInT))
      return false;
    // The imperative word `w` in the form that goes with „Sie“, and „Sie“ after it.
    auto polite = [&](std::size_t w) {
      const std::optional<std::string> form = infinitive_of_imperative(text(w));
      if (!form) return false;
      set(w, *form);
      tokens_[words_[w].token].text += " Sie";
      return true;
    };
    if (!polite(verb)) return false;
    // A second imperative joined by „und“/„oder“: „Melde dich und schick uns …“
    for (std::size_t j = k + 1; j + 2 < ws.size(); ++j) {
      const std::string& joiner = text(ws[j]);
      if ((joiner == "und" || joiner == "oder") && !is_no_imperative(text(ws[j + 1])) &&
          follows_imperative(text(ws[j + 2])) && !polite(ws[j + 1]))
        return false;
    }
    return true;
  }

  std::vector<Token> tokens_;
  std::vector<Word> words_;
  Address to_;
};

}  // namespace

std::optional<std::string> du_form(std::string_view verb) {
  if (auto form = by_table(verb, kIrregular, true)) return form;
  if (std::find(std::begin(kWeakLookalikes), std::end(kWeakLookalikes), verb) == std::end(kWeakLookalikes)) {
    if (auto form = by_table(verb, kStrong, true)) return form;
  }
  if (verb.size() < 4) return std::nullopt;
  if (verb.ends_with("ern") || verb.ends_with("eln")) return std::string(verb.substr(0, verb.size() - 1)) + "st";
  if (!verb.ends_with("en")) return std::nullopt;
  const std::string stem(verb.substr(0, verb.size() - 2));
  if (ends_with_any(stem, {"s", "ß", "x", "z"})) return stem + "t";
  return stem + (takes_e(stem) ? "est" : "st");
}

std::optional<std::string> sie_form(std::string_view verb) {
  if (auto form = by_table(verb, kIrregular, false)) return form;
  if (auto form = by_table(verb, kStrong, false)) {
    if (std::find(std::begin(kWeakLookalikes), std::end(kWeakLookalikes), *form) == std::end(kWeakLookalikes))
      return form;
  }
  if (verb.size() < 4) return std::nullopt;
  if (verb.ends_with("est") && takes_e(verb.substr(0, verb.size() - 3)))
    return std::string(verb.substr(0, verb.size() - 3)) + "en";
  if (verb.ends_with("erst") || verb.ends_with("elst")) return std::string(verb.substr(0, verb.size() - 2)) + "n";
  if (ends_with_any(verb, {"ßt", "zt", "xt"})) return std::string(verb.substr(0, verb.size() - 1)) + "en";
  if (!verb.ends_with("st")) return std::nullopt;
  const std::string_view stem = verb.substr(0, verb.size() - 2);
  if (ends_with_any(stem, {"s", "ß", "x", "z"})) return std::nullopt;
  // After a vowel only a diphthong is sure: „freust“, „baust“; „reist“ is
  // „reis-t“.
  if (is_vowel(stem.back()) && !ends_with_any(stem, {"au", "eu", "äu"})) return std::nullopt;
  return std::string(stem) + "en";
}

// The du imperative of a German infinitive, as a template writes it with
// ${verb:imperativ}: „schicken“ → „schick“, „warten“ → „warte“, „ändern“ →
// „ändere“, „geben“ → „gib“, „vergessen“ → „vergiss“. A separable prefix is
// the template's to place („füll … aus“); an inseparable one stays
// („überweisen“ → „überweise“). Anything that is no infinitive comes back
// unchanged.
std::string du_imperative(std::string_view infinitive) {
  std::string verb = lower_first(infinitive);
  if (verb == "sein") return "sei";
  for (const auto& [ending, imperative] : kImperatives) {
    if (verb.ends_with(ending)) return verb.substr(0, verb.size() - ending.size()) + std::string(imperative);
  }
  if (verb.ends_with("eln") || verb.ends_with("ern")) {
    // „sammeln“ → „sammle“, „ändern“ → „ändere“
    const std::string stem = verb.substr(0, verb.size() - 1);
    return verb.ends_with("eln") ? stem.substr(0, stem.size() - 2) + "le" : stem + "e";
  }
  if (!verb.ends_with("en") || verb.size() < 4) return std::string(infinitive);
  const std::string stem = verb.substr(0, verb.size() - 2);
  // A stem in t or d, or in a consonant before m or n, keeps its e:
  // „warte“, „sende“, „öffne“, „atme“; and so do „-ieren“ and „-igen“:
  // „aktualisiere“, „bestätige“.
  const bool keeps_e = stem.ends_with("t") || stem.ends_with("d") || stem.ends_with("ier") || stem.ends_with("ig") ||
                       stem.ends_with("chn") || ((stem.ends_with("s") || stem.ends_with("ß")) && !stem.ends_with("ss")) ||
                       ((stem.ends_with("m") || stem.ends_with("n")) && stem.size() >= 2 &&
                        std::string_view("aeiouäöüylrmnh").find(stem[stem.size() - 2]) == std::string_view::npos);
  return keeps_e ? stem + "e" : stem;
}

std::optional<std::string> readdress(std::string_view text, Address to) { return Readdress(text, to).run(); }

}  // namespace tonfall
