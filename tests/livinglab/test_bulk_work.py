import gc

import pytest

from livinglab.bulk_work import cycle_collector_paused


@pytest.fixture
def collector_restored():
    was_on = gc.isenabled()
    yield
    gc.enable() if was_on else gc.disable()


def test_the_collector_is_off_during_the_work_and_on_again_after_it(collector_restored):
    gc.enable()

    with cycle_collector_paused():
        during = gc.isenabled()

    assert (during, gc.isenabled()) == (False, True)


def test_an_error_in_the_work_still_turns_the_collector_back_on(collector_restored):
    gc.enable()

    with pytest.raises(ValueError), cycle_collector_paused():
        raise ValueError("a bad row")

    assert gc.isenabled()


def test_a_pause_inside_another_leaves_the_collector_off_until_the_outer_one_ends(collector_restored):
    gc.enable()

    with cycle_collector_paused():
        with cycle_collector_paused():
            pass
        after_inner = gc.isenabled()

    assert (after_inner, gc.isenabled()) == (False, True)


def test_a_collector_that_was_off_stays_off(collector_restored):
    gc.disable()

    with cycle_collector_paused():
        pass

    assert not gc.isenabled()


def test_cycles_made_during_the_pause_are_collected_afterwards(collector_restored):
    gc.enable()

    class Node:
        pass

    with cycle_collector_paused():
        node = Node()
        node.itself = node
        del node

    assert gc.collect() >= 2  # the node and its __dict__
