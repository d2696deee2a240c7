// Address: turns the words that address the reader from „Sie“ into „du“ or
// back, so that a reply which slipped into the other form reads as one.
//
// What changes: the pronouns (Sie, Ihnen, dich, dir), the possessives (Ihr…,
// dein…), the finite verb of a clause whose subject is the reader („Können
// Sie“ → „Kannst du“, „wenn du … kannst“ → „wenn Sie … können“), an
// imperative („Melden Sie sich“ ↔ „Melde dich“) and a reflexive pronoun of
// that subject (sich ↔ dich/dir). Nothing else: words, order and the bytes
// between the words stay.
//
// German does not always show a word's role on its surface („Sie“ as
// subject or object, the case of a reflexive „sich“, a word before „Sie“
// that may or may not be a verb). Where the clause leaves a doubt, the
// result is nothing: a caller offers no replacement rather than a wrong one.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "tonfall/rules.h"

namespace tonfall {

// `text` with every word addressing the reader in the other form put into
// `to`; words already in `to` stay. The first word comes in lower case where
// case is free („deine“, „kannst“): the rewriter fits it to its position.
// Nothing when a word cannot be turned for certain.
std::optional<std::string> readdress(std::string_view text, Address to);

// The du form of the finite verb `verb` in the Sie form („können“ →
// „kannst“, „erhalten“ → „erhältst“, „warten“ → „wartest“), or nothing when
// it is no verb form this knows. Exposed for tests.
std::optional<std::string> du_form(std::string_view verb);

// The du imperative of a German infinitive, for a suggestion's
// ${verb:imperativ}: „schicken“ → „schick“, „warten“ → „warte“, „geben“ →
// „gib“. Anything that is no infinitive comes back unchanged.
std::string du_imperative(std::string_view infinitive);

// The Sie form of the finite du form `verb` („kannst“ → „können“, „gibst“ →
// „geben“, „änderst“ → „ändern“), or nothing. Exposed for tests.
std::optional<std::string> sie_form(std::string_view verb);

}  // namespace tonfall
