"""Demo data for `manage.py load_initial_data`: the city's departments, categories, districts and
places (`tables`), the citizens' topics and the departments' answers (`topics`, `text`), and the
builder that walks each demo issue through the real workflow at past dates (`builder`).

Everything here is fictional but shaped like a real county-level city in Zhejiang; no text is
placeholder filler. Nothing in this package runs outside the demo command and its test.
"""
