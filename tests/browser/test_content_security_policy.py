"""Every main page works under the Content-Security-Policy: in a real browser no page reports a
policy violation or a console error (an inline script or style, or an asset from elsewhere, would)."""

import pytest

# Listens from the first byte of every page, before any of its own scripts run.
COLLECT_VIOLATIONS = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__violations.push(`${event.violatedDirective} ${event.blockedURI} ${event.sourceFile}:${event.lineNumber}`);
});
"""


@pytest.fixture
def portal_data(loaded_regions):
    from spbe.models import Evaluation
    from spbe.services import frameworks_load, published_results_load

    from ..regencies.factories import UserFactory

    frameworks_load()
    published_results_load()
    evaluation = Evaluation.objects.filter(regency__code="32.11").order_by("-year").first()
    admin = UserFactory(username="root", is_staff=True, is_superuser=True)
    return {"evaluation": evaluation, "year": evaluation.year, "admin": admin}


def _visit(page, url, ready="body"):
    page.goto(url)  # until the page and its assets have loaded
    page.wait_for_selector(ready)
    return page.evaluate("window.__violations")


def test_no_page_breaks_the_content_security_policy(portal_data, browser_context):
    page = browser_context.new_page()
    page.set_default_timeout(120_000)  # a busy CI machine is slow, not broken
    page.add_init_script(COLLECT_VIOLATIONS)
    console_errors = []
    page.on(
        "console",
        lambda message: (
            message.type == "error" and console_errors.append(f"{message.text} {message.location.get('url')}")
        ),
    )
    page.on("pageerror", lambda error: console_errors.append(str(error)))
    failed = []
    page.on("response", lambda response: response.status >= 400 and failed.append(response.url))
    public = [
        "/",
        "/regencies/",
        "/regencies/32.11/",
        "/spbe/",
        f"/spbe/rankings/{portal_data['year']}/",
        "/spbe/compare/?regencies=32.11%2C32.04",
        "/spbe/frameworks/permenpanrb-59-2020/",
        f"/spbe/evaluations/{portal_data['evaluation'].pk}/",
        "/accounts/login/",
        "/visits/",
        "/regencies/32.11/recommendations/",
    ]
    violations = {url: _visit(page, url) for url in public}
    # The docs page draws itself with its script: checked once its operations are on screen.
    violations["/api/docs/"] = _visit(page, "/api/docs/", ready=".opblock")

    page.goto("/admin/login/")
    page.fill("#id_username", "root")
    page.fill("#id_password", "rahasia-yang-panjang-123")
    page.click("input[type=submit]")
    page.wait_for_url("**/admin/")
    admin_pages = ["/admin/", "/admin/auth/user/", f"/admin/auth/user/{portal_data['admin'].pk}/change/"]
    violations.update({url: _visit(page, url) for url in admin_pages})

    assert {url: found for url, found in violations.items() if found} == {}
    assert failed == []
    # The portal has no icon yet: the browser's own request for /favicon.ico is no policy matter.
    assert [error for error in console_errors if not error.endswith("/favicon.ico")] == []
