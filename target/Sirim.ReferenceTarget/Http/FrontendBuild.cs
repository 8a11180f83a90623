using System.Text;
using Sirim.ReferenceTarget.Configuration;

namespace Sirim.ReferenceTarget.Http;

/// <summary>
/// The frontend build a convention profile serves. There is one frontend (target/frontend); a profile with other
/// conventions derives its build from it by fixed text rules, so each profile's build is byte-stable and can be
/// written to a folder (for the integrity manifest) as well as served. The alt rules: every test id moves from
/// <c>data-testid="ID"</c> to <c>data-qa="sirim-ID"</c>, the token lives in localStorage under <c>sirim.auth</c>, login
/// is POST /api/session with nested credentials answering {"data":{"access_token"}}, and lists come wrapped in
/// {"data","meta"}. A rule whose text the build no longer contains fails loudly instead of serving a half-changed build.
/// </summary>
public static class FrontendBuild
{
    /// <summary>The folder holding the frontend as built (copied next to the dll).</summary>
    public static string StandardRoot => Path.Combine(AppContext.BaseDirectory, "frontend");

    /// <summary>The folder the profile's build is served from: the build itself, or its derived copy next to the dll.</summary>
    public static string Root(ConventionProfile profile) => Rules(profile, "index.html").Count == 0
        ? StandardRoot
        : Path.Combine(AppContext.BaseDirectory, "frontend-" + profile.Name);

    /// <summary>A file of the build (path relative to its root, '/' separated) as the profile serves it.</summary>
    public static string Transform(ConventionProfile profile, string file, string content)
    {
        foreach (var (from, to) in Rules(profile, file))
        {
            if (!content.Contains(from, StringComparison.Ordinal))
                throw new InvalidOperationException($"frontend build for profile {profile.Name}: {file} no longer contains '{from}'");
            content = content.Replace(from, to, StringComparison.Ordinal);
        }
        return content;
    }

    /// <summary>
    /// Writes the profile's build of <paramref name="source"/> into <paramref name="destination"/>: every file, the
    /// changed ones transformed. Each file is written to a temporary name and moved into place, so concurrent writers
    /// (they write the same bytes) and readers never see a partial file. Files no longer in the build are removed.
    /// </summary>
    public static IReadOnlyList<string> Write(ConventionProfile profile, string source, string destination)
    {
        Directory.CreateDirectory(destination);
        var written = new List<string>();
        foreach (var path in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var relative = Path.GetRelativePath(source, path).Replace(Path.DirectorySeparatorChar, '/');
            var target = Path.Combine(destination, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            var bytes = Rules(profile, relative).Count == 0
                ? File.ReadAllBytes(path)
                : new UTF8Encoding(false).GetBytes(Transform(profile, relative, File.ReadAllText(path)));
            if (!File.Exists(target) || !File.ReadAllBytes(target).AsSpan().SequenceEqual(bytes))
            {
                var temporary = $"{target}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
                File.WriteAllBytes(temporary, bytes);
                File.Move(temporary, target, overwrite: true);
            }
            written.Add(relative);
        }
        foreach (var stale in Directory.EnumerateFiles(destination, "*", SearchOption.AllDirectories)
                     .Where(p => !p.EndsWith(".tmp", StringComparison.Ordinal)
                                 && !written.Contains(Path.GetRelativePath(destination, p).Replace(Path.DirectorySeparatorChar, '/')))
                     .ToList())
            File.Delete(stale);
        return written;
    }

    private static IReadOnlyList<(string From, string To)> Rules(ConventionProfile profile, string file) =>
        !profile.FrontendOnApiOrigin ? [] : file switch
        {
            "index.html" => [("data-testid=\"", "data-qa=\"sirim-")],
            "app.js" =>
            [
                ("data-testid=\"", "data-qa=\"sirim-"),
                (".dataset.testid = '", ".dataset.qa = 'sirim-"),
                (".dataset.testid = `", ".dataset.qa = `sirim-"),
                ("'sirim.accessToken'", "'sirim.auth'"),
                ("sessionStorage", "localStorage"),
                ("'/api/auth/login'", "'/api/session'"),
                ("{ email, password }", "{ credentials: { login: email, secret: password } }"),
                ("result.accessToken", "result.data && result.data.access_token"),
                ("await api('/api/empresas')", "(await api('/api/empresas')).data"),
                ("const result = await api(`/api/gastos?${query}`);",
                    "const { data: items, meta } = await api(`/api/gastos?${query}`);\n    const result = { items, ...meta };"),
            ],
            _ => [],
        };
}
