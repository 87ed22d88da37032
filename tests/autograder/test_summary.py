"""The class summary, from report.json's records: pass rates, the commonest failures, LMS exports."""

from __future__ import annotations

import csv

from autograder.grading.summary import export, summarize, text, write_html


def _record(student: str, sigmoid: float, relu: float, got: str = "") -> dict:
    verdicts = {"test_sigmoid": [{"check_id": "01.sigmoid", "passed": sigmoid == 1, "got": got}],
                "test_relu": [{"check_id": "01.relu", "passed": relu == 1, "got": "[0.0, 3.25]"}]}
    return {"student": student, "assignment": "01_define_network", "status": "graded", "score": sigmoid + relu,
            "max_score": 2.0, "notebooks": [{"name": "define_network", "scores": {"test_sigmoid": sigmoid, "test_relu": relu},
                                             "max_scores": {"test_sigmoid": 1.0, "test_relu": 1.0}, "verdicts": verdicts}]}


RECORDS = {
    "ann/01": _record("ann", 1, 1),
    "ben/01": _record("ben", 0, 1, got="[0.73, 0.12]"),
    "cat/01": _record("cat", 0, 0, got="[0.5, 0.9]"),
    "dan/01": _record("dan", 0, 1, got="an error: NameError: name 'np' is not defined"),
}


def test_pass_rates_mean_points_and_alike_failures_grouped_in_notebook_order():
    (summary,) = summarize(RECORDS).values()
    assert list(summary.cells) == ["test_sigmoid", "test_relu"]
    sigmoid = summary.cells["test_sigmoid"]
    assert sigmoid.pass_rate == 0.25 and sigmoid.points == [1.0, 0.0, 0.0, 0.0]
    assert sigmoid.failures.most_common(1) == [("01.sigmoid: [#, #]", 2)]  # two wrong values, one mistake
    said = text(summarize(RECORDS))
    assert "01_define_network: 4 submission(s), mean 1.0 / 2, median 1" in said
    assert "2 x 01.sigmoid: [#, #]" in said and "1 x 01.sigmoid: an error: NameError" in said


def test_summary_html_is_self_contained(tmp_path):
    page = write_html(summarize(RECORDS), tmp_path / "summary.html").read_text()
    assert "data:image/png;base64," in page and "test_sigmoid" in page
    assert "http://" not in page and "https://" not in page


def test_canvas_and_moodle_files_have_the_columns_they_import(tmp_path):
    with open(export(summarize(RECORDS), "canvas", tmp_path / "canvas.csv"), newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", "01_define_network"]
    assert rows[1][0] == "Points Possible" and rows[1][-1] == "2"
    assert rows[2] == ["ann", "", "ann", "ann", "", "2"]
    with open(export(summarize(RECORDS), "moodle", tmp_path / "moodle.csv"), newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == ["Username", "01_define_network"] and rows[1:] == [["ann", "2"], ["ben", "1"], ["cat", "0"], ["dan", "1"]]
