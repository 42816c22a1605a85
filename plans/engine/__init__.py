"""The plan engine: a pure function from an anamnesis/v1 dict to a plan/v1 dict.

No Django, no database: anyone can import it and read its rules.
"""
