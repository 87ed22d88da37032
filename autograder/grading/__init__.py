"""Grading a class: plan, intake, sandboxed runs, scoring, feedback, records. ``grade`` is the entry point."""
