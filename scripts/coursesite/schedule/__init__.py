"""Who holds which role or gives which talk in which session: the rotation (with swaps, withdrawals,
late joins and assignments), the checks of assignments, and the fairness findings.

Owns: `rotation.Rotation`, `fairness.Finding`, `assignments.errors`.
May use: `model`, `errors`. Pure functions of a `model.Course`; no files, no text for readers.
"""
