"""Mechanism constants shared by every actor in a scenario.

Core object: `Mechanics`. Each field is one documented constant: its meaning,
unit and range live in the field description, its source in `docs/model.md`.
A scenario may override any of them under ``mechanics:``; sweeps reach them as
``mechanics.NAME`` parameter paths. Defaults are the calibrated values (see
``benchmarks/calibrate.py``).
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

__all__ = ["Mechanics"]


def _f(default: float, lo: float, hi: float, text: str) -> float:
    return Field(default, ge=lo, le=hi, description=text)


class Mechanics(BaseModel):
    """Constants of the model's mechanisms (all dimensionless unless noted)."""

    model_config = ConfigDict(extra="forbid")

    action_cost: float = _f(0.004, 0.0, 0.1, "utility cost of any move but waiting, spread over all interests")
    reversal_cost: float = _f(0.2, 0.0, 1.0, "share of domestic pressure added by reversing a public coercive stance")
    lookahead_weight: float = _f(1.0, 0.0, 1.0, "weight of the predicted reply in expected utility")
    cheap_talk_weight: float = _f(0.15, 0.0, 1.0, "belief weight of a costless signal (Fearon 1997)")
    costly_signal_weight: float = _f(1.0, 0.0, 5.0, "belief weight per unit cost of a costly signal")
    belief_prior_strength: float = _f(4.0, 0.5, 50.0, "pseudo-observations in a resolve prior (Beta a+b)")
    tolerance_learning: float = _f(0.5, 0.0, 1.0, "share of the gap to a revealed bound closed by one observation")
    trust_recovery: float = _f(0.02, 0.0, 0.5, "share of the gap to baseline trust regained per tick")
    strain_decay: float = _f(0.06, 0.0, 0.5, "share of alliance strain that fades per tick")
    fait_accompli_trust_cost: float = _f(0.25, 0.0, 1.0, "political trust lost when a partner is surprised")
    fait_accompli_strain: float = _f(0.25, 0.0, 1.0, "strain added by an unapproved launch")
    coercion_cost: float = _f(0.25, 0.0, 2.0, "utility cost of a coercive move to a mover with zero resolve")
    concession_step: float = _f(0.12, 0.01, 0.5, "plan scope given up by one refinement")
    concession_cost: float = _f(0.05, 0.0, 1.0, "domestic cost of one concession to the conceding actor")
    pressure_trust_cost: float = _f(0.06, 0.0, 0.5, "trust lost on the channel used to press or demand")
    press_strain: float = _f(0.1, 0.0, 0.5, "strain added by private pressure (a shouting call)")
    red_line_strain: float = _f(0.05, 0.0, 0.5, "strain added by a public red line")
    threat_audience_share: float = _f(0.4, 0.0, 1.0, "audience cost of a threat relative to a red line")
    public_stance_relief: float = _f(0.2, 0.0, 1.0, "share of domestic pressure relieved by a public tough stance")
    supply_strain: float = _f(0.08, 0.0, 0.5, "strain added by slowing supply (doubled when holding)")
    un_strain: float = _f(0.12, 0.0, 0.5, "strain added by withdrawing UN cover")
    un_isolation: float = _f(0.3, 0.0, 2.0, "legitimacy lost by a client without UN cover")
    reassurance_gain: float = _f(0.08, 0.0, 0.5, "trust gained on a channel by sharing operational detail")
    reassurance_relief: float = _f(0.1, 0.0, 0.5, "share of the patron's pressure relieved by reassurance")
    approval_gain: float = _f(0.08, 0.0, 0.5, "trust gained when a plan is accepted")
    counter_signal_relief: float = _f(0.15, 0.0, 0.5, "share of domestic pressure relieved by a public counter-signal")
    conserve_factor: float = _f(0.6, 0.1, 1.0, "burn rate multiplier once crews conserve munitions")
    slowed_factor: float = _f(0.4, 0.0, 1.0, "share of normal resupply delivered when supply is slowed")
    planning_value: float = _f(0.1, 0.0, 1.0, "security value of having a prepared plan")
    approval_value: float = _f(0.3, 0.0, 1.0, "security value of a plan the partner has approved")
    readiness_weight: float = _f(0.3, 0.0, 2.0, "security value of a full munitions stock")
    supply_horizon_days: float = _f(90.0, 1.0, 365.0, "days ahead over which a stock's readiness is projected")
    demand_friction: float = _f(0.05, 0.0, 1.0, "alliance utility lost while a partner's demand is unmet")
    breach_enforce_bonus: float = _f(1.0, 0.0, 2.0, "share of the audience cost avoided by enforcing")
    # Escalation ladders (model/ladders.py, moves/escalation.py); rates "per day" hold for any tick length.
    surprise_trust_cost: float = _f(0.2, 0.0, 1.0, "political trust lost when a patron learns of a client's strike without notice")
    notice_cost: float = _f(0.03, 0.0, 0.5, "security cost of giving a patron notice of a strike (leak or veto risk)")
    grievance_decay: float = _f(0.01, 0.0, 0.5, "share of an unanswered attack's grievance that fades per day")
    damage_decay: float = _f(0.03, 0.0, 0.5, "share of damage suffered that fades per day")
    restraint_decay: float = _f(0.02, 0.0, 0.5, "share of a patron's restraint pressure that fades per day")
    restraint_pull: float = _f(0.8, 0.0, 1.0, "how far 'take the win' pulls a strike's size toward the patron's position (at full trust)")
    heavy_strike: float = _f(0.5, 0.05, 1.0, "strike size from which a direct strike climbs a rung")
    covert_grievance: float = _f(0.5, 0.0, 1.0, "grievance caused by a strike on an asset abroad")
    framing_commitment: float = _f(0.0, 0.0, 1.0, "grievance added by publicly framing an attack as one on one's soil (a vow); 0: the vow shows in beliefs")
    defence_gain: float = _f(0.5, 0.0, 1.0, "defence cooperation added by a patron coordinating the coalition (at full military trust)")
    # Alliance disputes over held supply (moves/alliance.py).
    criticism_trust_cost: float = _f(0.2, 0.0, 1.0, "political trust lost when a client publicly blames its patron")
    criticism_strain: float = _f(0.15, 0.0, 0.5, "strain added by public criticism of the patron")
    criticism_relief: float = _f(0.3, 0.0, 1.0, "share of the client's domestic pressure relieved by blaming its patron")
    criticism_backlash: float = _f(0.15, 0.0, 0.5, "pressure added on the patron by a client's public criticism (yielding now looks weak)")
    quiet_diplomacy_gain: float = _f(0.05, 0.0, 0.5, "defence trust gained by discreet diplomacy over held supply")
    acted_pressure_share: float = _f(0.0, 0.0, 1.0, "share of a client's domestic pressure still felt once its own operation is launched")
    interim_requests: float = _f(3.0, 0.0, 10.0, "quiet approaches for held supply by its owner before locked delivery (interim deployment) is open")
    # More than two (model/multiparty.py, moves/coalition.py).
    coordination_leverage: float = _f(0.3, 0.0, 2.0, "alliance utility a patron loses per unit squeeze on either of two clients standing jointly (Snyder 1997)")
    coordination_strain: float = _f(0.03, 0.0, 0.5, "strain added by two clients' joint request to their patron (ganging up)")
    third_party_risk: float = _f(1.0, 0.0, 2.0, "security (owner) or escalation (owner's patrons) utility lost per unit scope of an operation under way while a third power's threat against it stands (Huth 1988)")
    # The life of an operation (model/oplife.py, moves/oplife.py).
    pause_value: float = _f(0.5, 0.0, 1.0, "share of the value still to be won that a paused operation keeps (it may resume)")
    halt_deadline_days: float = _f(14.0, 0.0, 365.0, "days a demand to halt a running operation gives before its deadline")
    withdrawal_step: float = _f(0.25, 0.05, 1.0, "scope pulled back by one stage of a withdrawal")
    # Commitment timing (model/commitment.py). Off at 0.
    commitment_option: float = _f(0.0, 0.0, 1.0, "share of a public commitment's audience cost forgone by making it before its target can be launched (the option value of waiting), times how far the target's forces are from ready")
    # Talks with an adversary (model/talks.py, moves/talks.py).
    offer_relief: float = _f(0.1, 0.0, 1.0, "share of the client's domestic pressure relieved by a better offer")
    talks_engagement: float = _f(0.1, 0.0, 1.0, "standing an adversary draws from staying in mediated talks")
    # Attention and agenda (model/attention.py). Off at these defaults, so a cast that does not set
    # them runs as before; the 2024 cast sets them at fitted values (docs/model.md 7.16).
    attention_decay: float = _f(0.0, 0.0, 0.5, "share of an issue's salience lost per tick when nothing concerns it (0: off, salience stays 1)")
    attention_gain: float = _f(0.5, 0.0, 1.0, "salience added to an issue by one event or observed move that concerns it")
    repeat_discount: float = _f(1.0, 0.1, 1.0, "effect multiplier per recent identical move on trust, strain and pressure (1: off)")
    repeat_cost: float = _f(0.0, 0.0, 0.1, "utility cost per recent identical move, spread over all interests (0: off)")
    repeat_memory: float = _f(0.8, 0.0, 0.99, "share of the count of recent identical moves kept per tick")
