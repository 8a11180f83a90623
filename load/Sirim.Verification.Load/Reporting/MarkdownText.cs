namespace Sirim.Verification.Load.Reporting;

/// <summary>Escaping for text placed in Markdown table cells.</summary>
internal static class MarkdownText
{
    public static string Cell(string? text) => string.IsNullOrEmpty(text)
        ? " "
        : text.Replace("\\", "\\\\", StringComparison.Ordinal)
              .Replace("|", "\\|", StringComparison.Ordinal)
              .Replace("\r", " ", StringComparison.Ordinal)
              .Replace("\n", " ", StringComparison.Ordinal);

    public static string Code(string text) => "`" + text.Replace("`", "'", StringComparison.Ordinal) + "`";
}
