"""Authoring the course: the notebook builder, the release of exercises/, new assignments."""
