"""How code is written, read from the submitted text (trusted) and from the live function (self-check)."""

from __future__ import annotations

import linecache

import pytest

from autograder.checks.source import CodeCells, library_calls_in_cells, library_uses, loops_in_cells, python_loops

SETUP = ("given", "import numpy as np\nimport keras")


def _cells(*answers: str) -> CodeCells:
    return CodeCells((SETUP,) + tuple(("answer", answer) for answer in answers))


def _live(source: str, name: str):
    """Define ``name`` from ``source`` as a notebook cell would, with its text in linecache."""
    filename = f"<cell {len(linecache.cache)}>"
    linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
    namespace = {"__name__": "__main__"}
    exec(compile("import numpy as np\nimport keras\n", "<setup>", "exec"), namespace)
    exec(compile(source, filename, "exec"), namespace)
    return namespace[name]


LIBRARY_CASES = {
    "an alias of a submodule": ("import scipy.special as sp\n\ndef f(z):\n    return sp.softmax(z)\n", ["sp.softmax on line 2"]),
    "a from-import": ("from scipy.special import logsumexp\n\ndef f(z):\n    return logsumexp(z)\n", ["logsumexp on line 2"]),
    "keras from the given set-up cell": ("def f(z):\n    return keras.ops.softmax(z)\n", ["keras.ops.softmax on line 2"]),
    "a name assigned from a library": ("import scipy.special\nready = scipy.special.softmax\n\ndef f(z):\n    return ready(z)\n",
                                       ["ready on line 2"]),
    "an import inside the function": ("def f(z):\n    import torch\n    return torch.softmax(z, 0)\n",
                                      ["torch.softmax on line 3", "an import of torch on line 2"]),
    "a helper that calls a library": ("def f(z):\n    return g(z)\n\ndef g(z):\n    return keras.ops.exp(z)\n",
                                      ["keras.ops.exp on line 2 of g, which it calls"]),
    "NumPy only": ("def f(z):\n    e = np.exp(z - z.max())\n    return e / e.sum()\n", []),
    "a parameter named like a module": ("def f(keras):\n    return keras + 1\n", []),
}


@pytest.mark.parametrize("name", sorted(LIBRARY_CASES))
def test_library_calls_are_found_in_the_submitted_text(name):
    source, found = LIBRARY_CASES[name]
    assert sorted(library_calls_in_cells(_cells(source), "f").value) == sorted(found)


@pytest.mark.parametrize("name", sorted(set(LIBRARY_CASES) - {"an import inside the function", "a name assigned from a library"}))
def test_the_self_check_finds_the_same_library_calls(name):
    # (A local import is found only once it ran; an assigned name is reported where it is used.)
    source, found = LIBRARY_CASES[name]
    try:
        fn = _live(source, "f")
    except ImportError:
        pytest.skip("library not installed")
    assert sorted(library_uses(fn)) == sorted(found)


def test_loops_are_followed_into_helpers_and_lambdas_count_as_definitions():
    code = _cells("total = lambda p, y: sum(-np.log(q[t]) for q, t in zip(p, y))\n",
                  "def f(p, y):\n    return total(p, y)\n")
    assert loops_in_cells(code, "f").value == ["a generator expression on line 1 of total, which it calls"]
    fn = _live("def h(x):\n    return [v for v in x]\n\ndef f(x):\n    return h(x)\n", "f")
    assert python_loops(fn) == ["a list comprehension on line 2 of h, which it calls"]


def test_a_missing_function_is_an_error_not_a_pass():
    assert library_calls_in_cells(_cells("x = 1"), "f").error == "no function named f was found in your cells"
