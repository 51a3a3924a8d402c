"""backward(): the accumulation rule, several paths, deep graphs without recursion."""

import math
import sys

import pytest

from autograd import Value, grad


def test_simple_gradients():
    x, y = Value(2.0), Value(-3.0)
    z = x * y + x.tanh()
    z.backward()
    assert x.grad == pytest.approx(-3.0 + 1 - math.tanh(2.0) ** 2)
    assert y.grad == 2.0
    assert z.grad == 1.0


def test_backward_twice_doubles_every_grad_root_included():
    x, y = Value(2.0), Value(-3.0)
    z = (x * y + x).tanh()
    z.backward()
    first = {n: n.grad for n in (x, y, z, z.parents[0])}
    z.backward()
    for node, g in first.items():
        assert node.grad == pytest.approx(2 * g)
    assert z.grad == 2.0


def test_zero_grad_clears_the_whole_graph():
    x = Value(2.0)
    h = x * x
    z = h + 1
    z.backward()
    z.zero_grad()
    assert x.grad == h.grad == z.grad == 0.0
    z.backward()
    assert x.grad == 4.0


def test_multiple_paths_sum():
    x = Value(3.0)
    assert _grad_of(x * x, x) == 6.0
    assert _grad_of(x + x, x) == 2.0
    a = x * 2
    assert _grad_of(a * a + a, x) == pytest.approx(2 * (2 * 6.0) + 2)


def _grad_of(out, x):
    x.grad = 0.0
    out.backward()
    return x.grad


def test_seed_gradient():
    x = Value(2.0)
    y = x * 3
    y.backward(0.5)
    assert x.grad == 1.5 and y.grad == 0.5


def test_bad_seed_type():
    with pytest.raises(TypeError, match="str"):
        Value(1.0).backward("1")


def test_backward_on_a_leaf():
    x = Value(1.0)
    x.backward()
    assert x.grad == 1.0


def test_graph_is_freed_by_reference_counting():
    import gc                  # Values have no __weakref__ slot, so count them through gc
    gc.collect()
    gc.disable()
    try:
        before = len([o for o in gc.get_objects() if type(o) is Value])
        x = Value(1.0)
        y = x
        for _ in range(1000):
            y = (y * 1.0001).tanh()
        y.backward()
        del y
        after = len([o for o in gc.get_objects() if type(o) is Value])
    finally:
        gc.enable()
    assert after - before == 1     # only x remains: no reference cycles kept the graph alive


def test_deep_chain_without_raising_the_recursion_limit():
    limit = sys.getrecursionlimit()
    x = Value(1.0)
    y = x
    for _ in range(100_000):
        y = y * 1.0 + 0.0
    y.backward()
    assert x.grad == 1.0 and sys.getrecursionlimit() == limit


@pytest.mark.slow
def test_million_node_chain():
    x = Value(0.5)
    y = x
    for _ in range(1_000_000):
        y = y + x
    y.backward()
    assert x.grad == 1_000_001.0


def test_hundred_thousand_term_sum():
    xs = [Value(float(i)) for i in range(100_000)]
    s = sum(xs)
    s.backward()
    assert s.data == sum(range(100_000)) and all(x.grad == 1.0 for x in xs)


def test_passes_from_several_threads_on_shared_leaves_are_each_correct():
    import threading
    xs = [Value(float(i) / 10, label=f"x{i}") for i in range(50)]
    results, errors = {}, []
    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)              # switch threads as often as possible

    def work(k):
        try:
            for repeat in range(4):
                f = xs[0] * 0.0
                for _ in range(40):
                    for i, x in enumerate(xs):
                        f = f + x * float(k + i)
                results[(k, repeat)] = grad(f, xs)
                f.backward()                       # .grad of the shared leaves adds up
        except BaseException as e:                 # pragma: no cover - reported below
            errors.append(e)

    try:
        threads = [threading.Thread(target=work, args=(k,)) for k in range(10)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    finally:
        sys.setswitchinterval(interval)
    assert not errors
    wrong = [key for key, g in results.items()
             if g != [40.0 * (key[0] + i) for i in range(len(xs))]]
    assert len(results) == 40 and wrong == []
    assert [x.grad for x in xs] == [40.0 * sum(k + i for k in range(10)) * 4
                                    for i in range(len(xs))]
