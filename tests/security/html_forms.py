"""Reading forms, links and error messages out of the HTML the app serves."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}
TEXT_KINDS = {"text", "textarea", "email", "search", "tel", "url", "number", "password"}
CHOICE_KINDS = {"radio", "select", "checkbox"}


@dataclass
class Field:
    """One named control; radios and checkboxes with the same name are one field."""

    name: str
    kind: str
    value: str = ""
    values: list[str] = field(default_factory=list)  # several inputs, one name (GOV.UK dates)
    options: list[str] = field(default_factory=list)
    chosen: list[str] = field(default_factory=list)
    attrs: dict[str, str] = field(default_factory=dict)

    @property
    def is_text(self) -> bool:
        return self.kind in TEXT_KINDS

    @property
    def is_multipart(self) -> bool:
        """A GOV.UK date: day, month and year inputs sharing one name."""
        return len(self.values) > 1

    @property
    def looks_numeric(self) -> bool:
        name = self.name.lower()
        return (self.attrs.get("inputmode") == "numeric" or self.kind == "number"
                or name.endswith(("-day", "-month", "-year")))


@dataclass
class Form:
    action: str
    method: str
    enctype: str
    fields: dict[str, Field] = field(default_factory=dict)

    def served_values(self) -> dict[str, list[str]]:
        """What a browser would send if the user pressed the button straight away."""
        data: dict[str, list[str]] = {}
        for name, control in self.fields.items():
            if control.kind in {"radio", "checkbox", "select"}:
                data[name] = list(control.chosen)
            elif control.kind not in {"submit", "button", "file", "image", "reset"}:
                data[name] = list(control.values) or [control.value]
        return data


class _PageParser(HTMLParser):
    """Forms, and elements that post with htmx (``hx-post``: an answer saved as it is typed),
    each read as a form of the controls inside it. An htmx element inside a form gives its
    controls to both."""

    def __init__(self, base: str) -> None:
        super().__init__(convert_charrefs=True)
        self.base = base
        self.forms: list[Form] = []
        self.links: list[str] = []
        self._form: Form | None = None
        self._htmx: list[tuple[str, Form | None]] = []  # open tags inside an hx-post element
        self._textareas: list[Field] = []
        self._selects: list[Field] = []
        self._option: dict[str, str] | None = None
        self._option_text = ""

    def _open_forms(self) -> list[Form]:
        forms = [self._form] if self._form is not None else []
        return forms + [form for _tag, form in self._htmx if form is not None]

    def handle_starttag(self, tag: str, attrs_list: list) -> None:
        attrs = {k: (v or "") for k, v in attrs_list}
        if tag == "a" and attrs.get("href"):
            self.links.append(urljoin(self.base, attrs["href"]))
        elif tag == "form":
            self._form = Form(action=urljoin(self.base, attrs.get("action") or self.base),
                              method=(attrs.get("method") or "get").lower(),
                              enctype=attrs.get("enctype", "application/x-www-form-urlencoded"))
            self.forms.append(self._form)
            return
        if tag not in VOID and (self._htmx or attrs.get("hx-post")):
            htmx_form = None
            if attrs.get("hx-post"):
                htmx_form = Form(action=urljoin(self.base, attrs["hx-post"]), method="post",
                                 enctype="application/x-www-form-urlencoded")
                self.forms.append(htmx_form)
            self._htmx.append((tag, htmx_form))
        for form in self._open_forms():
            self._control(form, tag, attrs)

    def _control(self, form: Form, tag: str, attrs: dict[str, str]) -> None:
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text").lower()
            control = form.fields.setdefault(name, Field(name, kind, attrs=attrs))
            if kind in {"radio", "checkbox"}:
                control.options.append(attrs.get("value", "on"))
                if "checked" in attrs:
                    control.chosen.append(attrs.get("value", "on"))
            else:
                control.value = attrs.get("value", "")
                control.values.append(control.value)
        elif tag == "textarea" and name:
            self._textareas.append(form.fields.setdefault(name, Field(name, "textarea",
                                                                      attrs=attrs)))
        elif tag == "select" and name:
            self._selects.append(form.fields.setdefault(name, Field(name, "select",
                                                                    attrs=attrs)))
        elif tag == "option" and self._selects:
            self._option = attrs
            self._option_text = ""

    def handle_data(self, data: str) -> None:
        for textarea in self._textareas:
            textarea.value += data
        if self._option is not None:
            self._option_text += data

    def handle_endtag(self, tag: str) -> None:
        if self._htmx and tag not in VOID:
            # Close the innermost open tag of that name (and anything left open inside it).
            for position in range(len(self._htmx) - 1, -1, -1):
                if self._htmx[position][0] == tag:
                    del self._htmx[position:]
                    break
        if tag == "form":
            self._form = None
        elif tag == "textarea" and self._textareas:
            for textarea in self._textareas:
                # Browsers drop one newline straight after <textarea>.
                textarea.value = textarea.value.removeprefix("\n")
            self._textareas = []
        elif tag == "option" and self._option is not None and self._selects:
            value = self._option.get("value", self._option_text.strip())
            for select in self._selects:
                select.options.append(value)
                if "selected" in self._option:
                    select.chosen = [value]
            self._option = None
        elif tag == "select":
            for select in self._selects:
                if not select.chosen and select.options:
                    select.chosen = [select.options[0]]  # what a browser sends
            self._selects = []


def parse_page(html: str, base: str = "http://localhost/") -> tuple[list[Form], list[str]]:
    """The forms and the link targets on a page, with absolute URLs."""
    parser = _PageParser(base)
    parser.feed(html)
    parser.close()
    return parser.forms, parser.links


def path_of(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


class _ErrorPlacement(HTMLParser):
    """Which element ids sit inside a GOV.UK form group marked as being in error."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self._stack: list[tuple[bool, bool]] = []  # (inside an error group, inside the summary)
        self.ids_in_error_groups: set[str] = set()
        self.summary_targets: list[str] = []

    def handle_starttag(self, tag: str, attrs_list: list) -> None:
        attrs = {k: (v or "") for k, v in attrs_list}
        classes = attrs.get("class", "").split()
        outer_error, outer_summary = self._stack[-1] if self._stack else (False, False)
        in_error = outer_error or "govuk-form-group--error" in classes
        in_summary = outer_summary or "govuk-error-summary" in classes
        if in_summary and tag == "a" and attrs.get("href", "").startswith("#"):
            self.summary_targets.append(attrs["href"][1:])
        if attrs.get("id") and in_error:
            self.ids_in_error_groups.add(attrs["id"])
        if tag not in VOID:
            self._stack.append((in_error, in_summary))

    def handle_endtag(self, tag: str) -> None:
        if tag not in VOID and self._stack:
            self._stack.pop()


def misplaced_errors(html: str) -> list[str]:
    """Error-summary links whose field is missing or not inside a form group in error."""
    parser = _ErrorPlacement()
    parser.feed(html)
    return [target for target in parser.summary_targets
            if target not in parser.ids_in_error_groups]


def has_error_summary(html: str) -> bool:
    return "govuk-error-summary" in html
