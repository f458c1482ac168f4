"""Questionnaires before and after the visit, class surveys, hosts' feedback, and the
statistics of the impact figures."""
