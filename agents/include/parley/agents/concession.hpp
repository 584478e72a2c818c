#pragma once
// How frameworks concede.
//
// Time-dependent concession (Faratin, Sierra and Jennings 1998): at relative
// time t in [0, 1] a framework asks for
//     target(t) = worst + (best - worst) * (1 - t^(1/e)),
// from `best` at t = 0 down to `worst` at the deadline. The exponent e sets
// the shape: e < 1 is Boulware (holds firm, concedes late: at e = 0.2 it has
// given up only 3% of the range by t = 1/2), e = 1 linear, e > 1 a conceder
// (gives most away early). Computed with portable arithmetic: the same on
// every machine.
//
// Rubinstein bargaining (Rubinstein 1982): two parties alternate offers to
// split a pie of size 1; party i discounts what it gets one period later by
// d_i. In the unique subgame-perfect equilibrium a proposer i offers itself x_i
// and the responder j accepts any offer that leaves it at least what it would
// get by refusing and proposing next period, d_j * x_j. The proposer gives the
// responder exactly that (more is wasted, less is refused at a cost of delay):
//     1 - x_i = d_j * x_j  and, with the roles swapped,  1 - x_j = d_i * x_i.
// Substituting the second into the first, x_i = 1 - d_j (1 - d_i x_i), so
//     x_i = (1 - d_j) / (1 - d_i d_j),
// and a responder i accepts exactly the offers that give it at least
//     d_i * x_i = d_i (1 - d_j) / (1 - d_i d_j)  ( = 1 - x_j ).
// With d_1 = 0.9 and d_2 = 0.8 the first mover takes 0.2 / 0.28 = 0.714 and
// the second accepts 0.286 at once. When d_i = d_j = 1 there is no unique
// equilibrium; the shares' limit as both tend to 1 together, 1/2, is used.

namespace parley::agents {

// target(t) as above; t is clamped into [0, 1] (NaN counts as 0), e must be > 0.
double time_dependent_target(double time, double best, double worst, double exponent);

// The proposer's equilibrium share x_i = (1 - d_j) / (1 - d_i d_j).
double rubinstein_proposer_share(double own_discount, double other_discount);
// The least share a responder accepts in equilibrium, d_i x_i.
double rubinstein_responder_share(double own_discount, double other_discount);

}  // namespace parley::agents
