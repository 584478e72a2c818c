#pragma once
// The mechanisms built into Parley, as MechanismRegistry::builtin() holds them
// (declared here so that a program can also put them in a registry of its own).
// Their rules, in short; the full statement is at the top of each source file
// in mechanisms/src/.
//
// "saop" (2..64 parties): stacked alternating offers. Parties take turns in
// the order 0, 1, .., n-1, 0, ..; a round is one full cycle. The first party
// must offer; each next party accepts the standing offer, counter-offers
// (which restarts the count of acceptances) or ends. Agreement when all n-1
// other parties have accepted the standing offer in succession. The deadline
// comes after `rounds` rounds (rounds * n turns). The relative time of turn k
// = round * n + position is k / (rounds * n) = (round + position / n) / rounds.
// Discount exponent of an agreement: the relative time of the turn that
// completed it.
//
// "rubinstein" (2 parties): the same alternating offers, usually over the pie
// world (pie.hpp), with the discount exponent counted in periods: the number
// of offers rejected (by a counter-offer) before the accepted one.
//
// "mediated" (2..64 parties): single-text mediation. Round 0 puts a random
// text to the vote, each later round a mutation of the current text (one
// issue changed), drawn from std::mt19937_64 seeded with settings.seed. The
// parties vote in party order (Ask::Vote: accept, reject or end); the votes of
// a round are told to the others when its ballot closes. A text accepted by
// all becomes the current text; at the deadline the agreement is the last
// text all accepted (none if there was none). Relative time: round / rounds;
// discount exponent: the time of the round in which the agreed text was accepted.
//
// All three: only the party asked may move; Offer must be in the space; Accept
// needs something on the table; an Accept or Reject that names an outcome must
// name the one on the table; Reject only in a vote, Offer never in a vote.
// Anything else ends the episode with EndReason::Violation naming the party.
// Every valid move is told to every other party (Inform), and Accept and Reject
// are told with the outcome they refer to. The built-in mechanisms take no
// parameters: any entry in MechanismSettings::parameters is refused.

#include <parley/mechanisms/mechanism.hpp>

namespace parley::worlds {

MechanismInfo saop_mechanism_info();
MechanismInfo rubinstein_mechanism_info();
MechanismInfo mediated_mechanism_info();

}  // namespace parley::worlds
