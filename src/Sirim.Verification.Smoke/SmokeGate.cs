using Sirim.Verification.Core.Checks;
using Sirim.Verification.Core.Configuration;
using Sirim.Verification.Core.Http;
using Sirim.Verification.Smoke.Checks;

namespace Sirim.Verification.Smoke;

/// <summary>
/// The smoke gate: health and readiness answer 200 JSON several times in a row, readiness really depends on the
/// database (where the operator lets the suite stop it), login works, and bad input gets a 4xx JSON error.
/// </summary>
public sealed class SmokeGate(TargetOptions options, ExchangeClient client)
{
    public const string Name = "smoke";
    public const string EvidenceFile = "health_readiness.md";

    /// <summary>
    /// The bad-input probe (setting smokeBadInputPath; default: a list route given a non-numeric id filter), which must be
    /// refused with a 4xx.
    /// </summary>
    public string BadQueryPath => options.Setting(SettingsCatalog.SmokeBadInputPath) ?? SettingsCatalog.SmokeBadInputPath.Default!;

    public static readonly IReadOnlyList<ICheck<HttpExchange>> HealthChecks = [new HealthStatusOk(), new HealthJson(), new HealthStatusWord()];

    /// <summary>Calls <paramref name="path"/> <see cref="TargetOptions.SmokeRepeat"/> times in a row and judges each answer.</summary>
    public async Task<IReadOnlyList<(HttpExchange Exchange, IReadOnlyList<CheckOutcome> Outcomes)>> ProbeRepeatedlyAsync(string path, CancellationToken ct)
    {
        var results = new List<(HttpExchange, IReadOnlyList<CheckOutcome>)>();
        for (var i = 0; i < options.SmokeRepeat; i++)
        {
            var exchange = await client.GetAsync(options.Api(path), ct).ConfigureAwait(false);
            results.Add((exchange, HealthChecks.Select(c => c.Evaluate(exchange)).ToList()));
        }
        return results;
    }

    public async Task<(HttpExchange Exchange, CheckOutcome Outcome)> ProbeBadQueryAsync(AuthResult auth, CancellationToken ct)
    {
        var headers = auth.Succeeded ? new[] { auth.Header } : [];
        var exchange = await client.SendAsync(new ExchangeRequest("GET", options.Api(BadQueryPath), headers), ct).ConfigureAwait(false);
        return (exchange, new ErrorNot5xx().Evaluate(exchange));
    }

    /// <summary>
    /// Stops the database with the configured command, probes readiness and liveness, starts it again and waits (bounded,
    /// polling) for readiness to come back. The database is started again even when a probe fails.
    /// </summary>
    public async Task<(ReadinessObservation Observation, IReadOnlyList<ShellCommand.Result> Commands)> ObserveDatabaseOutageAsync(
        TimeSpan recoveryLimit, CancellationToken ct)
    {
        if (!options.DatabaseControl.IsConfigured) throw new InvalidOperationException("database control commands are not configured");
        var commands = new List<ShellCommand.Result>();
        var readyBefore = await client.GetAsync(options.Api(options.Health.Readiness), ct).ConfigureAwait(false);
        HttpExchange readyDown, healthDown;
        try
        {
            var stop = await ShellCommand.RunAsync(options.DatabaseControl.StopCommand!, TimeSpan.FromSeconds(60), ct).ConfigureAwait(false);
            commands.Add(stop);
            if (stop.ExitCode != 0) throw new InvalidOperationException($"the database stop command failed (exit {stop.ExitCode}): {stop.Output.Trim()}");
            readyDown = await client.GetAsync(options.Api(options.Health.Readiness), ct).ConfigureAwait(false);
            healthDown = await client.GetAsync(options.Api(options.Health.Liveness), ct).ConfigureAwait(false);
        }
        finally
        {
            commands.Add(await ShellCommand.RunAsync(options.DatabaseControl.StartCommand!, TimeSpan.FromSeconds(60), CancellationToken.None).ConfigureAwait(false));
        }

        var started = DateTime.UtcNow;
        HttpExchange? readyAfter = null;
        while (DateTime.UtcNow - started < recoveryLimit)
        {
            readyAfter = await client.GetAsync(options.Api(options.Health.Readiness), ct).ConfigureAwait(false);
            if (readyAfter.Status == 200) break;
            await Task.Delay(250, ct).ConfigureAwait(false); // polling interval while connections are re-established
        }
        var recovery = readyAfter?.Status == 200 ? DateTime.UtcNow - started : (TimeSpan?)null;
        var healthAfter = await client.GetAsync(options.Api(options.Health.Liveness), ct).ConfigureAwait(false);
        return (new ReadinessObservation(readyBefore, readyDown, healthDown, readyAfter, healthAfter, recovery), commands);
    }
}
