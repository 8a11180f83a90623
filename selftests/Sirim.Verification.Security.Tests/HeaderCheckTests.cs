using Sirim.Verification.Core.Checks;
using Sirim.Verification.Core.Http;
using Sirim.Verification.Security.Checks;
using static Sirim.Verification.Security.Tests.Exchanges;

namespace Sirim.Verification.Security.Tests;

/// <summary>Every header and CSP check on a passing and a failing response, pinning the rendered message.</summary>
public sealed class HeaderCheckTests
{
    private static readonly IReadOnlyList<string> Real = [Api, Front];

    private static (string, string)[] Without(string name) => GoodApiHeaders().Where(h => h.Item1 != name).ToArray();
    private static (string, string)[] Replace(string name, string value) => [.. Without(name), (name, value)];

    [Test]
    public void Every_header_check_passes_a_hardened_api_response()
    {
        var exchange = Response(Api + "/api/me", 200, GoodApiHeaders());
        var checks = new ICheck<HttpExchange>[]
        {
            new CspPresent(), new CspScriptSrcSafe(), new CspObjectSrcNone(), new CspBaseUri(), new CspFrameAncestors(), new CspOriginsReal(Real),
            new HstsPolicy(31536000), new NoSniff(), new FrameOptions(), new ReferrerPolicySafe(), new PermissionsPolicyDenies(["camera", "geolocation"]),
            new ServerNoVersion(), new NoXPoweredBy(),
        };
        Assert.That(checks.Select(c => c.Evaluate(exchange)).Where(o => o.Status != CheckStatus.Passed).Select(Render), Is.Empty);
        Assert.That(new CspConnectSrcAllowsApi(Api).Evaluate(exchange).Status, Is.EqualTo(CheckStatus.NotApplicable), "connect-src matters on HTML pages only");
        Assert.That(new CookieFlags().Evaluate(exchange).Status, Is.EqualTo(CheckStatus.NotApplicable));
    }

    [Test]
    public void Csp_present_fails_when_absent_and_when_only_report_only()
    {
        Assert.That(Render(new CspPresent().Evaluate(Response(Api + "/api/me", 200, Without("Content-Security-Policy")))), Does.StartWith(
            "[security] csp_present: GET /api/me   (severity high · missing hardening)\nExpected: an enforced Content-Security-Policy header\nActual:   Content-Security-Policy absent\n"));
        var reportOnly = Response(Api + "/api/me", 200, [.. Without("Content-Security-Policy"), ("Content-Security-Policy-Report-Only", "default-src 'none'")]);
        Assert.That(Render(new CspPresent().Evaluate(reportOnly)), Does.Contain("Actual:   only Content-Security-Policy-Report-Only: 'default-src 'none''\n"));
        Assert.That(Render(new CspPresent().Evaluate(Response(Api + "/", 200, Replace("Content-Security-Policy", "default-src 'none'; default-src *")))),
            Does.Contain("'default-src' appears twice (the second is ignored)"));
        Assert.That(new CspScriptSrcSafe().Evaluate(Response(Api + "/", 200, Without("Content-Security-Policy"))).Status, Is.EqualTo(CheckStatus.NotApplicable),
            "a missing CSP fails csp_present only");
    }

    [TestCase("script-src 'self' 'unsafe-inline'", "script-src 'self' 'unsafe-inline': 'unsafe-inline' allows injected inline scripts")]
    [TestCase("default-src 'self' 'unsafe-eval'", "script-src 'self' 'unsafe-eval': 'unsafe-eval' allows eval()")]
    [TestCase("script-src *", "script-src *: '*' allows scripts from any host")]
    [TestCase("script-src 'self' https: data:", "'https:' allows scripts from any https: URL, 'data:' allows scripts from any data: URL")]
    [TestCase("img-src 'self'", "no script-src and no default-src: scripts from anywhere")]
    public void Csp_script_src_safe_names_each_unsafe_source(string policy, string actual)
    {
        var outcome = new CspScriptSrcSafe().Evaluate(Response(Front + "/", 200, ("Content-Security-Policy", policy)));
        Assert.That(Render(outcome), Does.StartWith("[security] csp_script_src_safe: GET /   (severity high · missing hardening)\n" +
            "Expected: script-src without 'unsafe-inline', 'unsafe-eval', *, http:, https: or data:\n").And.Contain(actual));
    }

    [Test]
    public void Csp_script_src_safe_accepts_unsafe_inline_neutralised_by_a_nonce()
    {
        var exchange = Response(Front + "/", 200, ("Content-Security-Policy", "script-src 'nonce-abc' 'unsafe-inline' 'strict-dynamic'"));
        Assert.That(new CspScriptSrcSafe().Evaluate(exchange).Status, Is.EqualTo(CheckStatus.Passed));
    }

    [Test]
    public void Csp_object_base_and_frame_ancestors()
    {
        var weak = Response(Front + "/", 200, ("Content-Security-Policy", "default-src 'self'; frame-ancestors *"));
        Assert.That(Render(new CspObjectSrcNone().Evaluate(weak)), Does.Contain(
            "Expected: object-src 'none' (or default-src 'none')\nActual:   default-src 'self'\n"));
        Assert.That(Render(new CspBaseUri().Evaluate(weak)), Does.Contain("Expected: base-uri 'none' or 'self'\nActual:   no base-uri\n"));
        Assert.That(Render(new CspFrameAncestors().Evaluate(weak)), Does.Contain(
            "[security] csp_frame_ancestors: GET /   (severity medium · missing hardening)\nExpected: frame-ancestors 'none', 'self' or explicit origins\nActual:   frame-ancestors *\n"));
        var strict = Response(Front + "/", 200, ("Content-Security-Policy", "default-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'self'"));
        Assert.That(new ICheck<HttpExchange>[] { new CspObjectSrcNone(), new CspBaseUri(), new CspFrameAncestors() }.Select(c => c.Evaluate(strict).Status),
            Is.All.EqualTo(CheckStatus.Passed));
    }

    [Test]
    public void Csp_connect_src_must_allow_the_api_on_html_pages()
    {
        var page = Response(Front + "/", 200, ("Content-Type", "text/html"), ("Content-Security-Policy", $"default-src 'self'; connect-src 'self' {Api}"));
        Assert.That(new CspConnectSrcAllowsApi(Api).Evaluate(page).Status, Is.EqualTo(CheckStatus.Passed));
        var blocked = Response(Front + "/", 200, ("Content-Type", "text/html; charset=utf-8"), ("Content-Security-Policy", "default-src 'self'"));
        Assert.That(Render(new CspConnectSrcAllowsApi(Api).Evaluate(blocked)), Does.StartWith(
            "[security] csp_connect_src_api: GET /   (severity high · broken flow)\nExpected: connect-src allows the API origin https://api.sirim.example\nActual:   default-src 'self'\n"));
    }

    [Test]
    public void Csp_origins_real_names_every_foreign_source()
    {
        var good = Response(Front + "/", 200, ("Content-Security-Policy", $"default-src 'self'; img-src 'self' data:; connect-src {Api} api.sirim.example"));
        Assert.That(new CspOriginsReal(Real).Evaluate(good).Status, Is.EqualTo(CheckStatus.Passed));
        var wild = Response(Front + "/", 200, ("Content-Security-Policy", "default-src *; img-src https:; connect-src https://*.evil.example https://cdn.other.example"));
        Assert.That(Render(new CspOriginsReal(Real).Evaluate(wild)), Does.StartWith(
            "[security] csp_origins_real: GET /   (severity medium · missing hardening)\nExpected: only the real origins: https://api.sirim.example, https://app.sirim.example\n" +
            "Actual:   allows default-src *, img-src https:, connect-src https://*.evil.example, connect-src https://cdn.other.example\n"));
    }

    [TestCase("max-age=300", "Actual:   'max-age=300': max-age 300 < 31536000 (0 days), no includeSubDomains\n")]
    [TestCase("max-age=31536000", "Actual:   'max-age=31536000': no includeSubDomains\n")]
    [TestCase(null, "Actual:   Strict-Transport-Security absent\n")]
    public void Hsts_policy_wants_a_year_and_subdomains(string? value, string actual)
    {
        var headers = value is null ? Without("Strict-Transport-Security") : Replace("Strict-Transport-Security", value);
        Assert.That(Render(new HstsPolicy(31536000).Evaluate(Response(Api + "/healthz", 200, headers))), Does.StartWith(
            "[security] hsts_policy: GET /healthz   (severity high · missing hardening)\nExpected: Strict-Transport-Security: max-age>=31536000; includeSubDomains\n" + actual));
    }

    [Test]
    public void Hsts_policy_on_plain_http_is_not_applicable_on_loopback_and_fails_elsewhere()
    {
        Assert.That(new HstsPolicy(1).Evaluate(Response("http://127.0.0.1:5080/healthz", 200)).Status, Is.EqualTo(CheckStatus.NotApplicable));
        Assert.That(Render(new HstsPolicy(1).Evaluate(Response("http://api.sirim.example/healthz", 200))), Does.Contain(
            "Expected: the deployment served over HTTPS\nActual:   plain HTTP: http://api.sirim.example\n"));
    }

    [Test]
    public void Nosniff_frame_options_referrer_and_permissions_policy_fail_when_missing()
    {
        var url = Api + "/api/me";
        Assert.That(Render(new NoSniff().Evaluate(Response(url, 200, Without("X-Content-Type-Options")))), Does.StartWith(
            "[security] nosniff: GET /api/me   (severity medium · missing hardening)\nExpected: X-Content-Type-Options: nosniff\nActual:   X-Content-Type-Options (absent)\n"));
        Assert.That(new FrameOptions().Evaluate(Response(url, 200, Without("X-Frame-Options"))).Status, Is.EqualTo(CheckStatus.Passed),
            "CSP frame-ancestors is enough");
        var noFraming = Response(url, 200, ("X-Frame-Options", "ALLOW-FROM https://x.example"), ("Content-Security-Policy", "default-src 'none'"));
        Assert.That(Render(new FrameOptions().Evaluate(noFraming)), Does.Contain(
            "Expected: X-Frame-Options: DENY (or SAMEORIGIN), or CSP frame-ancestors\nActual:   X-Frame-Options 'ALLOW-FROM https://x.example' and no CSP frame-ancestors\n"));
        Assert.That(Render(new ReferrerPolicySafe().Evaluate(Response(url, 200, Replace("Referrer-Policy", "no-referrer, unsafe-url")))), Does.Contain(
            "Expected: Referrer-Policy: one of no-referrer, same-origin, strict-origin, strict-origin-when-cross-origin\nActual:   Referrer-Policy 'no-referrer, unsafe-url'\n"));
        Assert.That(new ReferrerPolicySafe().Evaluate(Response(url, 200, Replace("Referrer-Policy", "unsafe-url, same-origin"))).Status, Is.EqualTo(CheckStatus.Passed),
            "the last understood value counts");
        Assert.That(Render(new PermissionsPolicyDenies(["camera", "usb", "payment"]).Evaluate(Response(url, 200, Replace("Permissions-Policy", "camera=(), usb=*")))), Does.Contain(
            "Expected: Permissions-Policy with camera=(), usb=(), payment=()\nActual:   'camera=(), usb=*': usb=*, payment not listed\n"));
        Assert.That(Render(new PermissionsPolicyDenies(["camera"]).Evaluate(Response(url, 200, Without("Permissions-Policy")))), Does.Contain(
            "Actual:   Permissions-Policy absent\n"));
    }

    [Test]
    public void Server_version_and_x_powered_by_are_disclosures()
    {
        var url = Api + "/healthz";
        Assert.That(new ServerNoVersion().Evaluate(Response(url, 200, ("Server", "nginx"))).Status, Is.EqualTo(CheckStatus.Passed));
        Assert.That(Render(new ServerNoVersion().Evaluate(Response(url, 200, ("Server", "nginx/1.22.1")))), Does.StartWith(
            "[security] server_no_version: GET /healthz   (severity low · missing hardening)\nExpected: no Server header, or one without a version\nActual:   Server: nginx/1.22.1\n"));
        Assert.That(Render(new NoXPoweredBy().Evaluate(Response(url, 200, ("X-Powered-By", "ASP.NET")))), Does.StartWith(
            "[security] no_x_powered_by: GET /healthz   (severity low · missing hardening)\nExpected: no X-Powered-By header\nActual:   X-Powered-By: ASP.NET\n"));
        Assert.That(new NoXPoweredBy().Evaluate(NoResponse(url)).Status, Is.EqualTo(CheckStatus.NotApplicable));
    }

    [Test]
    public void Cookie_flags_name_the_cookie_and_the_missing_attributes_never_the_value()
    {
        var good = Response(Api + "/api/auth/login", 200, ("Set-Cookie", "sid=s3cr3tvalue; Path=/; Secure; HttpOnly; SameSite=Strict"));
        Assert.That(new CookieFlags().Evaluate(good).Status, Is.EqualTo(CheckStatus.Passed));
        var bad = Response(Api + "/api/auth/login", 200, ("Set-Cookie", "sid=s3cr3tvalue; Path=/; HttpOnly"));
        var message = Render(new CookieFlags().Evaluate(bad));
        Assert.That(message, Does.Contain("Expected: Secure; HttpOnly; SameSite on every cookie\nActual:   sid without Secure, SameSite\n"));
        Assert.That(message, Does.Not.Contain("s3cr3tvalue"));
    }
}
