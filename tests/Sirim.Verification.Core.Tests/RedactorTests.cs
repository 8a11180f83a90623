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
}
