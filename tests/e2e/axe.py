"""axe-core in the browser tests: the accessibility rules run inside each page.

The script is vendored under tests/e2e/vendor/axe-core/ (see its README). The app's strict CSP
refuses an inline <script>, so Playwright's add_script_tag cannot load it; page.evaluate runs it
through the DevTools protocol instead, outside the page's CSP, which stays as strict as it is.
"""

from pathlib import Path

AXE_VERSION = "4.14.1"
AXE_JS = Path(__file__).resolve().parent / "vendor" / "axe-core" / "axe.min.js"
# What must never reach a page: axe's two highest impacts.
BLOCKING = ("serious", "critical")


def axe_violations(page, impacts=BLOCKING):
    """The violations of the page as it is now, for the given impacts."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(AXE_JS.read_text(encoding="utf-8"))
        version = page.evaluate("() => window.axe.version")
        assert version == AXE_VERSION, f"vendored axe-core is {version}, expected {AXE_VERSION}"
    result = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
    return [v for v in result["violations"] if v["impact"] in impacts]


def describe(violations, where=""):
    """Readable lines for a failure message: the rule, its impact and the elements it found."""
    lines = []
    for violation in violations:
        lines.append(
            f"{where}{violation['impact']} {violation['id']}: {violation['help']} "
            f"({violation['helpUrl']})"
        )
        for node in violation["nodes"][:5]:
            checks = node.get("any") or node.get("all") or node.get("none") or [{}]
            lines.append(f"    {' '.join(node['target'])}: {checks[0].get('message', '')}")
        if len(violation["nodes"]) > 5:
            lines.append(f"    … and {len(violation['nodes']) - 5} more")
    return lines
