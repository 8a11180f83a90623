using Sirim.Verification.Core.Checks;
using Sirim.Verification.Core.Http;
using Sirim.Verification.E2E.Checks;
using Sirim.Verification.E2E.Flows;
using Sirim.Verification.E2E.PageMap;

namespace Sirim.Verification.E2E.Tests;

/// <summary>The flows' own checks: happy path passes, sad path fails with a pinned message.</summary>
public sealed class FlowCheckTests
{
    private static string Render(CheckOutcome o) => FailureRenderer.Render(o, Redactor.None);

    private static readonly string Store = new TokenStorage("localStorage", "sirim.auth").ToString();

    private const string Version = "app.version [data-testid=app-version]";

    [Test]
    public void Login_lands_on_dashboard()
    {
        Assert.That(LoginLandsOnDashboard.Evaluate("login_valid", new LoginState(true, false, "Ana Pérez", true, null), "/api/me").Failed, Is.False);
        Assert.That(Render(LoginLandsOnDashboard.Evaluate("login_valid", new LoginState(false, true, "", false, "Correo o contraseña incorrectos."), "/api/me")), Is.EqualTo(
            "[e2e] login_lands_on_dashboard: flow login_valid: log in with valid credentials   (severity critical · broken flow)\n" +
            "Expected: dashboard visible, user name shown, session token stored\n" +
            "Actual:   dashboard hidden, user name '', token not stored, still on the login view, message 'Correo o contraseña incorrectos.'\n" +
            "Hint:     Valid credentials did not open a session in the UI: check the login call and /api/me in the trace's network tab.\n"));
        Assert.That(LoginLandsOnDashboard.Evaluate("login_valid", new LoginState(true, false, "Ana Pérez", true, null), "/api/me", "Ana Pérez").Failed, Is.False);
        Assert.That(Render(LoginLandsOnDashboard.Evaluate("login_valid", new LoginState(true, false, "Usuario", true, null), "/v2/profile", "Ana Pérez")), Is.EqualTo(
            "[e2e] login_lands_on_dashboard: flow login_valid: log in with valid credentials   (severity critical · broken flow)\n" +
            "Expected: dashboard visible, user name 'Ana Pérez' shown (GET /v2/profile), session token stored\n" +
            "Actual:   dashboard visible, user name 'Usuario', token stored\n" +
            "Hint:     The UI shows another name than GET /v2/profile returns for this user: a field mapping defect between frontend and API, or another user's data.\n"));
    }

    [Test]
    public void Login_rejects_bad_credentials()
    {
        Assert.That(LoginRejectsBadCredentials.Evaluate("login_invalid", new LoginState(false, true, "", false, "Correo o contraseña incorrectos."), Store).Failed, Is.False);
        Assert.That(Render(LoginRejectsBadCredentials.Evaluate("login_invalid", new LoginState(true, false, "Ana", true, null), Store)), Is.EqualTo(
            "[e2e] login_rejects_bad_credentials: flow login_invalid: log in with a wrong password   (severity critical · accepted)\n" +
            "Expected: login view with an error message, no dashboard, no token stored\n" +
            "Actual:   dashboard visible, error message '', token STORED\n" +
            "Hint:     A wrong password opened a session: the API or the UI accepts bad credentials.\n"));
        Assert.That(Render(LoginRejectsBadCredentials.Evaluate("login_invalid", new LoginState(false, true, "", true, "Correo o contraseña incorrectos."), Store)), Does.EndWith(
            "Actual:   dashboard hidden, error message 'Correo o contraseña incorrectos.', token STORED\n" +
            "Hint:     A refused login left a value in localStorage 'sirim.auth': the UI stores the login answer without checking that the API accepted the credentials.\n"));
    }

    [Test]
    public void Empresas_match_api()
    {
        (long, string)[] api = [(1, "Alfa SRL"), (2, "Beta SA")];
        Assert.That(EmpresasMatchApi.Evaluate("empresas_list", "/api/empresas", [(2, "Beta SA"), (1, "Alfa SRL")], api).Failed, Is.False);
        Assert.That(Render(EmpresasMatchApi.Evaluate("empresas_list", "/api/empresas", [(1, "Alfa SRL"), (9, "Zeta")], api)), Is.EqualTo(
            "[e2e] empresas_match_api: flow empresas_list: empresas list vs GET /api/empresas   (severity high · broken flow)\n" +
            "Expected: 2 empresas: 1 Alfa SRL, 2 Beta SA\n" +
            "Actual:   2 in the UI; missing in the UI: 2 Beta SA; not returned by the API: 9 Zeta\n" +
            "Hint:     The UI and the API disagree on what this user may see: a stale frontend build, a client-side filter or another API.\n"));
    }

    [Test]
    public void Gasto_round_trip_compares_fields_and_folds_category_labels()
    {
        var expected = new GastoView(7, "2026-11-23", "e2e-x UI", 1234.56m, "viaticos");
        Assert.That(GastoAgrees.Evaluate(GastoAgrees.ApiToUi, "gasto_round_trip", "shown in the UI", expected, expected with { Categoria = "Viáticos" }, "the UI").Failed, Is.False);
        Assert.That(Render(GastoAgrees.Evaluate(GastoAgrees.UiToApi, "gasto_round_trip", "GET /api/gastos/7", expected, expected with { Monto = 1234.5m }, "the API")), Is.EqualTo(
            "[e2e] gasto_ui_to_api: flow gasto_round_trip: GET /api/gastos/7   (severity critical · broken flow)\n" +
            "Expected: id 7, fecha 2026-11-23, concepto 'e2e-x UI', monto 1234.56, categoria viaticos\n" +
            "Actual:   the API shows monto 1234.50 (expected 1234.56)\n" +
            "Hint:     The UI and the API disagree on a field: a mapping, rounding or formatting defect between frontend and backend.\n"));
        Assert.That(Render(GastoAgrees.Evaluate(GastoAgrees.ApiToUi, "gasto_round_trip", "shown in the UI", expected, null, "the UI")), Does.Contain("Actual:   not found in the UI\n"));
    }

    [Test]
    public void Gasto_delete_must_reach_the_api()
    {
        Assert.That(GastoAgrees.Deleted("gasto_round_trip", "/api/gastos/7", "/api/gastos/7", 404).Failed, Is.False);
        Assert.That(GastoAgrees.Deleted("gasto_round_trip", "/api/gastos/7", "/api/gastos/7", 404, [204]).Failed, Is.False);
        Assert.That(Render(GastoAgrees.Deleted("gasto_round_trip", "/api/gastos/7", "/api/gastos/7", 200)), Does.StartWith(
            "[e2e] gasto_delete_reaches_api: flow gasto_round_trip: GET /api/gastos/7 after deleting it in the UI   (severity critical · broken flow)\nExpected: 404\nActual:   200 (the gasto is still there)\n"));
        Assert.That(Render(GastoAgrees.Deleted("gasto_round_trip", "/v2/gastos/7", "/v2/gastos/7/delete", 200, [])), Does.EndWith(
            "Actual:   200 (the gasto is still there); the page sent no DELETE /v2/gastos/7/delete\n" +
            "Hint:     The UI removed the row without asking the API to delete the gasto: the delete never left the browser.\n"));
        Assert.That(Render(GastoAgrees.Deleted("gasto_round_trip", "/api/gastos/7", "/api/gastos/7", 200, [500])), Does.Contain(
            "Actual:   200 (the gasto is still there); the page's DELETE /api/gastos/7 answered 500\n"));
    }

    [Test]
    public void Session_must_end()
    {
        Assert.That(SessionEnds.Evaluate(SessionEnds.LogoutClears, "session_end", "after logout", new SessionState(true, false, false)).Failed, Is.False);
        Assert.That(Render(SessionEnds.Evaluate(SessionEnds.LogoutClears, "session_end", "after logout", new SessionState(true, false, true))), Is.EqualTo(
            "[e2e] logout_clears_session: flow session_end: after logout   (severity high · broken flow)\n" +
            "Expected: login view, dashboard hidden, no token stored\n" +
            "Actual:   login view visible, dashboard hidden, token STILL STORED\n" +
            "Hint:     The session token survives: anyone at this browser keeps the session.\n"));
        Assert.That(Render(SessionEnds.Evaluate(SessionEnds.InvalidTokenToLogin, "session_end", "reload with a token the API refuses", new SessionState(true, false, true))), Does.EndWith(
            "Actual:   login view visible, dashboard hidden, token STILL STORED\n" +
            "Hint:     The UI keeps the token the API refused: on a 401 it must drop the token, not only switch to the login view.\n"));
    }

    [TestCase("1.4.2", null, CheckStatus.NotApplicable, TestName = "no expected version: recorded only")]
    [TestCase("1.4.2", "1.4.2", CheckStatus.Passed, TestName = "expected version shown")]
    [TestCase("1.4.1", "1.4.2", CheckStatus.Failed, TestName = "another version shown")]
    [TestCase("…", "1.4.2", CheckStatus.Failed, TestName = "placeholder never replaced")]
    public void Frontend_version(string shown, string? expected, CheckStatus status) =>
        Assert.That(FrontendVersionMatches.Evaluate("frontend_version", Version, shown, expected).Status, Is.EqualTo(status));

    [Test]
    public void Frontend_version_mismatch_message() =>
        Assert.That(Render(FrontendVersionMatches.Evaluate("frontend_version", Version, "1.4.1", "1.4.2")), Is.EqualTo(
            "[e2e] frontend_version_matches: flow frontend_version: app.version [data-testid=app-version]   (severity high · release mismatch)\nExpected: 1.4.2\nActual:   1.4.1\n" +
            "Hint:     Users get another release than the one deployed: a stale CDN or browser cache, or the wrong build was published.\n"));

    [TestCase("RD$1,234.56", '.', "1234.56", TestName = "es-DO currency with group separator")]
    [TestCase("RD$ 77.10", '.', "77.10", TestName = "currency symbol and a space")]
    [TestCase("DOP 2,500.75", '.', "2500.75", TestName = "currency code")]
    [TestCase("2.500,75 €", ',', "2500.75", TestName = "comma as decimal separator")]
    [TestCase("—", '.', null, TestName = "no amount shown")]
    public void Amount_as_the_ui_shows_it(string text, char separator, string? expected) =>
        Assert.That(Format(separator).ParseAmount(text), Is.EqualTo(expected is null ? null : decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture)));

    [TestCase("dd/MM/yyyy", "24/12/2031", "2031-12-24", TestName = "day first date converted to the API's format")]
    [TestCase("yyyy-MM-dd", "2031-12-24", "2031-12-24", TestName = "ISO date kept")]
    [TestCase("dd/MM/yyyy", "24.12.2031", "24.12.2031", TestName = "text in another format is kept as it is (so the difference shows)")]
    public void Dates_shown_are_compared_in_the_api_format(string format, string shown, string api) =>
        Assert.That((Format('.') with { DateShown = format }).ShownDateToApi(shown), Is.EqualTo(api));

    [Test]
    public void Amounts_are_typed_with_the_input_separator() =>
        Assert.That((Format('.') with { InputDecimalSeparator = ',' }).FormatAmountInput(1234.5m), Is.EqualTo("1234,50"));

    private static UiFormat Format(char separator) => new("es-DO", "America/Santo_Domingo", separator, '.', "yyyy-MM-dd", "yyyy-MM-dd");

    [Test]
    public void Step_that_cannot_complete_names_the_page_map_roles_its_call_log_waited_for()
    {
        var map = PageMapLoader.Parse(File.ReadAllText(Path.Combine(Core.RepositoryRoot.Find(), "scenarios", "e2e", "page-map.json")), "page-map.json").Map!;
        var outcome = FlowRunner.StepFailed(new LoginValidFlow(), "log in as the verification user",
            new TimeoutException("Timeout 10000ms exceeded.\nCall log:\n  - waiting for Locator(\"[data-testid=login-email]\")"), map);
        Assert.That(Render(outcome), Does.EndWith(
            "Hint:     The UI did not reach the state this step waits for: see the screenshot, the page HTML and the trace (steps, DOM snapshots, network). " +
            "The call log names the page map's login.email [data-testid=login-email] (page-map.json): if the frontend marks these elements otherwise, " +
            "the map needs the new selectors, not the code.\n"));
        Assert.That(FlowRunner.RolesIn("waiting for Locator(\"[data-testid=empresa-item][aria-current=true]\")", map), Is.EqualTo(new[] { PageRoles.EmpresaSelected }),
            "a selector that only starts like another role's is not that role");
        Assert.That(FlowRunner.RolesIn("net::ERR_CONNECTION_REFUSED", map), Is.Empty);
    }

    [Test]
    public void Step_that_cannot_complete_names_the_flow_and_step_and_keeps_the_call_log()
    {
        var outcome = FlowRunner.StepFailed(new LoginValidFlow(), "log in as the verification user",
            new TimeoutException("Timeout 10000ms exceeded.\nCall log:\n  - waiting for GetByTestId(\"dashboard\")"));
        Assert.That(Render(outcome), Does.StartWith(
            "[e2e] flow_step_completes: flow login_valid: step 'log in as the verification user'   (severity high · broken flow)\n" +
            "Expected: step 'log in as the verification user' completes\n" +
            "Actual:   Timeout 10000ms exceeded.\nCall log:\n  - waiting for GetByTestId(\"dashboard\")\n"));
    }
}
