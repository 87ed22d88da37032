import os
import sys
import warnings

from autograder.checks.student_code import call_captured, format_noise


def noisy(x):
    os.write(2, b"C-level log line\n")
    print("python stderr line", file=sys.stderr)
    warnings.warn("a harmless warning", UserWarning)
    return x * 2


def test_call_captured_holds_stderr_and_warnings(capfd):
    captured = call_captured(noisy, 21)
    assert captured.value == 42
    assert captured.error == ""
    out, err = capfd.readouterr()
    assert err == ""  # nothing reached the real stderr, where nbgrader would zero the cell
    note = format_noise(captured.noise)
    assert "C-level log line" in note
    assert "python stderr line" in note
    assert "UserWarning: a harmless warning" in note


def test_call_captured_reports_the_students_error():
    captured = call_captured(lambda: [][1])
    assert captured.error.startswith("IndexError: list index out of range (line ")  # and where, in the student's code


def test_call_captured_refuses_non_plain_results():
    captured = call_captured(lambda: object())
    assert captured.error == "expected numbers, strings or arrays; got an object of type object"


def test_format_noise_is_cut_to_a_short_note():
    assert len(format_noise(["x" * 5000])) <= 610
