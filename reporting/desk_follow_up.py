"""回头看: what became of the threads and departments featured on the TV desk in earlier weeks."""


def follow_up(week, now=None):
    """{"weeks": [...], "threads": [...], "departments": [...]} for the weeks before `week`."""
    return {"weeks": [], "threads": [], "departments": []}
