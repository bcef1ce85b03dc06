"""Every file upload in the app refuses a file that is too large or not what it claims to be,
saving nothing. Upload forms are found like every other form (discovery.py): any form with
``enctype="multipart/form-data"``. With none in the app yet, the test passes and says so."""

from __future__ import annotations

import gc
import io
import warnings

from supervise.extensions import db
from tests.security.discovery import fetch_form, sign_in_as
from tests.security.test_hostile_sweep import Sweep, snapshot

DISGUISED = b"<html><script>alert('sweep')</script></html>"  # HTML dressed as a PDF or DOCX


def _upload_limit(app) -> int:
    """The smallest configured upload limit (a domain's own, else MAX_CONTENT_LENGTH)."""
    limits = [value for key, value in app.config.items()
              if isinstance(value, int) and "UPLOAD" in key and "MAX" in key]
    return min(limits or [app.config["MAX_CONTENT_LENGTH"]])


def _post_file(client, form, base, name: str, payload: bytes, filename: str, mimetype: str):
    data = {key: value for key, value in base.items()}
    data[name] = (io.BytesIO(payload), filename, mimetype)
    response = client.post(form.action.removeprefix("http://localhost"), data=data,
                           content_type="multipart/form-data")
    # Werkzeug spools a large upload to a temporary file; when the request is refused before
    # the form is read it is left to the garbage collector. Collect it here, quietly, rather
    # than let a ResourceWarning land in whichever test runs next.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ResourceWarning)
        gc.collect()
    return response


def test_every_upload_refuses_oversized_and_disguised_files(app, client, extended_world,
                                                            form_hosts, login_as, capsys,
                                                            no_rate_limits):
    uploads = sorted(key for key, host in form_hosts.items() if host.multipart)
    if not uploads:
        with capsys.disabled():
            print("\n  no upload forms (enctype=multipart/form-data) in the app yet: "
                  "nothing to check (vacuous pass)")
        return
    limit = _upload_limit(app)
    for endpoint, method in uploads:
        host = form_hosts[(endpoint, method)]
        sign_in_as(host.role, client, login_as)
        form, _url = fetch_form(app, client, extended_world, host, endpoint)
        base = Sweep._base_values(form)
        for name in [n for n, field in form.fields.items() if field.kind == "file"]:
            cases = [
                ("too large", b"%PDF-1.7\n" + b"0" * limit, "scan.pdf", "application/pdf"),
                ("disguised", DISGUISED, "scan.pdf", "application/pdf"),
                ("disguised", DISGUISED, "template.docx", "application/vnd.openxmlformats-"
                 "officedocument.wordprocessingml.document"),
                ("traversal", DISGUISED, "../../../static/evil.html", "text/html"),
            ]
            for what, payload, filename, mimetype in cases:
                before = snapshot()
                response = _post_file(client, form, base, name, payload, filename, mimetype)
                where = f"POST {endpoint} with a {what} file in {name!r}"
                assert response.status_code in {400, 413, 422}, f"{where}: {response.status_code}"
                db.session.rollback()
                assert snapshot() == before, f"{where}: something was saved"
        with capsys.disabled():
            print(f"\n  upload form {endpoint}: oversized and disguised files refused")
