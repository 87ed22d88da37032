"""Each assignment's test data, one module per assignment in solutions/ (``aNN.py``).

A module holds:

- ``ASSIGNMENT``: the assignment (:class:`tests.mutation.Assignment`: its source, release, reference);
- ``MUTANTS``: ``name: (answer cell, text in the reference answer or WHOLE, its replacement, test
  cells it breaks, *further (text, replacement) edits of the same cell)``: the mistakes students
  make, checked in process (tests/test_conformance.py), each failing exactly the cells it breaks,
  on the hidden cases alone too. A mutant that breaks nothing is a right answer by another route;
- ``TRAINING_MUTANTS``: the same, for answers the model judge must train: graded through the real
  grader (tests/test_class_grading.py);
- ``REFUSED_BEFORE_TRAINING``: the training mutants that break a rule the task states, refused
  before any training;
- ``THROUGH_THE_GRADER``: mutants of either kind also graded through the real grader, one or two
  per kind of check (the training mutants that reach training always are).
"""
