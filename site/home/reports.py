"""What the reports of both domain apps share (neither imports the other): the bars."""


def with_bars(rows, value_key, target_key=None):
    """Width (in %) of each row's bar, relative to the largest figure shown."""
    rows = list(rows)
    largest = max(
        [row[value_key] or 0 for row in rows] + [row[target_key] or 0 for row in rows if target_key]
        or [0]
    )
    for row in rows:
        row["bar"] = round(100 * (row[value_key] or 0) / largest) if largest else 0
        if target_key:
            row["target_bar"] = round(100 * (row[target_key] or 0) / largest) if largest else 0
            target = row[target_key] or 0
            row["percent"] = round(100 * (row[value_key] or 0) / target) if target else None
    return rows
