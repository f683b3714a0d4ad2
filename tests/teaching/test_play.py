"""`negotiation-sim play`: scripted sessions end to end, refused input, same seed same run, transcripts."""

from __future__ import annotations

import json

import pytest

from negotiation_sim.api import run
from negotiation_sim.errors import UserError
from negotiation_sim.teaching.commands import parse
from negotiation_sim.teaching.debrief import debrief
from negotiation_sim.teaching.session import IllegalMove, PlaySession
from negotiation_sim.teaching.transcript import load_session, save_session
from tests.conftest import DATA, run_cli

SUPPLY = str(DATA / "supply_dispute.yaml")


def test_scripted_session_runs_to_the_end_with_a_debrief(tmp_path):
    moves = tmp_path / "moves.txt"
    moves.write_text("# a class's script\nprepare_plan offensive\n\n" + "auto\n" * 40)
    save = tmp_path / "session.json"
    r = run_cli("play", SUPPLY, "--as", "arvania", "--moves", str(moves), "--seeds", "3", "--save", str(save))
    assert r.returncode == 0, r.stderr
    out = r.stdout
    assert "ROLE BRIEF: you play Arvania" in out
    assert "Who you can call" in out and "the political channel (" in out
    assert "hotline" not in out and "staff_talks" not in out  # channel ids never shown
    assert "The model's advice for your seat:" in out
    assert "The scenario has reached its end" in out
    assert "DEBRIEF: Arvania" in out and "ended" not in out.split("DEBRIEF")[1].splitlines()[0]
    debrief_text = out.split("DEBRIEF")[1]
    assert "The path of Arvania" in debrief_text and "The record of Arvania" in debrief_text
    assert "Outcomes (this session | history, as recorded | the model's free play):" in debrief_text
    assert "nan" not in debrief_text
    data = json.loads(save.read_text())
    assert data["actor"] == "arvania" and data["ended"] == "complete"
    assert data["moves"][0]["move"] == "prepare_plan"
    assert len(data["moves"]) == 13  # one per tick, 2030-01-08 .. 2030-03-31 in weeks


def test_illegal_input_is_refused_and_the_session_goes_on(tmp_path):
    script = "\n".join([
        "prepare_plan rafah",              # turn 1: legal
        "launch_agreed_operation rafah",   # precondition fails: no approved plan
        "fly_to_the_moon",                 # unknown move
        "hold_shipment heavy_bombs",       # a patron's move, not a client's
        "refine_plan gaza",                # not a target
        "42",                              # no such option
        "%$@ garbage !!",                  # garbage
        "why 99",                          # bad option in a question
        "wait",                            # turn 2: legal
    ]) + "\n"
    save = tmp_path / "s.json"
    r = run_cli("play", "rafah", "--as", "israel", "--seeds", "2", "--save", str(save), input_text=script)
    assert r.returncode == 0, r.stderr
    out = r.stdout
    assert "not accepted: 'Launch the Rafah operation on the agreed plan' is not open now (it needs:" in out
    assert "not accepted: unknown move 'fly_to_the_moon'" in out
    assert "not accepted: 'hold_shipment' is not a move a client can make" in out
    assert "not accepted: 'gaza' is not a target of 'refine_plan'" in out
    assert "not accepted: there is no option 42" in out
    assert "not accepted: unknown move '%$@'" in out or "not accepted: too many words" in out
    assert out.count("not accepted:") == 6 + 1  # six bad moves and one bad question
    assert "(end of input: the session stops here)" in out
    assert "DEBRIEF: Israel" in out and "stopped when the moves ran out" in out
    data = json.loads(save.read_text())
    assert [m["move"] for m in data["moves"]] == ["prepare_plan", "wait"]
    assert [m["date"] for m in data["moves"]] == ["2024-01-05", "2024-01-09"]


def test_playing_the_models_own_draws_reproduces_free_play(tmp_path):
    s = PlaySession("rafah", "us", seed=4)
    while s.next_turn() is not None:
        s.play_model_choice()
    free = run("rafah", mode="free", seed=4)
    ours = s.result()
    key = lambda m: (m.tick, m.actor, m.move, m.target)  # noqa: E731
    assert [key(m) for m in ours.move_records] == [key(m) for m in free.move_records]
    assert ours.outcomes == pytest.approx(free.outcomes, nan_ok=True)
    # Seed 4 has a US draw overtaken by Israel's launch in the same tick (tick 26): free play
    # drops it, and so must the session, live and when saved and loaded again.
    assert any(d.actor == "us" and d.tick == 26 and d.chosen.startswith("demand_humanitarian_plan")
               for d in free.decision_records)
    path = save_session(s, tmp_path / "s.json")
    again = load_session(path).result()
    assert [key(m) for m in again.move_records] == [key(m) for m in free.move_records]
    s.close()


def test_session_refuses_an_illegal_move_without_losing_the_turn():
    s = PlaySession("rafah", "israel", seed=0)
    turn = s.next_turn()
    with pytest.raises(IllegalMove, match="'Launch the Rafah operation without your partner's approval .a fait accompli.' is not open now"):
        s.play("act_unilaterally", "rafah")
    assert s.next_turn() is turn and not s.choices
    s.play("prepare_plan", "rafah")
    assert s.choices[0].move == "prepare_plan" and s.next_turn().tick == turn.tick + 1


def test_parse_accepts_numbers_names_and_default_targets():
    s = PlaySession("rafah", "israel", seed=0)
    turn = s.next_turn()
    ix = s.model.ix
    n = turn.options.index("prepare_plan:rafah") + 1
    assert parse(str(n), turn, ix, "israel", "client").move == "prepare_plan"
    a = parse("prepare_plan", turn, ix, "israel", "client")  # one possible target: filled in
    assert (a.kind, a.move, a.target) == ("play", "prepare_plan", "rafah")
    assert parse("prepare_plan:rafah", turn, ix, "israel", "client").target == "rafah"
    assert parse("why prepare_plan", turn, ix, "israel", "client").kind == "why"
    assert parse("conserve_munitions", turn, ix, "israel", "client").message.startswith(
        "'conserve_munitions' needs a target")
    assert "Did you mean 'prepare_plan'" in parse("prepare_plna", turn, ix, "israel", "client").message
    assert parse("", turn, ix, "israel", "client").kind == "error"


def test_taking_over_from_a_branch_date_replays_history_first():
    s = PlaySession("rafah", "us", seed=0, branch=__import__("datetime").date(2024, 3, 20))
    turn = s.next_turn()
    assert turn.date >= __import__("datetime").date(2024, 3, 20)
    assert any(m.origin == "record" and m.move == "declare_red_line" for m in s.model.moves)


def test_transcript_round_trip_and_bad_files(tmp_path):
    s = PlaySession(SUPPLY, "borduria", seed=2)
    for _ in range(4):
        s.next_turn()
        s.play_model_choice()
    s.stop("quit")
    path = save_session(s, tmp_path / "s.json")
    back = load_session(path)
    assert [c.key for c in back.choices] == [c.key for c in s.choices]
    assert back.ended == "quit" and back.result().outcomes == pytest.approx(s.result().outcomes, nan_ok=True)
    d = debrief(back, seeds=2)
    assert d.until is not None and len(d.outcomes) == 2
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    with pytest.raises(UserError, match="a JSON play session file"):
        load_session(bad)
    data = json.loads(path.read_text())
    data["moves"][1]["move"] = "act_unilaterally"
    bad.write_text(json.dumps(data))
    with pytest.raises(UserError, match=r"moves\[1\]: expected a legal move on replay"):
        load_session(bad)


@pytest.mark.parametrize("args, expected", [
    (["play", "rafah", "--as", "hamas"], "--as: expected one of the actors (israel, us)"),
    (["play", "rafah", "--as", "us", "--moves", "/nonexistent/moves.txt"], "expected an existing moves file"),
    (["play", "rafah", "--as", "us", "--from", "2030-01-01"], "--from: expected a date from 2024-01-01"),
    (["play", "rafah", "--as", "us", "--seeds", "0"], "--seeds: expected a positive number"),
])
def test_user_mistakes_get_one_line_and_exit_2(args, expected):
    r = run_cli(*args, input_text="")
    assert r.returncode == 2
    assert expected in r.stderr and len(r.stderr.strip().splitlines()) == 1


def test_a_debrief_is_the_same_live_saved_and_reloaded(tmp_path):
    from negotiation_sim.teaching.transcript import load_session, save_session, saved_debrief

    s = PlaySession("rafah", "us", seed=4)
    for _ in range(3):
        s.next_turn()
        s.play_model_choice()
    s.next_turn()  # a turn is open when the player quits
    s.stop("quit")
    live = debrief(s, seeds=2)
    path = save_session(s, tmp_path / "s.json", live)
    back = load_session(path)
    again = debrief(back, seeds=2)
    assert live.until == again.until == back.last_date.isoformat() == s.last_date.isoformat()
    assert live.to_dict() == again.to_dict() == saved_debrief(path).to_dict()
    assert "ended by the player" in live.ended_note or "was ended by the player" in live.ended_note
    talks = [r for r in live.outcomes if "nan" in str(r.values())]
    assert not talks
    s.close()
    back.close()


def test_talks_outcome_is_a_category_and_history_is_the_record():
    from negotiation_sim.api import prepare
    from negotiation_sim.teaching.outcomes import model_summary, recorded_outcome

    sc = prepare("hostage_deal")
    summary = model_summary([1.0, 3.0, 3.0, 2.0], "category", sc.calendar.start,
                            {1: "a deal", 2: "the zone of agreement closed", 3: "a walk-out"})
    assert summary.startswith("a walk-out in 2 of 4") and "." not in summary.split(",")[0]
    assert recorded_outcome(sc, "talks_end").startswith("no deal by 31 August")
    rafah = prepare("rafah")
    assert recorded_outcome(rafah, "entry_day") == "2024-05-06"  # as recorded, not a replayed tick
    assert recorded_outcome(rafah, "entry_scope").startswith("the southern plan")
    assert recorded_outcome(rafah, "peak_strain") == "not in the record"


def test_briefs_and_intervention_errors_list_only_the_scenarios_moves(tmp_path):
    from negotiation_sim.api import prepare
    from negotiation_sim.teaching.brief import role_brief

    text = "\n".join(role_brief(prepare("rafah"), "us"))
    assert "bridging terms" not in text and "hold back (" not in text  # talks and ladder moves are not Rafah's
    assert "Declare publicly that the Rafah operation would cross a red line" in text
    r = run_cli("run", "rafah", "--intervention", "remove:us:fly")
    assert r.returncode == 2 and "bridge_proposal" not in r.stderr and "press_for_restraint" not in r.stderr
    assert "declare_red_line" in r.stderr


def test_brief_command_writes_a_printable_role_packet(tmp_path):
    out = tmp_path / "us.html"
    r = run_cli("brief", "hostage_deal", "--as", "israel", "--out", str(out))
    assert r.returncode == 0, r.stderr
    html = out.read_text()
    for part in ("Role packet: Israel", "The situation", "What you want", "Your levers", "Who you can call",
                 "What has happened so far (sourced)", "The ideas behind your levers", "bargaining range",
                 "@media print"):
        assert part in html, part
    assert "pressure at home widens how far you may go" in html  # the limit the brief states moves
    r = run_cli("brief", "rafah", "--as", "nato", "--out", str(out))
    assert r.returncode == 2 and "one of the actors" in r.stderr
    r = run_cli("brief", "rafah", "--as", "us", "--out", str(tmp_path / "us.pdf"))
    assert r.returncode == 2 and "ending in .html" in r.stderr


def test_a_brief_and_its_reasons_name_every_counterpart_of_a_patron_with_several():
    from negotiation_sim.api import prepare
    from negotiation_sim.scenario.names import Names
    from negotiation_sim.teaching.brief import role_brief

    sc = prepare(str(DATA / "multi_party.yaml"))
    names = Names(sc)
    text = "\n".join(role_brief(sc, "borduria"))
    assert f"the sides you watch most closely are {names('arvania')} and {names('carpathia')}" in text
    assert sc.actor("borduria").first_counterpart == "arvania"


def test_a_players_move_closed_earlier_in_the_turn_is_not_made_and_the_player_is_told(tmp_path):
    """Seed 0, 10 April 2024 (tick 25): the model's Israel acts alone on Rafah first in the tick, which
    closes the US player's private pressure about the plan; it is not made, as a model's own
    decision would not be (before, it was made on a launched operation, marked illegal)."""
    s = PlaySession("rafah", "us", seed=0)
    turn = s.next_turn()
    while turn.tick < 25:
        s.play_model_choice()
        turn = s.next_turn()
    assert "press_privately:rafah" in turn.options  # open when the player chose it
    choice = s.play("press_privately", "rafah")
    made = {(r.actor, r.move) for r in s.model.moves if r.tick == 25}
    assert choice.overtaken and ("israel", "act_unilaterally") in made and ("us", "press_privately") not in made
    assert s.model.overtaken == [(25, "us", "press_privately", "rafah")]
    assert not any(r.origin == "forced" and not r.legal for r in s.model.moves)
    path = save_session(s, tmp_path / "s.json")
    assert json.loads(path.read_text())["moves"][-1]["overtaken"] is True
    back = load_session(path)
    assert back.choices[-1].overtaken and back.model.overtaken == s.model.overtaken
    s.close()
    back.close()
