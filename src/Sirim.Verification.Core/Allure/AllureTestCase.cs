using System.Security.Cryptography;
using System.Text;
using Sirim.Verification.Core.Http;

namespace Sirim.Verification.Core.Allure;

/// <summary>
/// Collects one test's Allure result while it runs: labels, parameters, nested steps and attachments. Not shared between
/// tests; the test framework glue creates one per test and writes it when the test ends.
/// </summary>
public sealed class AllureTestCase
{
    private sealed class StepFrame(string name, long start)
    {
        public string Name { get; } = name;
        public long Start { get; } = start;
        public List<AllureStep> Steps { get; } = [];
        public List<AllureAttachment> Attachments { get; } = [];
        public List<AllureParameter> Parameters { get; } = [];
    }

    private readonly object _gate = new();
    private readonly Stack<StepFrame> _frames = new();
    private readonly StepFrame _root;
    private readonly List<AllureLabel> _labels = [];
    private readonly List<AllureLink> _links = [];

    public AllureTestCase(AllureWriter writer, string name, string fullName)
    {
        Writer = writer;
        Name = name;
        FullName = fullName;
        _root = new StepFrame(name, Now());
        _frames.Push(_root);
    }

    public AllureWriter Writer { get; }
    public string Name { get; }
    public string FullName { get; }

    public static long Now() => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

    public void Label(string name, string value) { lock (_gate) _labels.Add(new AllureLabel(name, value)); }

    /// <summary>Replaces every label of this name (e.g. the severity, once the findings of the test are known).</summary>
    public void SetLabel(string name, string value) { lock (_gate) { _labels.RemoveAll(l => l.Name == name); _labels.Add(new AllureLabel(name, value)); } }
    public void Link(string name, string url) { lock (_gate) _links.Add(new AllureLink(name, url)); }
    public void Parameter(string name, string value) { lock (_gate) _frames.Peek().Parameters.Add(new AllureParameter(name, value)); }

    public void Attach(AllureAttachment attachment) { lock (_gate) _frames.Peek().Attachments.Add(attachment); }

    public void AttachText(string name, string content, string mimeType = "text/plain", string extension = "txt") =>
        Attach(Writer.AttachText(name, content, mimeType, extension));

    public void AttachExchange(HttpExchange exchange, string? name = null) => Attach(Writer.AttachExchange(exchange, name));

    /// <summary>Runs <paramref name="body"/> as a named step; a failure inside marks the step failed and propagates.</summary>
    public async Task<T> StepAsync<T>(string name, Func<Task<T>> body)
    {
        var frame = new StepFrame(name, Now());
        lock (_gate) _frames.Push(frame);
        var status = AllureStatus.Passed;
        AllureStatusDetails details = new();
        try
        {
            return await body().ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            status = ex.GetType().Name.Contains("Assertion") || ex.GetType().Name.Contains("Assert") ? AllureStatus.Failed : AllureStatus.Broken;
            details = new AllureStatusDetails(ex.Message);
            throw;
        }
        finally
        {
            lock (_gate)
            {
                _frames.Pop();
                _frames.Peek().Steps.Add(new AllureStep(frame.Name, status, details, frame.Start, Now(), frame.Steps, frame.Attachments, frame.Parameters));
            }
        }
    }

    public Task StepAsync(string name, Func<Task> body) => StepAsync(name, async () => { await body().ConfigureAwait(false); return true; });

    /// <summary>Records a step whose outcome is already known (e.g. one check's verdict).</summary>
    public void Step(string name, string status, string? message = null)
    {
        var now = Now();
        lock (_gate) _frames.Peek().Steps.Add(new AllureStep(name, status, new AllureStatusDetails(message), now, now, [], [], []));
    }

    public AllureResult Finish(string status, string? message, string? trace, bool flaky = false, string? description = null)
    {
        lock (_gate)
        {
            var parameterKey = string.Join(";", _root.Parameters.Select(p => p.Name + "=" + p.Value));
            return new AllureResult(
                Uuid: Guid.NewGuid().ToString(),
                HistoryId: Hash(FullName + "|" + parameterKey),
                TestCaseId: Hash(FullName),
                Name: Name,
                FullName: FullName,
                Status: status,
                StatusDetails: new AllureStatusDetails(message, trace, Flaky: flaky),
                Start: _root.Start,
                Stop: Now(),
                Labels: _labels.ToList(),
                Parameters: _root.Parameters.ToList(),
                Steps: _root.Steps.ToList(),
                Attachments: _root.Attachments.ToList(),
                Links: _links.ToList(),
                Description: description);
        }
    }

    private static string Hash(string s) => Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(s)));
}
