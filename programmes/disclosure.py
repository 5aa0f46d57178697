"""Small counts on public pages: no published figure, wording or neighbouring figure lets a
reader find a count from 1 to 4 (issue 12, item 7).

Three rules, applied by the selectors before anything reaches a template:

1. **Primary suppression.** A count from 1 to 4 is shown « moins de 5 »
   (``programmes_tags.aggregate_count``); 0 and 5 or more are shown as they are.
2. **No wording follows a suppressed count.** A noun next to a figure is always plural, and a
   clause that would only qualify a suppressed or bounded count (« dans moins de 5 lieu ») is left
   out rather than worded.
3. **Complementary suppression of totals.** A published total is a sum of cells (its parts, and
   whatever remainder is not published). A reader who subtracts the published parts from it
   learns the sum of the others; if any cell of it is from 1 to 4, that sum can single the cell
   out (one suppressed part; two parts that add up to 2; a remainder of 3). Such a total is
   therefore withheld — shown « non publié » — whenever one of its cells is small. With the
   total withheld, every part stands alone and keeps only its own (primary) rule. Withholding the
   total rather than a second part is the choice that works whatever the number of parts.
4. **Counts bounded by a published list are not published when small.** A count of places
   reached sits beside the named list of planned places: « moins de 5 » next to a list of one
   gives 1. Such counts are published when 5 or more and otherwise left out
   (``unbounded_count``).
"""

from django.utils.translation import gettext_lazy as _

THRESHOLD = 5


class Withheld:
    """A figure held back so that a small one cannot be deduced from it (complementary
    suppression). Templates show it through ``aggregate_count``."""

    label = _("non publié")

    def __str__(self):
        return str(self.label)

    def __bool__(self):
        return True

    def __repr__(self):
        return "WITHHELD"


WITHHELD = Withheld()


def is_small(value):
    """A count that may not be published as such: from 1 to THRESHOLD - 1."""
    return value is not None and not isinstance(value, Withheld) and 0 < value < THRESHOLD


def publishable_total(total, cells):
    """The total, or WITHHELD when one of the cells it adds up from is small.

    ``cells`` are all the non-negative counts the total splits into — the published parts and the
    unpublished remainder alike. A small total is returned as it is: the primary rule already
    shows it « moins de 5 »."""
    if total is None or is_small(total):
        return total
    if any(is_small(cell) for cell in cells):
        return WITHHELD
    return total


def unbounded_count(value):
    """A count published only when 5 or more, else None (left out of the page). For counts that a
    neighbouring published list bounds — places reached beside the list of planned places —
    where « moins de 5 » next to « 1 lieu prévu » would give the figure away."""
    if value is None or value < THRESHOLD:
        return None
    return value
