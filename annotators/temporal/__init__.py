"""Dates and times: TIMEX3 rules, their values' meaning, the component."""
