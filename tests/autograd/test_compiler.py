"""The batch compiler: its gradients equal the scalar engine's per-sample gradients summed."""

import math
import re
import sys

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import autograd
from autograd import Value
from autograd.compiler import DenseNode, SumGroup, TraceError, compile
from nn import MLP, SGD, binary_cross_entropy, cross_entropy, hinge_loss, mse_loss
from tests.autograd.test_properties import programs, run


def scalar_reference(loss_fn, params, X, T):
    """Per-sample losses and the per-sample gradients summed, by the scalar engine."""
    for p in params:
        p.grad = 0.0
    losses = []
    for x, t in zip(X, T):
        loss = loss_fn([float(v) for v in x], [float(v) for v in t])
        loss.backward()
        losses.append(loss.data)
    return np.array(losses), np.array([p.grad for p in params])


def assert_same(result, losses, grads):
    np.testing.assert_allclose(result.outputs[:, 0], losses, rtol=1e-10, atol=1e-14)
    np.testing.assert_allclose(result.grads, grads, rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize("nouts, activation, loss_name", [
    ([4, 1], "sigmoid", "mse"), ([5, 3, 2], "tanh", "mse"), ([6, 3], "relu", "cross_entropy"),
    ([3, 1], "tanh", "hinge"),
])
def test_mlps_match_the_scalar_engine(nouts, activation, loss_name):
    model = MLP(3, nouts, activation=activation, output_activation="linear", seed=3)
    losses = {
        "mse": lambda x, t: mse_loss(model(x), t),
        "cross_entropy": lambda x, t: cross_entropy(model(x), 0) * t[0]
        + cross_entropy(model(x), 2) * (1 - t[0]),
        "hinge": lambda x, t: hinge_loss(model(x), [1]) * t[0],
    }
    fn = losses[loss_name]
    width = nouts[-1] if loss_name == "mse" else 1
    rng = np.random.RandomState(0)
    X, T = rng.randn(9, 3), rng.rand(9, width)
    program = compile(fn, 3, model.parameters(), n_targets=width)
    assert_same(program(X, T), *scalar_reference(fn, model.parameters(), X, T))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(programs)
def test_random_expression_graphs_match(case):
    point, program_ops = case
    weights = [Value(w, label=f"w{i}") for i, w in enumerate(point)]
    n = len(point)

    def fn(x, t):
        # the generated program mixes placeholders and parameters as its operands
        return run(program_ops, [a * w for a, w in zip(x, weights)] + weights)[0]

    rng = np.random.RandomState(len(program_ops))
    X = rng.uniform(-1.5, 1.5, size=(5, n))
    for x in X:
        out, closest_kink = run(program_ops, [Value(a * w.data) for a, w in zip(x, weights)]
                                + [Value(w.data) for w in weights])
        assume(closest_kink > 1e-6 and np.isfinite(out.data) and abs(out.data) < 1e6)
    compiled = compile(fn, n, weights)
    compiled(X[::-1])              # a first call leaves its numbers in the work arrays
    result = compiled(X)
    losses, grads = scalar_reference(fn, weights, X, np.zeros((5, 0)))
    np.testing.assert_allclose(result.outputs[:, 0], losses, rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(result.grads, grads, rtol=1e-9, atol=1e-10)


def test_a_batch_of_one():
    model = MLP(2, [3, 1], activation="tanh", seed=1)
    fn = lambda x, t: mse_loss(model(x), t)  # noqa: E731
    program = compile(fn, 2, model.parameters(), n_targets=1)
    X, T = np.array([[0.3, -0.7]]), np.array([[1.0]])
    assert_same(program(X, T), *scalar_reference(fn, model.parameters(), X, T))


def test_parameters_stay_the_models_values():
    model = MLP(2, [3, 1], activation="sigmoid", seed=2)
    fn = lambda x, t: mse_loss(model(x), t)  # noqa: E731
    program = compile(fn, 2, model.parameters(), n_targets=1)
    X, T = np.array([[0.0, 1.0], [1.0, 0.0]]), np.array([[1.0], [0.0]])
    opt = SGD(model.parameters(), lr=0.5)
    for _ in range(3):
        _, grads = scalar_reference(fn, model.parameters(), X, T)
        opt.zero_grad()
        program.accumulate(X, T)                    # fills .grad as backward() per sample does
        np.testing.assert_allclose([p.grad for p in model.parameters()], grads, rtol=1e-12)
        opt.step()
    outputs = program(X, T).outputs[:, 0]
    np.testing.assert_allclose(outputs, [fn(list(x), list(t)).data for x, t in zip(X, T)],
                               rtol=1e-12)


def test_constants_are_baked_in_and_unused_inputs_are_fine():
    w = Value(2.0, label="w")
    program = compile(lambda x, t: w * x[0] * 3.0 + 1.5, 2, [w])
    result = program(np.array([[1.0, 9.0], [2.0, 9.0]]))
    np.testing.assert_allclose(result.outputs[:, 0], [7.5, 13.5])
    assert result.grads.tolist() == [9.0]           # 3 x, summed over the batch


def test_an_undeclared_value_is_an_error():
    hidden = Value(0.5, label="b")
    with pytest.raises(ValueError, match=r"'b' \(data 0.5\).*neither an input"):
        compile(lambda x, t: x[0] * hidden, 1, [])


def test_python_branches_on_data_are_caught():
    with pytest.raises(TraceError, match="branches in Python"):
        compile(lambda x, t: x[0] * 2 if x[0].data > 0.5 else x[0] * 3, 1, [])
    with pytest.raises(TraceError):
        compile(lambda x, t: x[0] * x[0].data, 1, [])


def test_check_false_leaves_the_check_out_for_a_caller_that_knows():
    branching = compile(lambda x, t: x[0] * 2 if x[0].data > 0.5 else x[0] * 3, 1, [],
                        check=False)
    assert branching(np.array([[0.1]])).outputs.tolist() == [[0.2]]   # the traced branch


def test_fan_out_within_one_group_is_summed():
    w = Value(1.5, label="w")
    program = compile(lambda x, t: (w * w) * x[0] + w * x[1], 2, [w])
    assert program(np.array([[1.0, 1.0], [2.0, 0.0]])).grads.tolist() == [2 * 1.5 * 3 + 1]


def test_python_sums_become_one_n_ary_sum():
    ws = [Value(float(i), label=f"w{i}") for i in range(6)]
    program = compile(lambda x, t: sum(w * w * x[0] for w in ws), 1, ws)
    sums = [g for g in program.groups if type(g) is SumGroup]
    assert len(sums) == 1 and sums[0].count == 6        # the 0 that sum() starts from is dropped
    result = program(np.array([[2.0], [3.0]]))
    np.testing.assert_allclose(result.outputs[:, 0], [110.0, 165.0])
    assert result.grads.tolist() == [2 * i * 5.0 for i in range(6)]


def test_bad_batches():
    program = compile(lambda x, t: x[0] * t[0], 2, [], n_targets=1)
    with pytest.raises(ValueError, match=r"X should have shape"):
        program(np.zeros((3, 3)), np.zeros((3, 1)))
    with pytest.raises(ValueError, match=r"T should have shape"):
        program(np.zeros((3, 2)), np.zeros((2, 1)))
    with pytest.raises(ValueError, match="needs T"):
        program(np.zeros((3, 2)))


def test_bad_arguments_to_compile():
    with pytest.raises(ValueError, match="n_inputs"):
        compile(lambda x, t: x[0], 1.5, [])
    with pytest.raises(TypeError, match="params must be Values"):
        compile(lambda x, t: x[0], 1, [1.0])
    with pytest.raises(TypeError, match="must return a Value"):
        compile(lambda x, t: 3.0, 1, [])


def test_reachable_as_autograd_compile():
    assert autograd.compile is compile


def test_layers_become_matrix_products():
    model = MLP(4, [5, 3], activation="tanh", seed=0)
    program = compile(lambda x, t: mse_loss(model(x), t), 4, model.parameters(), n_targets=3)
    assert sum(isinstance(g, DenseNode) for g in program.groups) == 2
    assert program.rows.count < 40          # the 35 products need no rows of their own


def layer_case(fn, n_inputs, params):
    rng = np.random.RandomState(1)
    X = rng.randn(6, n_inputs)
    result = compile(fn, n_inputs, params)(X)
    losses, grads = scalar_reference(fn, params, X, np.zeros((6, 0)))
    np.testing.assert_allclose(result.outputs[:, 0], losses, rtol=1e-10)
    np.testing.assert_allclose(result.grads, grads, rtol=1e-10, atol=1e-12)


def test_tied_weights_in_one_layer_are_summed():
    w, v, b = Value(0.3, label="w"), Value(-0.8, label="v"), Value(0.1, label="b")
    layer_case(lambda x, t: (w * x[0] + v * x[1] + b).tanh() * (w * x[0] + w * x[1] + b),
               2, [w, v, b])


def test_a_product_used_twice_is_not_absorbed():
    w1, w2 = Value(0.5, label="w1"), Value(1.5, label="w2")

    def fn(x, t):
        shared = w1 * x[0]
        return (shared + w2 * x[1]).sigmoid() + shared * 3.0
    layer_case(fn, 2, [w1, w2])


def test_bias_free_layers_and_baked_in_inputs():
    model = MLP(3, [4, 2], activation="relu", output_activation="linear", bias=False, seed=5)
    layer_case(lambda x, t: sum(model([x[0], 0.25, x[1]])), 2, model.parameters())


def digits_like_case(params_order=lambda ps: ps):
    model = MLP(5, [4, 3], activation="sigmoid", seed=4)
    fn = lambda x, t: mse_loss(model(x), t)  # noqa: E731
    params = params_order(model.parameters())
    rng = np.random.RandomState(2)
    return model, fn, params, compile(fn, 5, params, n_targets=3), rng.randn(7, 5), rng.rand(7, 3)


def test_weights_given_as_a_vector_are_used_instead_of_data():
    model, fn, params, program, X, T = digits_like_case()
    vector = np.array([p.data for p in params])
    assert_same(program(X, T, vector), *scalar_reference(fn, params, X, T))
    moved = vector + 0.1
    for p, x in zip(params, moved):           # the reference: the model at the moved weights
        p.data = float(x)
    reference = scalar_reference(fn, params, X, T)
    for p, x in zip(params, vector):
        p.data = float(x)
    assert_same(program(X, T, moved), *reference)
    assert [p.data for p in params] == vector.tolist()      # the Values are left alone
    with pytest.raises(ValueError, match=r"weights should be a vector of the 39 parameters"):
        program(X, T, vector[:-1])


def test_parameters_in_any_order_are_gathered():
    # reversed, a layer's weights are no longer a strided block of the vector
    model, fn, params, program, X, T = digits_like_case(lambda ps: ps[::-1])
    assert_same(program(X, T), *scalar_reference(fn, params, X, T))


def test_batch_sizes_can_alternate_and_results_are_not_overwritten():
    model, fn, params, program, X, T = digits_like_case()
    first = program(X, T)
    kept = first.grads.copy(), first.outputs.copy()
    small = program(X[:2], T[:2])
    assert_same(small, *scalar_reference(fn, params, X[:2], T[:2]))
    again = program(X, T)
    assert_same(again, *scalar_reference(fn, params, X, T))
    np.testing.assert_array_equal(first.grads, kept[0])
    np.testing.assert_array_equal(first.outputs, kept[1])


def test_binary_cross_entropy_clamps_the_same_way_compiled():
    # the clamp of log at -100 is a `maximum` in the graph, not a branch on .data: a saturated
    # sigmoid (p == 0.0 exactly) gives a loss of 100 and no gradient in both engines
    from nn import binary_cross_entropy
    w = Value(1.0, label="w")
    fn = lambda x, t: binary_cross_entropy([(w * x[0]).sigmoid()], [t[0]])  # noqa: E731
    X, T = np.array([[-800.0], [0.5], [800.0]]), np.array([[1.0], [1.0], [0.0]])
    losses, grads = scalar_reference(fn, [w], X, T)
    np.testing.assert_allclose(losses[[0, 2]], [100.0, 100.0])
    assert_same(compile(fn, 1, [w], n_targets=1)(X, T), losses, grads)


def test_a_term_of_a_sum_that_is_also_used_elsewhere():
    # t[0] receives gradient from the product first and then from the sum (added, not written)
    ws = [Value(0.3 * (i + 1), label=f"w{i}") for i in range(3)]

    def fn(x, t):
        terms = [(w * x[0]).tanh() for w in ws]
        return (terms[0] + terms[1] + terms[2]) * terms[0] + terms[1]
    layer_case(fn, 1, ws)


def test_threads_can_share_a_program():
    from concurrent.futures import ThreadPoolExecutor
    model, fn, params, program, X, T = digits_like_case()
    rng = np.random.RandomState(5)
    batches = [(rng.randn(4000, 5), rng.rand(4000, 3)) for _ in range(4)]   # NumPy releases
    expected = [program(x, t) for x, t in batches]                       # the GIL on these
    with ThreadPoolExecutor(4) as pool:
        for _ in range(5):
            results = list(pool.map(lambda b: program(*b), batches))
            for got, want in zip(results, expected):
                np.testing.assert_array_equal(got.grads, want.grads)
                np.testing.assert_array_equal(got.outputs, want.outputs)


@st.composite
def layered_networks(draw):
    """A random stack of layers as sums of weight * input (+ bias): some weights shared, some
    layers reading the inputs again besides the layer below (a value with two layers reading
    it), parameters declared in a random order (so blocks are sometimes not strided views)."""
    n_in = draw(st.integers(1, 3))
    widths = draw(st.lists(st.integers(1, 4), min_size=1, max_size=3))
    acts = draw(st.lists(st.sampled_from(["tanh", "sigmoid", "relu", "linear"]),
                         min_size=len(widths), max_size=len(widths)))
    skips = draw(st.lists(st.booleans(), min_size=len(widths), max_size=len(widths)))
    biased = draw(st.booleans())
    values = draw(st.lists(st.floats(-1.5, 1.5), min_size=64, max_size=64))
    params, layers, fan_in = [], [], n_in
    for width, skip in zip(widths, skips):
        rows = []
        for _ in range(width):
            ws = [Value(values[len(params) % 64] + 0.01 * len(params)) for _ in
                  range(fan_in + n_in * skip)]
            params += ws
            if len(ws) > 1 and draw(st.booleans()):
                ws[-1] = ws[0]                       # a weight used twice in one neuron
                params.pop()
            b = Value(0.1) if biased else None
            params += [b] if biased else []
            rows.append((ws, b))
        layers.append(rows)
        fan_in = width
    order = draw(st.permutations(range(len(params))))
    return n_in, layers, acts, skips, [params[i] for i in order]


def run_layers(x, layers, acts, skips):
    h = list(x)
    for rows, act, skip in zip(layers, acts, skips):
        inputs = h + list(x) * skip
        sums = [sum((w * v for w, v in zip(ws, inputs)), b if b is not None else 0.0)
                for ws, b in rows]
        h = sums if act == "linear" else [getattr(s, act)() for s in sums]
    return h


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(layered_networks())
def test_random_layered_networks_match(case):
    n_in, layers, acts, skips, params = case
    fn = lambda x, t: sum((y - t[0]) ** 2 for y in run_layers(x, layers, acts, skips))  # noqa
    rng = np.random.RandomState(0)
    X, T = rng.randn(5, n_in), rng.randn(5, 1)
    program = compile(fn, n_in, params, n_targets=1)
    program(rng.randn(5, n_in), rng.randn(5, 1))     # leaves its numbers in the work arrays
    assert_same(program(X, T), *scalar_reference(fn, params, X, T))


def test_large_batches_leave_no_work_arrays_behind():
    from autograd.compiler import program as runtime
    model, fn, params, program, X, T = digits_like_case()
    rng = np.random.RandomState(3)
    size = runtime._KEPT_ENTRIES // program.rows.count + 1         # just above the limit
    big_X, big_T = rng.randn(size, 5), rng.rand(size, 3)
    program(X, T)
    kept = len(program._workspaces)
    result = program(big_X, big_T)
    assert len(program._workspaces) == kept
    half = size // 2
    first, second = program(big_X[:half], big_T[:half]), program(big_X[half:], big_T[half:])
    np.testing.assert_allclose(result.grads, first.grads + second.grads, rtol=1e-9)
    np.testing.assert_allclose(result.outputs, np.vstack([first.outputs, second.outputs]))


def test_a_branch_between_two_parameters_is_caught():
    a, b = Value(2.0, label="a"), Value(3.0, label="b")
    with pytest.raises(TraceError, match="branches in Python"):
        compile(lambda x, t: x[0] * a if x[0].data > 0.5 else x[0] * b, 1, [a, b])
    with pytest.raises(TraceError):
        compile(lambda x, t: x[0] * 2.0 if a.data > 1.9 else x[0] * 3.0, 1, [a])


def test_reading_a_parameters_data_into_the_graph_is_caught():
    w = Value(-3.0, label="w")
    with pytest.raises(TraceError, match="reads a parameter's .data"):
        compile(lambda x, t: x[0] * w.data, 1, [w])
    assert w.data == -3.0                                   # restored after the check
    program = compile(lambda x, t: x[0] * w, 1, [w])
    w.data = 5.0
    assert program(np.array([[2.0]])).outputs[0, 0] == 10.0


def test_long_sums_and_wide_layers_compile_without_recursion():
    limit = sys.getrecursionlimit()
    program = compile(lambda x, t: sum(xi * 2.0 for xi in x), 100_000)
    assert program(np.ones((2, 100_000))).outputs[:, 0].tolist() == [200_000.0, 200_000.0]
    model = MLP(2048, [3], activation="sigmoid", seed=0)
    program = compile(lambda x, t: mse_loss(model(x), t), 2048, model.parameters(),
                      n_targets=3)
    X, T = np.random.RandomState(0).rand(4, 2048), np.random.RandomState(1).rand(4, 3)
    assert_same(program(X, T), *scalar_reference(lambda x, t: mse_loss(model(x), t),
                                                 model.parameters(), X, T))
    assert sys.getrecursionlimit() == limit


@pytest.mark.parametrize("fn, X, sample, message", [
    (lambda x, t: x[0].log(), [[1.0], [-2.0], [0.0]], 1, r"log: log\(-2.0\) is undefined"),
    (lambda x, t: (x[0] + 1.0).sqrt(), [[0.5], [-1.5]], 1, r"sqrt: sqrt\(-0.5\) is undefined"),
    (lambda x, t: 1.0 / x[0], [[2.0], [1.0], [0.0]], 2, r"/: 1.0 / 0.0 is undefined"),
    (lambda x, t: x[0] ** x[1], [[2.0, 0.5], [-2.0, 0.5]], 1, r"\*\*: -2.0 \*\* 0.5 is undefined"),
])
def test_domain_errors_are_the_scalar_engines_with_the_first_sample(fn, X, sample, message):
    program = compile(fn, len(X[0]))
    with pytest.raises(ValueError, match=message + f" for sample {sample} of the batch"):
        program(np.array(X))
    with pytest.raises(ValueError, match=message):                  # the scalar engine's
        fn([Value(v) for v in X[sample]], [])


@pytest.mark.parametrize("row", [[math.nan, 0.0], [0.0, math.nan], [math.inf, -math.inf]])
def test_a_sample_fn_itself_refuses_is_refused_by_the_program_naming_it(row):
    model = MLP(2, [3, 1], activation="tanh", output_activation="sigmoid", seed=0)
    fn = lambda x, t: binary_cross_entropy(model(x), t)
    program = compile(fn, 2, model.parameters(), n_targets=1)
    X, T = np.array([[0.1, 0.2], row, [0.3, 0.4]]), np.array([[1.0], [0.0], [1.0]])
    with pytest.raises(ValueError) as scalar:
        fn([Value(v) for v in row], [Value(0.0)])
    weights = np.array([p.data for p in model.parameters()])
    expected = re.escape(f"{scalar.value} (sample 1 of the batch)")
    for call in (lambda: program(X, T), lambda: program.forward(X, T),
                 lambda: program(X, T, weights)):
        with pytest.raises(ValueError, match=expected):
            call()
    nan_ok = compile(lambda x, t: x[0] * t[0], 1, n_targets=1)      # nan, and fn says nothing
    assert math.isnan(nan_ok(np.array([[math.nan]]), np.array([[1.0]])).outputs[0, 0])


@pytest.mark.parametrize("X, message", [
    (np.array([[1 + 2j, 0.0]]), "real numbers.*complex"),
    (np.array([["1.0", "2.0"]]), "real numbers, got dtype <U3"),
    (np.zeros((0, 2)), "no rows"),
    (np.zeros((3, 3)), r"X should have shape \(batch, 2 columns\), got \(3, 3\)"),
])
def test_a_batch_must_be_real_numbers_of_the_right_shape(X, message):
    program = compile(lambda x, t: x[0] * x[1], 2)
    with pytest.raises(ValueError, match=message):
        program(X)


def test_layers_read_the_batch_in_place_where_only_they_read_it():
    model = MLP(3, [4, 2], activation="tanh", seed=1)
    fn = lambda x, t: mse_loss(model(x), t)  # noqa: E731
    program = compile(fn, 3, model.parameters(), n_targets=2)
    assert program._read_inputs_in_place                  # no transposed copy of X per call
    X, T = np.random.RandomState(0).rand(5, 3), np.random.RandomState(1).rand(5, 2)
    assert_same(program(X, T), *scalar_reference(fn, model.parameters(), X, T))
    also_read = lambda x, t: mse_loss(model(x), t) + x[0] * 2.0  # noqa: E731
    program = compile(also_read, 3, model.parameters(), n_targets=2)
    assert not program._read_inputs_in_place
    assert_same(program(X, T), *scalar_reference(also_read, model.parameters(), X, T))


def test_layers_after_the_first_take_the_bias_trick():
    """A layer fed by another gets a row of ones after its sources, so [W | b] is one matrix
    (one product forward and one backward); the first reads X in place and keeps its
    addition. Parameters laid out otherwise (reversed) get no trick: same numbers."""
    model = MLP(3, [4, 3, 2], activation="sigmoid", seed=2)
    fn = lambda x, t: mse_loss(model(x), t)  # noqa: E731
    X, T = np.random.RandomState(3).randn(6, 3), np.random.RandomState(4).rand(6, 2)
    for params, folded in ((model.parameters(), [False, True, True]),
                           (model.parameters()[::-1], [False, False, False])):
        program = compile(fn, 3, params, n_targets=2)
        dense = [s for s in program.steps if type(s).__name__ == "DenseStep"]
        assert [s.folded is not None for s in dense] == folded
        for _ in range(2):                                  # a second call: nothing left over
            assert_same(program(X, T), *scalar_reference(fn, params, X, T))
        assert_same(program(X[:1], T[:1]), *scalar_reference(fn, params, X[:1], T[:1]))


@pytest.mark.parametrize("point_from", [0, 10**9])
def test_a_weights_vector_is_read_where_it_is_and_changes_to_it_are_seen(point_from,
                                                                          monkeypatch):
    """Layers view a long vector of the caller's instead of copying it (POINT_FROM, lowered
    here to take that path with a small net): a vector changed in place between two calls
    gives the new numbers; a strided or float32 one is copied, and right. And the same with
    every vector copied."""
    from autograd.compiler import program as program_module
    monkeypatch.setattr(program_module, "POINT_FROM", point_from)
    model, fn, params, program, X, T = digits_like_case()
    vector = np.array([p.data for p in params])

    def reference(values):
        for p, v in zip(params, values):
            p.data = float(v)
        found = scalar_reference(fn, params, X, T)
        for p, v in zip(params, vector):
            p.data = float(v)
        return found

    first = program(X, T, vector)
    assert_same(first, *reference(vector))
    original = vector.copy()
    vector *= 1.1                                        # in place, the same object
    assert_same(program(X, T, vector), *reference(vector))
    wide = np.zeros(2 * len(vector))
    wide[::2] = original
    assert_same(program(X, T, wide[::2]), *reference(original))
    assert_same(program(X, T, original.astype(np.float32)),
                *reference(original.astype(np.float32).astype(float)))
    current = [p.data for p in params]                   # what reference left in .data
    assert_same(program(X, T), *reference(current))      # read from .data again


def test_a_workspace_runs_its_steps_as_generated_python_that_reads_as_the_graph():
    """Each group's statements after a comment naming it; an op reads the rows the layer
    before it wrote under the same name; forwards computed into their rows (out=), rules
    written inline, into the gradient rows they end in; and the numbers those functions give
    are the scalar engine's."""
    model = MLP(4, [3, 2], activation="sigmoid", seed=0)
    program = compile(lambda x, t: mse_loss(model(x), t), 4, model.parameters(), n_targets=2)
    X, T = np.random.RandomState(0).rand(5, 4), np.random.RandomState(1).rand(5, 2)
    result = program(X, T)
    source = program.source(5)
    forward = source.split("def backward")[0]
    assert forward.count("    # ") == len(program.groups)
    layer_out = re.search(r"np\.matmul\(W\w+, \S+, out=(V\d+)\)", forward).group(1)
    assert f"E.sigmoid({layer_out}, out=" in forward
    assert re.search(r"np\.subtract\(1\.0, (V\d+), out=(G\d+)\)\n +np\.multiply\(\1, \2, "
                     r"out=\2\)\n +np\.multiply\(G\d+, \2, out=\2\)", source)  # sigmoid's
    losses, grads = scalar_reference(lambda x, t: mse_loss(model(x), t), model.parameters(),
                                     X, T)
    assert_same(result, losses, grads)


@pytest.mark.parametrize("batch", [0, -1, 2.0, True, "32"])
def test_the_source_of_a_batch_that_is_not_a_number_of_rows_is_refused(batch):
    model = MLP(2, [1], seed=0)
    program = compile(lambda x, t: mse_loss(model(x), t), 2, model.parameters(), n_targets=1)
    with pytest.raises(ValueError, match="batch must be a whole number of rows"):
        program.source(batch)


def test_a_copied_program_runs_on_arrays_of_its_own():
    """A workspace's generated functions name its own arrays: a copy of a program makes its
    own, and the two programs' results stay apart."""
    import copy
    model = MLP(3, [4, 1], seed=0)
    program = compile(lambda x, t: mse_loss(model(x), t), 3, model.parameters(), n_targets=1)
    X, T = np.random.RandomState(0).rand(6, 3), np.random.RandomState(1).rand(6, 1)
    first = program(X, T)
    twin = copy.deepcopy(program)
    assert twin._workspaces == {}
    again = twin(X, T)
    np.testing.assert_array_equal(again.grads, first.grads)
    program(X * 2.0, T)
    assert twin._workspace(6).values is not program._workspace(6).values
    np.testing.assert_array_equal(twin(X, T).grads, first.grads)


@pytest.mark.parametrize("point_from", [0, 10**9])
def test_each_call_hands_out_a_gradient_vector_of_its_own(point_from, monkeypatch):
    """A long gradient vector (POINT_FROM, lowered here) is written anew on each call and
    handed out rather than copied: a result keeps its numbers after the next call, a
    parameter nothing reads gets 0 (not what the memory held), one read outside a layer gets
    its gradient, and the slow exact pass (tanh at x = inf: 0 * inf) writes into it too."""
    from autograd.compiler import program as program_module
    monkeypatch.setattr(program_module, "POINT_FROM", point_from)
    model, unused, outside = MLP(3, [4, 2], activation="tanh", seed=1), Value(0.5), Value(-0.3)
    fn = lambda x, t: mse_loss(model(x), t) + outside * x[0]  # noqa: E731
    params = model.parameters() + [unused, outside]
    program = compile(fn, 3, params, n_targets=2)
    rng = np.random.RandomState(0)
    X, T = rng.randn(5, 3), rng.rand(5, 2)
    first = program(X, T)
    kept = first.grads.copy()
    assert program._workspace(5).hands_out_grads == (point_from == 0)
    assert_same(first, *scalar_reference(fn, params, X, T))
    assert first.grads[-2] == 0.0 and first.grads[-1] == X[:, 0].sum()
    X[2, 1] = math.inf                                        # the exact pass's case
    second = program(X, T)
    assert not np.isnan(second.grads).any() and second.grads is not first.grads
    assert_same(second, *scalar_reference(fn, params, X, T))
    np.testing.assert_array_equal(first.grads, kept)          # the first result as it was


def test_a_gradient_vector_is_written_again_only_once_no_one_holds_it(monkeypatch):
    """A long gradient vector handed out is written by a later call only after the caller has
    let go of it: held whole, through a view or in its result, it keeps its numbers; let go,
    the next call writes into it again (and its numbers are the call's own). Each starts at
    a cache line."""
    import weakref
    from autograd.compiler import program as program_module
    monkeypatch.setattr(program_module, "POINT_FROM", 0)
    model = MLP(3, [4, 2], activation="tanh", seed=1)
    fn = lambda x, t: mse_loss(model(x), t)  # noqa: E731
    program = compile(fn, 3, model.parameters(), n_targets=2)
    rng = np.random.RandomState(0)
    batches = [(rng.randn(5, 3), rng.rand(5, 2)) for _ in range(4)]
    address = lambda a: a.__array_interface__["data"][0]  # noqa: E731

    result = program(*batches[0])
    whole, kept = result.grads, result.grads.copy()
    del result
    view = program(*batches[1]).grads[2:5]
    view_kept = view.copy()
    held = program(*batches[2])
    np.testing.assert_array_equal(whole, kept)
    np.testing.assert_array_equal(view, view_kept)
    assert len({address(whole), address(view.base), address(held.grads)}) == 3
    last = weakref.ref(held.grads)                   # which does not hold it
    del held
    again = program(*batches[3])
    assert again.grads is last()
    assert all(a % 64 == 0 for a in (address(whole), address(view) - 16, address(again.grads)))
    assert_same(again, *scalar_reference(fn, model.parameters(), *batches[3]))


def test_a_program_warns_of_nothing_and_leaves_numpys_error_state_as_it_was():
    """The generated code runs with NumPy's floating-point warnings off (overflow in exp, 0 *
    inf: the program finds a nan in the numbers itself), in a context of its own: the
    caller's settings are untouched, before, during (from another thread) and after."""
    import threading
    import warnings
    model = MLP(2, [3, 1], activation="sigmoid", seed=0)
    program = compile(lambda x, t: mse_loss(model(x), t), 2, model.parameters(), n_targets=1)
    X, T = np.array([[1e300, -1e300], [np.inf, 0.0], [0.5, 0.5]]), np.zeros((3, 1))
    with np.errstate(all="raise"), warnings.catch_warnings():
        warnings.simplefilter("error")
        before = np.geterr()
        result, outputs = program(X, T), program.forward(X, T)
        seen = []
        thread = threading.Thread(target=lambda: seen.append(program(X, T)))
        thread.start()
        thread.join()
        assert np.geterr() == before == {key: "raise" for key in before}
    np.testing.assert_array_equal(seen[0].grads, result.grads)
    np.testing.assert_array_equal(outputs, result.outputs)
    assert_same(result, *scalar_reference(lambda x, t: mse_loss(model(x), t),
                                          model.parameters(), X, T))
