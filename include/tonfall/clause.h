// Clause: word order between a subordinate clause and a main clause.
//
// A lecture or a jab often wraps a plain fact in a clause of its own: „Ich
// darf Sie daran erinnern, dass die Frist am Freitag endet.“ The fact alone
// („Die Frist endet am Freitag.“) says everything the customer needs. German
// puts the finite verb last in the „dass“ clause and second in a main
// clause, so dropping the wrapper means moving the verb, and splitting a
// separable one („dass der Techniker morgen vorbeikommt“ → „der Techniker
// kommt morgen vorbei“).
//
// Only what the surface shows for certain is turned: a subject that opens
// the clause (a pronoun, a name, a noun with its article and adjectives), a
// finite verb that closes it, and nothing in between that would have to
// move along (a comma, a second clause). Anything else gives nothing: the
// caller then offers no replacement rather than a wrong one.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace tonfall {

// The verb-final clause `clause` (without its conjunction, without its end
// mark: „das Paket morgen ankommt“) in main-clause order („das Paket kommt
// morgen an“), its first letter as it was. Nothing when the order cannot be
// told for certain.
std::optional<std::string> main_clause(std::string_view clause);

// A main clause whose first place a lead-in held („Wie bereits erwähnt, ist
// die Frist abgelaufen“), with its subject put first: „ist die Frist
// abgelaufen“ → „die Frist ist abgelaufen“. Nothing where the clause does
// not open with a finite verb and a subject that can be told for certain.
std::optional<std::string> verb_second(std::string_view clause);

// `clause` as it is if it opens with its finite verb („geht nur schriftlich“,
// „beträgt die Frist 14 Tage“), the order a fronted lead-in needs; nothing
// where a second verb follows the first („kündigen geht nur schriftlich“:
// the first is a subject).
std::optional<std::string> verb_first(std::string_view clause);

// The verb-final clause `clause` whose subject is the reader, what follows
// „Wir erwarten, dass …“ or „Es wäre schön, wenn …“ („Sie die Unterlagen bis
// Montag nachreichen“, „du uns ein Foto schickst“, also with a modal that
// goes: „Sie uns die Fotos schicken könnten“), as a polite request: „bitte
// reichen Sie die Unterlagen bis Montag nach“, „bitte schick uns ein Foto“.
// Nothing for another subject, a clause in the perfect or the passive, or
// whatever main_clause() would not turn.
std::optional<std::string> polite_request(std::string_view clause);

// The rest of an order whose first place something else holds, from its
// modal on: „müssen Sie uns per Post zusenden“ after „Die Rechnung …“, as
// a request in the same order: „senden Sie uns bitte per Post zu“ („Die
// Rechnung senden Sie uns bitte per Post zu.“); „musst du bis Mittwoch
// zurückschicken“ → „schickst du bitte bis Mittwoch zurück“; so „haben Sie …
// mitzuteilen“ → „teilen Sie … bitte … mit“. „bitte“ goes
// after the pronouns that cling to the verb. Nothing for a negated order,
// one with „leider“ or „zwingend“, the perfect or passive, or what the reader
// must bear, as for polite_request().
std::optional<std::string> fronted_request(std::string_view clause);

// A passive main clause about what the company does for the customer („die
// Rechnung wird heute geprüft“, „Ihr Antrag wurde weitergeleitet“) in the
// active voice, with „wir“ as the ones who act: „wir prüfen die Rechnung
// heute“, „wir haben Ihren Antrag weitergeleitet“. Only for the service
// verbs a company uses of itself (prüfen, bearbeiten, weiterleiten,
// erstatten …) and a subject whose accusative is certain (die, das, der →
// den; Ihr + a noun whose gender is known). Nothing for an agent named
// („von“, „durch“), a negation, or a passive that might hide what the
// customer did.
std::optional<std::string> active_voice(std::string_view clause);

// The main clause `clause` („das Paket kommt morgen“) about something still
// to come, said as expected: „das Paket kommt voraussichtlich morgen“. What
// „Ich glaube, …“ or „…, denke ich mal“ hedged keeps its caution, said as
// the plain forecast a customer can plan with. „voraussichtlich“ goes after
// the finite verb and the pronouns that cling to it („er meldet sich
// voraussichtlich morgen“). Nothing without a time still ahead (morgen,
// bald, nächste Woche, bis Freitag), for the past, for a verb already
// hedged („sollte“, „dürfte“, „könnte“) or a clause that hedges otherwise
// („vielleicht“, „wohl“), and whatever is not plainly subject, verb, rest.
std::optional<std::string> expected_event(std::string_view clause);

}  // namespace tonfall
