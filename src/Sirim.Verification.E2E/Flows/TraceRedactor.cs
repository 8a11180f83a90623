using System.IO.Compression;
using System.Text;
using Sirim.Verification.Core.Http;

namespace Sirim.Verification.E2E.Flows;

/// <summary>
/// A Playwright trace records what was typed (the password in the login form), request headers (Authorization) and
/// response bodies (the access token). Before a trace is kept or attached, every text entry of the zip goes through
/// the redactor; binary entries (screenshots) are kept as they are.
/// </summary>
public static class TraceRedactor
{
    public static void Redact(string zipPath, Redactor redactor)
    {
        using var zip = ZipFile.Open(zipPath, ZipArchiveMode.Update);
        foreach (var entry in zip.Entries.ToList())
        {
            if (!IsText(entry.FullName)) continue;
            string text;
            using (var reader = new StreamReader(entry.Open(), Encoding.UTF8)) text = reader.ReadToEnd();
            if (text.Contains('\0')) continue; // binary after all
            var redacted = redactor.Text(text);
            if (redacted == text) continue;
            var name = entry.FullName;
            entry.Delete();
            using var writer = new StreamWriter(zip.CreateEntry(name, CompressionLevel.Fastest).Open(), new UTF8Encoding(false));
            writer.Write(redacted);
        }
    }

    private static bool IsText(string name) =>
        name.EndsWith(".trace", StringComparison.Ordinal) || name.EndsWith(".network", StringComparison.Ordinal) ||
        name.EndsWith(".stacks", StringComparison.Ordinal) || name.EndsWith(".json", StringComparison.Ordinal) ||
        name.EndsWith(".html", StringComparison.Ordinal) || name.EndsWith(".txt", StringComparison.Ordinal) ||
        (name.StartsWith("resources/", StringComparison.Ordinal) && !name.EndsWith(".jpeg", StringComparison.Ordinal) &&
         !name.EndsWith(".png", StringComparison.Ordinal) && !name.EndsWith(".webp", StringComparison.Ordinal));
}
