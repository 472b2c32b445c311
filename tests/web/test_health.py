"""/healthz, security headers, error pages and the vendored assets, through the test client
and through the real server."""

from __future__ import annotations

import requests


def test_healthz_reports_store_and_documents(client):
    r = client.get("/healthz")
    assert r.status_code == 200
    body = r.get_json()
    assert body["status"] == "ok"
    assert body["documents"] == 5


def test_every_response_carries_security_headers(client):
    r = client.get("/healthz")
    csp = r.headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "script-src 'self'" in csp
    assert "unsafe-eval" not in csp
    assert r.headers["X-Content-Type-Options"] == "nosniff"
    assert r.headers["X-Frame-Options"] == "DENY"


def test_unknown_path_is_a_page_for_browsers_and_json_for_api(client):
    page = client.get("/no/such/page", headers={"Accept": "text/html"})
    assert page.status_code == 404
    assert "<h1>404</h1>" in page.get_data(as_text=True)
    api = client.get("/api/no-such-thing")
    assert api.status_code == 404
    assert api.get_json()["status"] == 404


def test_vendored_libraries_are_served_locally(client):
    from ckg.web.views.vendor import vendor_available

    missing = [name for name, ok in vendor_available().items() if not ok]
    assert missing == [], "run `make setup` (npm ci --prefix web)"
    with client.get("/vendor/cytoscape.min.js") as r:  # a streamed file: close it
        assert r.status_code == 200 and b"cytoscape" in r.data[:2000].lower()
    assert client.get("/vendor/../../pyproject.toml").status_code == 404
    assert client.get("/vendor/package.json").status_code == 404


def test_real_server_answers_health(live_server):
    r = requests.get(live_server + "/healthz", timeout=10)
    assert r.status_code == 200 and r.json()["status"] == "ok"
    assert r.headers["Server"].startswith("ckg") or "waitress" in r.headers.get("Server", "")
