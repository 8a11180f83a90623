using Sirim.Verification.Core.Configuration;

namespace Sirim.Verification.Authz.Tests;

/// <summary>The gate's settings: NOT RUN without a second identity, every error at once in the form "what; reason; what is allowed".</summary>
public sealed class AuthzOptionsTests
{
    private static OptionsResult<AuthzOptions> Load(Dictionary<string, string> env)
    {
        env.TryAdd("SIRIM_API_URL", "https://api.sirim.example");
        var loaded = TargetOptionsLoader.Load(new SettingsSource(k => env.GetValueOrDefault(k), _ => null));
        return AuthzOptions.From(loaded.Options ?? loaded.Draft!);
    }

    [Test]
    public void Without_a_second_identity_the_gate_is_not_run_with_the_reason()
    {
        var loaded = Load([]);
        Assert.That(loaded.Options, Is.Null);
        Assert.That(loaded.Errors, Is.Empty);
        Assert.That(loaded.NotRunReason, Is.EqualTo(
            "NOT RUN: no second identity; set SIRIM_AUTHZ_USERNAME and SIRIM_AUTHZ_PASSWORD (a user with fewer rights than the verification user) and authzForeignEmpresaId"));
    }

    [Test]
    public void Defaults_are_the_gastos_routes_and_a_read_only_lector()
    {
        var o = Load(new() { ["SIRIM_AUTHZ_USERNAME"] = "sofia@sirim.test", ["SIRIM_AUTHZ_PASSWORD"] = "pw", ["SIRIM_AUTHZ_FOREIGN_EMPRESA_ID"] = "3" }).Options!;
        Assert.Multiple(() =>
        {
            Assert.That((o.Role, o.IdentityReadOnly, o.ForeignEmpresaId, o.OwnEmpresaId), Is.EqualTo(("lector", true, 3, 1)));
            Assert.That(o.Routes.List(3), Is.EqualTo("/api/gastos?empresaId=3"));
            Assert.That(o.Routes.Item("42"), Is.EqualTo("/api/gastos/42"));
            Assert.That(o.Routes.Body(1, "run7"), Is.EqualTo("""{"empresaId":1,"fecha":"2025-06-15","concepto":"sirim-verification authz run7","monto":123.45,"categoria":"otros"}"""));
        });
    }

    [Test]
    public void Every_bad_setting_is_listed_at_once()
    {
        var loaded = Load(new()
        {
            ["SIRIM_AUTHZ_USERNAME"] = "sofia@sirim.test", ["SIRIM_AUTHZ_ROLE"] = "lector!", ["SIRIM_AUTHZ_READ_ONLY"] = "yes",
            ["SIRIM_AUTHZ_OWN_EMPRESA_ID"] = "0", ["SIRIM_AUTHZ_GASTO_PATH"] = "/api/gastos/id", ["SIRIM_AUTHZ_LIST_QUERY"] = "?empresa=1",
            ["SIRIM_AUTHZ_GASTO_BODY"] = "{\"empresaId\":", ["SIRIM_AUTHZ_ID_POINTER"] = "id",
        });
        Assert.That(loaded.Errors, Has.Count.EqualTo(9));
        Assert.That(loaded.Errors[7], Does.StartWith("authzGastoBody (SIRIM_AUTHZ_GASTO_BODY): the body is not JSON once {empresaId} and {runId} are filled in ("));
        Assert.That(loaded.Errors[8], Is.EqualTo("authzIdPointer (SIRIM_AUTHZ_ID_POINTER): 'id' is not a JSON Pointer; it must start with '/' (RFC 6901), e.g. /id or /data/id."));
        Assert.That(loaded.Errors.Take(7), Is.EqualTo(new[]
        {
            "SIRIM_AUTHZ_PASSWORD is missing while authzUsername (SIRIM_AUTHZ_USERNAME) is set; the second identity needs both; export the password in the environment (it is never read from files).",
            "authzRole (SIRIM_AUTHZ_ROLE): 'lector!' is not a role name; only letters, digits, '-' and '_' are allowed, e.g. lector.",
            "authzReadOnly (SIRIM_AUTHZ_READ_ONLY): 'yes' is not a flag; only true or false are allowed.",
            "authzForeignEmpresaId (SIRIM_AUTHZ_FOREIGN_EMPRESA_ID) is missing; the object-level probes need an empresa the verification user sees and the second identity does not; set its id (a whole number from 1).",
            "authzOwnEmpresaId (SIRIM_AUTHZ_OWN_EMPRESA_ID): '0' is not an empresa id; only whole numbers from 1 are allowed.",
            "authzGastoPath (SIRIM_AUTHZ_GASTO_PATH): '/api/gastos/id' has no {id}; the route of one resource must name where its id goes; e.g. /api/gastos/{id}.",
            "authzListQuery (SIRIM_AUTHZ_LIST_QUERY): '?empresa=1' is not a list query; it must hold {empresaId}, without a leading '?', spaces or '#'; e.g. empresaId={empresaId}.",
        }));
    }

    [Test]
    public void The_second_identity_password_is_a_secret_read_from_the_environment_only() =>
        Assert.That(SettingsCatalog.AuthzPassword.IsSecret && SettingsCatalog.All.Contains(SettingsCatalog.AuthzPassword), Is.True);
}

/// <summary>The data checks' settings: defaults, and every bad value listed with what is allowed.</summary>
public sealed class AuthzDataOptionsTests
{
    private static OptionsResult<AuthzOptions> Load(Dictionary<string, string> env)
    {
        env.TryAdd("SIRIM_API_URL", "https://api.sirim.example");
        env.TryAdd("SIRIM_AUTHZ_USERNAME", "sofia@sirim.test");
        env.TryAdd("SIRIM_AUTHZ_PASSWORD", "pw");
        env.TryAdd("SIRIM_AUTHZ_FOREIGN_EMPRESA_ID", "3");
        var loaded = TargetOptionsLoader.Load(new SettingsSource(k => env.GetValueOrDefault(k), _ => null));
        return AuthzOptions.From(loaded.Options ?? loaded.Draft!);
    }

    [Test]
    public void Defaults_walk_ten_a_page_and_name_the_usual_server_and_secret_fields()
    {
        var d = Load([]).Options!.DataChecks;
        Assert.Multiple(() =>
        {
            Assert.That(d.ServerFields, Is.EqualTo(new[] { "id", "createdAt", "updatedAt", "createdBy", "ownerId", "role" }));
            Assert.That(d.SecretFieldNames, Does.Contain("passwordHash").And.Contain("apiKey").And.Contain("salt"));
            Assert.That((d.Page(2), d.ListTotalPointer, d.ListFilterPointer, d.ListMaxPages), Is.EqualTo(("page=2&pageSize=10", "/total", "/empresaId", 10)));
        });
    }

    [Test]
    public void An_empty_total_pointer_means_the_list_carries_no_total() =>
        Assert.That(Load(new() { ["SIRIM_AUTHZ_LIST_TOTAL_POINTER"] = "" }).Options!.DataChecks.ListTotalPointer, Is.EqualTo(""));

    [Test]
    public void Every_bad_data_setting_is_listed_at_once() =>
        Assert.That(Load(new()
        {
            ["SIRIM_AUTHZ_SERVER_FIELDS"] = "id,created at", ["SIRIM_AUTHZ_SECRET_FIELD_NAMES"] = ",", ["SIRIM_AUTHZ_LIST_PAGING"] = "?page=1",
            ["SIRIM_AUTHZ_LIST_TOTAL_POINTER"] = "total", ["SIRIM_AUTHZ_LIST_FILTER_POINTER"] = "empresaId",
        }).Errors, Is.EqualTo(new[]
        {
            "authzServerFields (SIRIM_AUTHZ_SERVER_FIELDS): 'id,created at' is not a list of field names; only comma-separated names of letters, digits, '_' and '-' are allowed, e.g. id,createdAt,updatedAt,createdBy,ownerId,role.",
            "authzSecretFieldNames (SIRIM_AUTHZ_SECRET_FIELD_NAMES): ',' is not a list of field names; at least one comma-separated name of letters, digits, '_' and '-' is required, e.g. password,secret,apiKey.",
            "authzListPaging (SIRIM_AUTHZ_LIST_PAGING): '?page=1' is not a paging query; it must hold {page}, without a leading '?' or '&', spaces or '#'; e.g. page={page}&pageSize=10.",
            "authzListTotalPointer (SIRIM_AUTHZ_LIST_TOTAL_POINTER): 'total' is not a JSON Pointer; it must start with '/' (RFC 6901), e.g. /total or /meta/total, or be empty when the list carries no total.",
            "authzListFilterPointer (SIRIM_AUTHZ_LIST_FILTER_POINTER): 'empresaId' is not a JSON Pointer; it must start with '/' (RFC 6901), e.g. /empresaId.",
        }));
}
