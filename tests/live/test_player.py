"""The playground's steps a second (player.js's stepsPerSecond) are right at every speed: 60
frames a second of one step each, a step taking several frames, frames of more than a second
each (where it used to read 0)."""

import pytest

from . import node


def rates(js, frames):
    return node.ask(js, "rate", [frames])[0]


def test_one_step_a_frame_at_sixty_frames_a_second(js):
    assert rates(js, [[1 / 60, 1]] * 120)[-1] == pytest.approx(60, rel=1e-9)


def test_a_step_over_three_frames(js):
    frames = [[1 / 60, 0], [1 / 60, 0], [1 / 60, 1]] * 60
    assert rates(js, frames)[-1] == pytest.approx(20, rel=0.05)


def test_frames_of_more_than_a_second_each(js):
    every_other = rates(js, [[1.5, 0], [1.5, 1]] * 4)
    assert every_other[-1] == pytest.approx(1 / 3)
    assert all(r > 0 for r in every_other[1:])
    assert rates(js, [[2.0, 1]] * 5)[-1] == pytest.approx(0.5)


def test_no_step_yet_is_zero(js):
    assert rates(js, [[0.5, 0]] * 4)[-1] == 0
