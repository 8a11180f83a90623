namespace Sirim.Verification.E2E.Xss;

/// <summary>One payload stored in one field of one record: where it went, the text sent, and what would betray it.</summary>
/// <param name="Text">The whole field value as sent (tag, number and payload); the page must show it literally.</param>
/// <param name="ElementId">The id of the element the payload's markup would create.</param>
/// <param name="Marker">The global the payload's script would set (and log, or alert).</param>
public sealed record XssProbe(string Payload, string Field, long RecordId, string Text, string ElementId, string Marker)
{
    public string Describe => $"{Payload} in {Field} of gasto {RecordId}";
}

/// <summary>What the page showed and did once it rendered the stored payloads.</summary>
/// <param name="MarkersSet">Payload globals found set on window.</param>
/// <param name="Dialogs">Messages of the dialogs (alert, confirm, prompt) the page opened.</param>
/// <param name="ConsoleLines">Console messages that carry a payload marker.</param>
/// <param name="Elements">Payload element ids found in the DOM, with the element's tag name.</param>
/// <param name="Shown">The text each probed field shows (by element id of the probe), null when its cell was not found.</param>
public sealed record XssObservation(
    IReadOnlyList<string> MarkersSet,
    IReadOnlyList<string> Dialogs,
    IReadOnlyList<string> ConsoleLines,
    IReadOnlyDictionary<string, string> Elements,
    IReadOnlyDictionary<string, string?> Shown);
