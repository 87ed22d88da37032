"""One submission's grading in isolation from the rest of the class."""

from autograder.grading.plan import SourceAssignment, Submission
from autograder.grading.run import MAX_NOTEBOOK_BYTES, grade_submission
from autograder.authoring.notebooks import new_notebook, tests as graded_tests, write
from autograder.grading.sandbox import Limits


def test_a_grader_failure_becomes_an_error_status_not_a_crash(tmp_path):
    broken_source = new_notebook([graded_tests("assert True", grade_id="t", points=1)])  # not a check call
    for folder in ("source", "release", "submitted"):
        write(broken_source, tmp_path / folder / "a" / "nb.ipynb")
    assignment = SourceAssignment.read(tmp_path / "source" / "a", tmp_path / "release" / "a")
    submission = Submission("sam", "a", files={"nb.ipynb": tmp_path / "submitted" / "a" / "nb.ipynb"})
    result = grade_submission(assignment, submission, Limits())
    assert result.status == "error"
    assert result.reason.startswith("the grader failed on this submission: SourceError: test cell t:")
    assert result.score == 0


def test_an_oversized_notebook_is_refused_unread(tmp_path):
    source = new_notebook([graded_tests('check("01.relu", relu, [case(1.0, expected=1.0)])', grade_id="t", points=1)])
    for folder in ("source", "release"):
        write(source, tmp_path / folder / "a" / "nb.ipynb")
    huge = tmp_path / "submitted" / "a" / "nb.ipynb"
    huge.parent.mkdir(parents=True)
    with open(huge, "wb") as handle:
        handle.truncate(MAX_NOTEBOOK_BYTES + 1)
    assignment = SourceAssignment.read(tmp_path / "source" / "a", tmp_path / "release" / "a")
    result = grade_submission(assignment, Submission("sam", "a", files={"nb.ipynb": huge}), Limits())
    assert (result.status, result.score) == ("unreadable", 0)
    assert "larger than 50 MB" in result.reason
