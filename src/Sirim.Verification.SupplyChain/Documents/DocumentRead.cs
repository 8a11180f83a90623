namespace Sirim.Verification.SupplyChain.Documents;

/// <summary>One configured file as read: the document, or why it could not be read (missing, not JSON, not the format).</summary>
public sealed record DocumentRead<T>(string Path, T? Document, string? Error, string? Content = null) where T : class
{
    public string FileName => System.IO.Path.GetFileName(Path);

    public static async Task<DocumentRead<T>> LoadAsync(string path, Func<string, T> parse, CancellationToken ct)
    {
        if (!File.Exists(path)) return new DocumentRead<T>(path, null, "file not found");
        var content = await File.ReadAllTextAsync(path, ct).ConfigureAwait(false);
        try { return new DocumentRead<T>(path, parse(content), null, content); }
        catch (InvalidDataException ex) { return new DocumentRead<T>(path, null, ex.Message, content); }
    }
}
