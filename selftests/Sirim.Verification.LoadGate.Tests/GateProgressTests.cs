using Sirim.Verification.Load.Progress;
using Sirim.Verification.LoadGate.Progress;

namespace Sirim.Verification.LoadGate.Tests;

/// <summary>The gate's progress output: a live line on a terminal when there is one, plain lines in the log otherwise.</summary>
public sealed class GateProgressTests
{
    private static LoadProgress At(int second, bool final = false) => new("sirim_normal_ci", TimeSpan.FromSeconds(second), TimeSpan.FromSeconds(10),
        20.0, second * 20, 0, 12.5, 3, 0, WarmUp: second < 2, Final: final);

    [Test]
    public void With_a_terminal_one_line_is_rewritten_in_place_and_the_log_keeps_the_first_and_final_lines()
    {
        var log = new StringWriter();
        var terminal = new StringWriter();
        using (var progress = GateProgress.Create(log, () => terminal))
        {
            Assert.That(progress.IsLive, Is.True);
            for (var s = 1; s <= 10; s++) progress.Report(At(s, final: s == 10));
        }
        var logLines = log.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.Multiple(() =>
        {
            Assert.That(terminal.ToString().Count(c => c == '\r'), Is.EqualTo(10), "one rewrite per report");
            Assert.That(terminal.ToString(), Does.StartWith("\r[00:01/00:10] sirim_normal_ci (warm-up) rps 20.0 | errors 0 (0.00%) | p95 12.5 ms | in-flight 3 | dropped 0"));
            Assert.That(terminal.ToString(), Does.EndWith("\r[00:10/00:10] sirim_normal_ci (done) rps 20.0 | errors 0 (0.00%) | p95 12.5 ms | in-flight 3 | dropped 0" + Environment.NewLine));
            Assert.That(logLines, Has.Length.EqualTo(2));
            Assert.That(logLines[1], Does.StartWith("[00:10/00:10] sirim_normal_ci (done)"));
        });
    }

    [Test]
    public void Without_a_terminal_the_log_gets_a_plain_line_every_interval()
    {
        var log = new StringWriter();
        using var progress = GateProgress.Create(log, () => null, TimeSpan.FromSeconds(2));
        for (var s = 1; s <= 10; s++) progress.Report(At(s, final: s == 10));
        Assert.That(progress.IsLive, Is.False);
        Assert.That(log.ToString(), Does.Not.Contain("\r"));
        Assert.That(log.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries).Select(l => l[..13]),
            Is.EqualTo(new[] { "[00:01/00:10]", "[00:03/00:10]", "[00:05/00:10]", "[00:07/00:10]", "[00:09/00:10]", "[00:10/00:10]" }));
    }
}
