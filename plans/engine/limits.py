"""How much free text each answer may hold, in characters: the one place the models, the forms
and the contract's JSON Schema take their limits from, so the intake form and an import refuse
the same thing.

The limits are generous for what a therapist writes (a SOAP note of 5,000 characters is more
than two printed pages) and small enough that no document the app prints can grow without end.
"""

# A line of words: a name, a job, a PSFS activity, a physician or practice.
LINE = 200
# A name of a test or a muscle (the contract's `side_comparison[].test`, `trigger_points[].muscle`).
TERM = 100
# An address, several lines.
ADDRESS = 500
# A goal in the client's words (the contract's `goals[]`), and how many goals an intake keeps.
GOAL = 300
GOALS = 10
# A short answer of the contract: what makes it worse or eases it, an injury's note; a reason.
ANSWER = 1000
# Visual findings (the contract's `findings.visual`); the notes on each section of the intake.
FINDINGS = 2000
# What is printed for the client or sent to a physician: instructions, restrictions, a note.
INSTRUCTIONS = 2000
# The therapist's own notes: on a client, a plan, a session (each SOAP part), an addendum.
NOTES = 5000
# Rows of a list in the intake: prior injuries, side comparisons, trigger points.
ROWS = 50
# A search box.
SEARCH = 200
