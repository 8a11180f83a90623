using System.Text.Json.Nodes;
using Sirim.Verification.Core.Http;

namespace Sirim.Verification.Core.Tests;

/// <summary>The login body template (loginBody) and the token pointer (loginTokenPointer): parsing, filling, finding.</summary>
public sealed class LoginConventionTests
{
    private const string Setting = "loginBody (SIRIM_LOGIN_BODY)";

    private static LoginTemplate Template(string raw)
    {
        var errors = new List<string>();
        var template = LoginTemplate.Parse(raw, Setting, errors);
        Assert.That(errors, Is.Empty);
        return template!;
    }

    [TestCase("{\"email\":\"{username}\",\"password\":\"{password}\"}", "email", "password", TestName = "field names: the default body")]
    [TestCase("{\"credentials\":{\"login\":\"{username}\",\"secret\":\"{password}\"}}", "login", "secret", TestName = "field names: nested credentials")]
    [TestCase("{\"grant_type\":\"password\",\"users\":[{\"name\":\"{username}\",\"pw\":\"{password}\"}]}", "name", "pw", TestName = "field names: inside an array, a constant field is not one")]
    public void Field_names_are_where_the_placeholders_stand(string raw, string userField, string passwordField)
    {
        var (user, password) = Template(raw).FieldNames();
        Assert.That((user, password), Is.EqualTo((new[] { userField }, new[] { passwordField })));
    }

    [TestCase("plain", "s3cret", TestName = "template: plain credentials")]
    [TestCase("ana@sirim.example", "pa\"ss", TestName = "template: quote in the password")]
    [TestCase("ana@sirim.example", "back\\slash\\", TestName = "template: backslashes in the password")]
    [TestCase("ana", "line\nbreak\ttab\u0001", TestName = "template: control characters in the password")]
    [TestCase("ana {password}", "x{username}y", TestName = "template: placeholders inside the values stay as they are")]
    [TestCase("ñandú", "contraseña€", TestName = "template: non-ASCII characters")]
    public void Default_template_fills_the_credentials_as_valid_json(string username, string password)
    {
        var body = LoginTemplate.Default.Render(username, password);
        var json = JsonNode.Parse(body)!.AsObject();
        Assert.Multiple(() =>
        {
            Assert.That(json["email"]!.GetValue<string>(), Is.EqualTo(username));
            Assert.That(json["password"]!.GetValue<string>(), Is.EqualTo(password));
            Assert.That(json.Count, Is.EqualTo(2));
        });
    }

    [Test]
    public void Default_template_sends_todays_body()
    {
        Assert.That(LoginTemplate.Default.Render("ana@sirim.example", "s3cret"), Is.EqualTo("{\"email\":\"ana@sirim.example\",\"password\":\"s3cret\"}"));
    }

    [Test]
    public void A_nested_template_fills_each_placeholder_where_it_stands()
    {
        var template = Template("{\"credentials\":{\"login\":\"{username}\",\"secret\":\"{password}\"},\"remember\":false}");
        var json = JsonNode.Parse(template.Render("ana", "p\"w"))!;
        Assert.Multiple(() =>
        {
            Assert.That(json["credentials"]!["login"]!.GetValue<string>(), Is.EqualTo("ana"));
            Assert.That(json["credentials"]!["secret"]!.GetValue<string>(), Is.EqualTo("p\"w"));
            Assert.That(json["remember"]!.GetValue<bool>(), Is.False);
        });
    }

    [Test]
    public void Truncated_body_stops_where_the_password_starts_and_is_not_json()
    {
        var body = LoginTemplate.Default.Truncated("probe@sirim.invalid");
        Assert.That(body, Is.EqualTo("{\"email\":\"probe@sirim.invalid\",\"password\":\""));
        Assert.That(() => JsonNode.Parse(body), Throws.InstanceOf<System.Text.Json.JsonException>());
    }

    [TestCase("{\"email\":\"x\",\"password\":\"{password}\"}", "it has no {username} placeholder", TestName = "template error: no username placeholder")]
    [TestCase("{\"email\":\"{username}\"}", "it has no {password} placeholder", TestName = "template error: no password placeholder")]
    [TestCase("{\"email\":{username},\"password\":{password}}", "once filled it is not valid JSON", TestName = "template error: placeholders outside strings")]
    [TestCase("{\"email\":\"{username}\",\"password\":\"{password}\"", "once filled it is not valid JSON", TestName = "template error: unbalanced braces")]
    [TestCase("[\"{username}\",\"{password}\"]", "once filled it is not a JSON object", TestName = "template error: an array")]
    public void Invalid_templates_are_refused_with_what_why_and_what_is_allowed(string raw, string why)
    {
        var errors = new List<string>();
        Assert.That(LoginTemplate.Parse(raw, Setting, errors), Is.Null);
        Assert.That(errors.Single(), Does.StartWith($"{Setting}: '{raw}' is not a login body template: ").And.Contain(why)
            .And.EndWith("write a JSON object with {username} and {password} inside JSON strings, e.g. {\"email\":\"{username}\",\"password\":\"{password}\"}."));
    }

    private static TokenLocation Pointer(string raw)
    {
        var errors = new List<string>();
        var location = TokenLocation.Parse(raw, "loginTokenPointer (SIRIM_LOGIN_TOKEN_POINTER)", errors);
        Assert.That(errors, Is.Empty);
        return location!;
    }

    [TestCase("", "{\"accessToken\":\"tok-1\"}", TestName = "pointer default: top-level accessToken")]
    [TestCase("", "{\"access_token\":\"tok-1\",\"token_type\":\"Bearer\"}", TestName = "pointer default: top-level access_token")]
    [TestCase("", "{\"token\":\"tok-1\"}", TestName = "pointer default: top-level token")]
    [TestCase("", "{\"data\":{\"access_token\":\"tok-1\",\"token_type\":\"Bearer\",\"expires_in\":1800}}", TestName = "pointer default: under data")]
    [TestCase("", "{\"accessToken\":\"tok-1\",\"data\":{\"accessToken\":\"other\"}}", TestName = "pointer default: top level before data")]
    [TestCase("/result/session/jwt", "{\"result\":{\"session\":{\"jwt\":\"tok-1\"}}}", TestName = "pointer: nested")]
    [TestCase("/tokens/0/value", "{\"tokens\":[{\"value\":\"tok-1\"}]}", TestName = "pointer: array index")]
    [TestCase("/auth~1v2/a~0b", "{\"auth/v2\":{\"a~b\":\"tok-1\"}}", TestName = "pointer: escaped ~1 and ~0")]
    public void The_token_is_found_where_the_pointer_says(string pointer, string body)
    {
        var lookup = Pointer(pointer).Find(body);
        Assert.That(lookup.Token, Is.EqualTo("tok-1"), lookup.Problem);
    }

    [Test]
    public void Missing_token_names_every_pointer_tried_and_the_shape_without_values()
    {
        var lookup = Pointer("").Find("{\"result\":{\"jwt\":\"eyJsecret-value\",\"ttl\":1800,\"ok\":true,\"roles\":[\"admin\",\"user\",\"x\"]}}");
        Assert.That(lookup.Token, Is.Null);
        Assert.That(lookup.Problem, Is.EqualTo(
            "login answered 200 but no token string at /accessToken, /access_token, /token, /data/accessToken, /data/access_token, /data/token; " +
            "the answer's shape: {\"result\":{\"jwt\":\"<string>\",\"ttl\":<number>,\"ok\":<boolean>,\"roles\":[\"<string>\",\"<string>\",…]}}. " +
            "Set loginTokenPointer (SIRIM_LOGIN_TOKEN_POINTER) to the JSON Pointer of the token, e.g. /data/access_token."));
        Assert.That(lookup.Problem, Does.Not.Contain("secret-value").And.Not.Contain("admin"));
    }

    [TestCase("/token", "{\"token\":{\"value\":\"tok-1\"}}", "/token is an object", TestName = "pointer non-string: an object")]
    [TestCase("/token", "{\"token\":42}", "/token is a number", TestName = "pointer non-string: a number")]
    [TestCase("/token", "{\"token\":null}", "/token is null", TestName = "pointer non-string: null")]
    [TestCase("/token", "{\"token\":\"\"}", "/token is an empty string", TestName = "pointer non-string: empty string")]
    [TestCase("", "{\"data\":{\"token\":[\"tok-1\"]}}", "/data/token is an array", TestName = "pointer default non-string: an array under data")]
    public void A_value_that_is_not_a_token_string_is_named_with_its_type(string pointer, string body, string named)
    {
        var lookup = Pointer(pointer).Find(body);
        Assert.That(lookup.Token, Is.Null);
        Assert.That(lookup.Problem, Does.Contain($"({named})").And.Not.Contain("tok-1"));
    }

    [TestCase("null", "null", TestName = "pointer default: a JSON null answer")]
    [TestCase("[{\"token\":\"tok-1\"}]", "[{\"token\":\"<string>\"}]", TestName = "pointer default: an array answer")]
    [TestCase("\"tok-1\"", "\"<string>\"", TestName = "pointer default: a bare string answer")]
    public void An_answer_that_is_not_an_object_shows_its_shape(string body, string shape)
    {
        var lookup = TokenLocation.Default.Find(body);
        Assert.That(lookup.Token, Is.Null);
        Assert.That(lookup.Problem, Does.Contain($"; the answer's shape: {shape}. ").And.Not.Contain("tok-1"));
    }

    [Test]
    public void A_body_that_is_not_json_says_so()
    {
        Assert.That(TokenLocation.Default.Find("<html>OK</html>").Problem, Is.EqualTo("login answered 200 but its body is not JSON"));
    }

    [TestCase("data/token", "a JSON Pointer starts with '/'", TestName = "pointer error: no leading slash")]
    [TestCase("#/data/token", "a JSON Pointer starts with '/'", TestName = "pointer error: URI fragment form")]
    [TestCase("/data/to~ken", "'~' must be followed by 0 (for '~') or 1 (for '/')", TestName = "pointer error: bad escape")]
    [TestCase("/data/token~", "'~' must be followed by 0 (for '~') or 1 (for '/')", TestName = "pointer error: trailing tilde")]
    public void Invalid_pointers_are_refused_with_what_why_and_what_is_allowed(string raw, string why)
    {
        var errors = new List<string>();
        Assert.That(TokenLocation.Parse(raw, "loginTokenPointer (SIRIM_LOGIN_TOKEN_POINTER)", errors), Is.Null);
        Assert.That(errors.Single(), Is.EqualTo($"loginTokenPointer (SIRIM_LOGIN_TOKEN_POINTER): '{raw}' is not an RFC 6901 JSON Pointer ({why}); " +
            "name the token's place in the login answer, e.g. /accessToken or /data/access_token (~1 stands for '/', ~0 for '~'), or leave it empty for the usual places."));
    }

    [TestCase("application/json", true, TestName = "media type: application/json")]
    [TestCase("application/json; charset=utf-8", true, TestName = "media type: with charset")]
    [TestCase("Application/JSON", true, TestName = "media type: upper case")]
    [TestCase("application/health+json", true, TestName = "media type: application/health+json")]
    [TestCase("application/problem+json", true, TestName = "media type: application/problem+json")]
    [TestCase("application/vnd.spring-boot.actuator.v3+json", true, TestName = "media type: vendor +json")]
    [TestCase("text/html; charset=utf-8", false, TestName = "media type: text/html")]
    [TestCase("text/plain", false, TestName = "media type: text/plain")]
    [TestCase("application/jsonp", false, TestName = "media type: application/jsonp")]
    [TestCase(null, false, TestName = "media type: absent")]
    public void Any_json_media_type_is_json(string? contentType, bool isJson)
    {
        var response = new ExchangeResponse(200, "OK", "1.1", contentType is null ? [] : [new HttpHeader("Content-Type", contentType)], "{}", 2);
        Assert.That(response.IsJson, Is.EqualTo(isJson));
    }
}
