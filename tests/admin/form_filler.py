"""Fill an admin form the way a person would: keep what the page shows (initial values, the
selected or first option of each select, checked boxes), type a valid value into each required
field left empty, and after a refusal correct the fields the form complained about."""

import itertools
from datetime import timedelta

from bs4 import BeautifulSoup
from django import forms
from django.conf import settings
from django.utils import timezone

_counter = itertools.count(1)


def main_form(html):
    """The page's editing form: Wagtail marks it data-edit-form; else the largest POST form."""
    soup = BeautifulSoup(html, "html.parser")
    marked = soup.select("form[data-edit-form]")
    if marked:
        return marked[0]
    posts = [f for f in soup.find_all("form") if (f.get("method") or "").lower() == "post"]
    if not posts:
        return None
    return max(posts, key=lambda f: len(f.find_all(["input", "select", "textarea"])))


def shown_values(form):
    """What the browser would submit: a list of (name, value) pairs."""
    pairs = []
    for element in form.find_all(["input", "select", "textarea"]):
        name = element.get("name")
        if not name or element.has_attr("disabled") or element.find_parent("template"):
            continue
        if "__prefix__" in name:  # the empty form an inline panel copies in JS
            continue
        if element.name == "textarea":
            # The browser drops the line break that follows <textarea>.
            text = element.text
            pairs.append((name, text[1:] if text.startswith("\n") else text))
        elif element.name == "select":
            options = element.find_all("option")
            chosen = [o for o in options if o.has_attr("selected")]
            if not chosen and options and not element.has_attr("multiple"):
                chosen = options[:1]
            pairs.extend((name, o.get("value", o.text)) for o in chosen)
        else:
            kind = (element.get("type") or "text").lower()
            if kind in {"submit", "button", "image", "reset", "file"}:
                continue
            if kind in {"checkbox", "radio"}:
                if element.has_attr("checked"):
                    pairs.append((name, element.get("value", "on")))
                continue
            pairs.append((name, element.get("value", "")))
    return pairs


def fields_by_html_name(form):
    """{html name: (django form, field name, field)} over the form and its inline formsets."""
    found = {}

    def visit(django_form):
        for name, field in django_form.fields.items():
            found[django_form.add_prefix(name)] = (django_form, name, field)
        for formset in getattr(django_form, "formsets", {}).values():
            for child in formset.forms:
                visit(child)

    visit(form)
    return found


def _later(name):
    return any(word in name for word in ("end", "until", "removed", "fin"))


def value_for(name, field):
    """A valid value for a field, from its type (and its name, for an end after a start)."""
    n = next(_counter)
    day = timezone.localdate() + timedelta(days=40 + (1 if _later(name) else 0))
    if isinstance(field, forms.ModelMultipleChoiceField):
        first = field.queryset.first()
        return [str(field.prepare_value(first))] if first is not None else []
    if isinstance(field, forms.ModelChoiceField):
        first = field.queryset.first()
        return str(field.prepare_value(first)) if first is not None else ""
    if isinstance(field, (forms.ChoiceField, forms.MultipleChoiceField)):
        values = [str(v) for v, _label in _flat_choices(field.choices) if v not in ("", None)]
        if not values:
            return ""
        return values[:1] if isinstance(field, forms.MultipleChoiceField) else values[0]
    if isinstance(field, forms.BooleanField):
        return "on"
    if isinstance(field, forms.SplitDateTimeField):
        return [day.strftime("%d/%m/%Y"), "18:00" if _later(name) else "10:00"]
    if isinstance(field, forms.DateTimeField):
        hour = "18:00" if _later(name) else "10:00"
        return day.strftime(settings.WAGTAIL_DATE_FORMAT) + " " + hour
    if isinstance(field, forms.DateField):
        return day.strftime(settings.WAGTAIL_DATE_FORMAT)
    if isinstance(field, forms.TimeField):
        return "18:00" if _later(name) else "10:00"
    if isinstance(field, (forms.IntegerField, forms.DecimalField, forms.FloatField)):
        low = getattr(field, "min_value", None)
        high = getattr(field, "max_value", None)
        value = max(low or 0, 1)
        if high is not None:
            value = min(value, high)
        return str(value)
    if isinstance(field, forms.EmailField):
        return f"essai{n}@exemple.fr"
    if isinstance(field, forms.URLField):
        return f"https://exemple.fr/essai-{n}"
    if isinstance(field, forms.SlugField):
        return f"essai-{n}"
    text = f"Essai {n}"
    max_length = getattr(field, "max_length", None)
    return text[:max_length] if max_length else text


def block_pairs(block, prefix, state):
    """The fields Wagtail's block editor posts for a block's form state."""
    from wagtail import blocks

    if isinstance(block, blocks.StreamBlock):
        items = state or []
        yield f"{prefix}-count", str(len(items))
        for i, item in enumerate(items):
            yield from _item_pairs(f"{prefix}-{i}", i, item)
            yield f"{prefix}-{i}-type", item["type"]
            yield from block_pairs(
                block.child_blocks[item["type"]], f"{prefix}-{i}-value", item["value"]
            )
    elif isinstance(block, blocks.ListBlock):
        items = state or []
        yield f"{prefix}-count", str(len(items))
        for i, item in enumerate(items):
            yield from _item_pairs(f"{prefix}-{i}", i, item)
            yield from block_pairs(block.child_block, f"{prefix}-{i}-value", item["value"])
    elif isinstance(block, blocks.StructBlock):
        for name, child in block.child_blocks.items():
            yield from block_pairs(child, f"{prefix}-{name}", (state or {}).get(name))
    elif isinstance(state, dict):  # a chooser: its hidden input holds the id
        yield prefix, str(state.get("id", ""))
    elif isinstance(state, list):  # a select: its chosen values
        for value in state:
            yield prefix, str(value)
    elif isinstance(state, bool):
        if state:
            yield prefix, "on"
    else:
        yield prefix, "" if state is None else str(state)


def _item_pairs(prefix, index, item):
    yield f"{prefix}-deleted", ""
    yield f"{prefix}-order", str(index)
    yield f"{prefix}-id", item.get("id") or ""


def _flat_choices(choices):
    for value, label in choices:
        if isinstance(label, (list, tuple)):
            yield from _flat_choices(label)
        else:
            yield value, label


class FilledForm:
    """The data a person submits for the page just read; `correct` types again into the fields
    the refused form marked as wrong."""

    def __init__(self, html, django_form):
        form = main_form(html)
        self.pairs = shown_values(form) if form is not None else []
        self.fields = fields_by_html_name(django_form) if django_form is not None else {}
        for html_name, (owner, name, field) in self.fields.items():
            block = getattr(field.widget, "block_def", None)
            if block is not None:  # a StreamField: what its editor (in JS) would post
                state = block.get_form_state(owner[name].value())
                self.pairs += list(block_pairs(block, html_name, state))
            if field.required and not field.disabled and not self._has_value(html_name):
                self.set(html_name, value_for(html_name, field))

    def _has_value(self, html_name):
        return any(name == html_name and value != "" for name, value in self.pairs)

    def set(self, html_name, value):
        self.pairs = [(n, v) for n, v in self.pairs if n != html_name]
        field = self.fields.get(html_name, (None, None, None))[2]
        if isinstance(field, forms.SplitDateTimeField):
            self.pairs += [(f"{html_name}_0", value[0]), (f"{html_name}_1", value[1])]
        elif isinstance(value, list):
            self.pairs += [(html_name, v) for v in value]
        else:
            self.pairs.append((html_name, value))

    def correct(self, refused_form):
        """Fill again every field the refused form has an error on; False if none can be."""
        corrected = False
        for html_name, (django_form, name, field) in fields_by_html_name(refused_form).items():
            if name in django_form.errors and not field.disabled:
                self.fields[html_name] = (django_form, name, field)
                self.set(html_name, value_for(html_name, field))
                corrected = True
        return corrected

    def data(self):
        data = {}
        for name, value in self.pairs:
            data.setdefault(name, []).append(value)
        return data
