using System.Text;

namespace Sirim.Verification.Core.Evidence;

/// <summary>
/// A small Markdown builder for evidence files. Raw outputs go in fenced blocks verbatim (after redaction by the
/// <see cref="EvidenceRun"/> that writes the document), so a reader sees exactly what the target answered.
/// </summary>
public sealed class MarkdownDocument
{
    private readonly StringBuilder _sb = new();

    public MarkdownDocument(string title) => _sb.Append("# ").Append(title).Append("\n\n");

    public MarkdownDocument Heading(string text, int level = 2)
    {
        _sb.Append(new string('#', Math.Clamp(level, 2, 6))).Append(' ').Append(text).Append("\n\n");
        return this;
    }

    public MarkdownDocument Paragraph(string text)
    {
        _sb.Append(text).Append("\n\n");
        return this;
    }

    public MarkdownDocument Bullets(IEnumerable<string> items)
    {
        foreach (var item in items) _sb.Append("- ").Append(item).Append('\n');
        _sb.Append('\n');
        return this;
    }

    public MarkdownDocument Table(IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string>> rows)
    {
        _sb.Append("| ").Append(string.Join(" | ", headers.Select(Cell))).Append(" |\n");
        _sb.Append('|').Append(string.Concat(headers.Select(_ => " --- |"))).Append('\n');
        foreach (var row in rows) _sb.Append("| ").Append(string.Join(" | ", row.Select(Cell))).Append(" |\n");
        _sb.Append('\n');
        return this;
    }

    /// <summary>A table of name/value pairs, e.g. the parameters of a gate.</summary>
    public MarkdownDocument KeyValues(IEnumerable<(string Key, string Value)> pairs) =>
        Table(["parameter", "value"], pairs.Select(p => (IReadOnlyList<string>)[p.Key, p.Value]));

    public MarkdownDocument Code(string text, string language = "text")
    {
        // A fence longer than any backtick run inside keeps raw output intact.
        var longest = 2;
        var run = 0;
        foreach (var c in text) { run = c == '`' ? run + 1 : 0; longest = Math.Max(longest, run); }
        var fence = new string('`', longest + 1);
        _sb.Append(fence).Append(language).Append('\n').Append(text.TrimEnd('\n')).Append('\n').Append(fence).Append("\n\n");
        return this;
    }

    public override string ToString() => _sb.ToString();

    private static string Cell(string value) => value.Replace("|", "\\|").Replace("\r", "").Replace("\n", "<br>");
}
