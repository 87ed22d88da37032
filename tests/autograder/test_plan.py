"""Finding submissions: each note on a misplaced or renamed file names the notebook it concerns."""

from __future__ import annotations

from autograder.grading.plan import find_submissions


def test_a_note_concerns_its_own_notebook_or_the_whole_submission(tmp_path):
    notebooks = {"02_two": ["first.ipynb", "second.ipynb"]}
    (tmp_path / "ann" / "02_two" / "work").mkdir(parents=True)  # notebooks one level too deep
    (tmp_path / "ann" / "02_two" / "work" / "first.ipynb").write_text("{}")
    (tmp_path / "ann" / "02_two" / "work" / "second-Copy1.ipynb").write_text("{}")  # and one renamed
    found, warnings = find_submissions(tmp_path, notebooks)
    entry = found["02_two"]["ann"]
    assert not warnings and sorted(entry.files) == ["first.ipynb", "second.ipynb"]
    on_first = [note.text for note in entry.notes if note.concerns("first.ipynb")]
    on_second = [note.text for note in entry.notes if note.concerns("second.ipynb")]
    assert on_first == ["the notebooks were found in ann/02_two/work/: move them up one folder next time"]
    assert on_second == on_first + ["second-Copy1.ipynb was graded as second.ipynb: rename it second.ipynb next time"]
