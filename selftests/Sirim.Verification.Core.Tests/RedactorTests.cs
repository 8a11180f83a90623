using Sirim.Verification.Core.Http;

namespace Sirim.Verification.Core.Tests;

public sealed class RedactorTests
{
    private readonly Redactor _redactor = new(["hunter2-long-secret", "abc"]);

    [TestCase("password=hunter2-long-secret", "password=[redacted]", TestName = "configured secret value")]
    [TestCase("abc stays", "abc stays", TestName = "values shorter than 4 characters are not masked as text")]
    [TestCase("{\"email\":\"a@b\",\"password\":\"p@ss\\\"word\"}", "{\"email\":\"a@b\",\"password\":\"[redacted]\"}", TestName = "JSON password field")]
    [TestCase("{\"accessToken\": \"opaque\"}", "{\"accessToken\": \"[redacted]\"}", TestName = "JSON access token field")]
    [TestCase("Host=db;Password=pa55;Database=x", "Host=db;Password=[redacted];Database=x", TestName = "connection string password")]
    [TestCase("postgres://app:pa55@db:5432/x", "postgres://app:[redacted]@db:5432/x", TestName = "URL user info")]
    [TestCase("token eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl end", "token [redacted] end", TestName = "JWT anywhere")]
    [TestCase("GET https://api/x?page=2&api_key=opaque-k&sort=a", "GET https://api/x?page=2&api_key=[redacted]&sort=a", TestName = "API key in a URL query")]
    [TestCase("curl 'https://api/x?access_token=opaque-t'", "curl 'https://api/x?access_token=[redacted]'", TestName = "access token in a URL query")]
    [TestCase("https://api/x?empresaId=7&page=1", "https://api/x?empresaId=7&page=1", TestName = "ordinary query parameters stay")]
    [TestCase("https://:tok3n-in-userinfo@api.example/x", "https://:[redacted]@api.example/x", TestName = "URL user info without a user name")]
    [TestCase("'https://api.example/?token=q-secret-1&page=2' is not", "'https://api.example/?token=[redacted]&page=2' is not", TestName = "URL query token, other parameters kept")]
    [TestCase("GET https://cdn.example/a.js?v=3&sig=abcd1234&X-Amz-Signature=ffee0011", "GET https://cdn.example/a.js?v=3&sig=[redacted]&X-Amz-Signature=[redacted]", TestName = "URL query signatures")]
    [TestCase("<a href=\"/x?page=1&amp;api_key=k-9876\">", "<a href=\"/x?page=1&amp;api_key=[redacted]\">", TestName = "URL query api_key in HTML")]
    [TestCase("https://api.example/?Access_Token=abc%2Fdef#top", "https://api.example/?Access_Token=[redacted]#top", TestName = "URL query access_token, any case")]
    [TestCase("/api/gastos?empresaId=1&monkey=banana", "/api/gastos?empresaId=1&monkey=banana", TestName = "URL query parameters not named like secrets are kept")]
    [TestCase("GET https://api/x?X-Api-Key=k-1&client_secret=s-2", "GET https://api/x?X-Api-Key=[redacted]&client_secret=[redacted]", TestName = "URL query names ending in a credential word")]
    [TestCase("{\"email\":\"{username}\",\"password\":\"{password}\"}", "{\"email\":\"{username}\",\"password\":\"{password}\"}", TestName = "a login template's placeholder is no secret")]
    public void Text_is_redacted(string input, string expected) => Assert.That(_redactor.Text(input), Is.EqualTo(expected));

    [TestCase("Authorization", "Bearer abc.def.ghi", "Bearer [redacted]")]
    [TestCase("Cookie", "session=xyz; other=1", "session=[redacted]")]
    [TestCase("X-Api-Key", "k-123", "[redacted]")]
    [TestCase("X-Tenant-Token", "opaque-t", "[redacted]")]
    [TestCase("Client-Secret", "opaque-s", "[redacted]")]
    [TestCase("Access-Control-Allow-Credentials", "true", "true")]
    [TestCase("Content-Type", "application/json", "application/json")]
    public void Credential_headers_are_redacted(string name, string value, string expected) =>
        Assert.That(_redactor.HeaderValue(name, value), Is.EqualTo(expected));

    [Test]
    public void Secrets_in_urls_are_the_userinfo_passwords_and_token_like_query_values_raw_and_decoded()
    {
        var found = Redactor.SecretsInUrls("https://ops:pa%2Fss-word@a.example/x?key=k%2B1234&page=7,http://b.example/?signature=s1gnat");
        Assert.That(found.Distinct(), Is.EquivalentTo(new[] { "pa%2Fss-word", "pa/ss-word", "k%2B1234", "k+1234", "s1gnat" }));
        Assert.That(Redactor.SecretsInUrls("https://a.example/?auth_token=t-77&X-Api-Key=k-88&monkey=banana"), Is.EquivalentTo(new[] { "t-77", "t-77", "k-88", "k-88" }),
            "the names text masking knows are secrets of the run too, and are masked where settings are shown");
        Assert.That(Redactor.UrlCredentials("https://a.example/?auth_token=t-77"), Is.EqualTo("https://a.example/?auth_token=[redacted]"));
    }

    [Test]
    public void Url_credentials_alone_are_masked_for_display()
    {
        Assert.That(Redactor.UrlCredentials("https://u:pw-1234@h.example/?token=t-1234&a=1"), Is.EqualTo("https://u:[redacted]@h.example/?token=[redacted]&a=1"));
        Assert.That(Redactor.UrlCredentials("{\"password\":\"{password}\"}"), Is.EqualTo("{\"password\":\"{password}\"}"), "only URLs are touched");
    }
}
