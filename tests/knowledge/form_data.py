def practice_form(**fields):
    """What the practice form posts: the required fields, an empty indicator formset, and `fields`."""
    return {
        "title": "Aplikasi Antrean",
        "summary": "Antrean daring puskesmas.",
        "kind": "application",
        "sustainability": "active",
        "available_languages": "id",
        "indicators-TOTAL_FORMS": 2,
        "indicators-INITIAL_FORMS": 0,
        **fields,
    }
