using System.Xml.Linq;
using Npgsql;
using Sirim.Verification.Contracts.Running;
using Sirim.Verification.Core;
using Sirim.Verification.Core.Checks;
using Sirim.Verification.Core.Configuration;
using Sirim.Verification.Core.Http;
using Sirim.Verification.E2E.Browser;
using Sirim.Verification.E2E.Flows;
using Sirim.Verification.LoadGate;
using Sirim.Verification.LoadGate.Checks;
using Sirim.Verification.TestSupport;

namespace Sirim.Verification.E2E.Tests;

/// <summary>
/// The proof in the database: every gate that writes (contracts, the E2E round trip, the load's write route) runs
/// in-process against the clean reference target, with the run's own id, and then PostgreSQL itself is asked for any
/// row of any table whose text carries that id (every tag of the run contains it: sirim-verify-&lt;id&gt;,
/// e2e-&lt;id&gt;, sirim-verification load &lt;id&gt;). The gates' own accounts must say "nothing left", and the database
/// must agree. The cheapest run of each gate: the contracts gate once, one E2E flow, and the load gate with a
/// one-second profile of its own (<see cref="ShortLoadProfile"/>: the CI profile's model and users, no warm-up or
/// ramp-up; a write every tenth iteration, so a few gastos are created and cleaned up). Each convention profile runs
/// it on a fixture's deployment and Chromium: the standard one in <see cref="E2ESuiteAgainstReferenceTests"/>, the alt
/// one in <see cref="WritingGatesLeaveNoDataTests"/>; nothing here depends on wall-clock speed.
/// </summary>
internal static class NoDataProof
{
    /// <summary>
    /// Runs the contracts gate, the E2E round trip (in <paramref name="gate"/>'s Chromium) and the short load against
    /// <paramref name="reference"/> (clean) with the settings of <paramref name="runSettings"/> and a run id of its own,
    /// then asserts that each gate's account and the database say nothing of the run is left.
    /// </summary>
    public static async Task AssertLeavesNoDataAsync(ReferenceFixture reference, string runSettings, InProcessGate gate)
    {
        await reference.UseDefectAsync(null);
        var runId = "nodata-" + Guid.NewGuid().ToString("N")[..12];
        var target = Options(reference, runSettings, runId);
        var root = RepositoryRoot.Find();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(4));

        using var client = new ExchangeClient(target.RequestTimeout, target.TlsSkipVerify);
        var contracts = await ContractsExecution.RunAsync(target, root, client, timeout.Token);
        Assert.That(contracts.Problem, Is.Null);

        var (e2eOptions, e2eErrors) = E2EOptions.Load(target, root);
        Assert.That(e2eErrors, Is.Empty);
        FlowResult flow;
        var traces = Directory.CreateTempSubdirectory("sirim-nodata-").FullName;
        try
        {
            var browser = await gate.BrowserAsync(e2eOptions!);
            flow = await new FlowRunner(browser, target, e2eOptions!, Redactor.None, traces).RunAsync(new GastoRoundTripFlow(), new NullFlowReporter(), timeout.Token);
        }
        finally
        {
            Directory.Delete(traces, recursive: true);
        }

        var profileFolder = Directory.CreateTempSubdirectory("sirim-nodata-load-").FullName;
        LoadGateResult load;
        try
        {
            var profileFile = Path.Combine(profileFolder, "nodata-short.json");
            await File.WriteAllTextAsync(profileFile, ShortLoadProfile, timeout.Token);
            var preparation = LoadGatePlanner.Prepare(target, root, profileFile);
            Assert.That(preparation.Errors, Is.Empty);
            load = await LoadGateRunner.RunAsync(target, preparation.Options!, null, null, timeout.Token);
        }
        finally
        {
            Directory.Delete(profileFolder, recursive: true);
        }

        var e2eCleanup = flow.Cleanups.SelectMany(c => c.Results).ToList();
        Assert.Multiple(() =>
        {
            // Each gate wrote something (the proof is not vacuous) and its own account says nothing is left.
            Assert.That(contracts.Run!.Cleanup.Results, Is.Not.Empty, "the contracts gate created resources");
            Assert.That(contracts.CleanupOutcome().Status, Is.EqualTo(CheckStatus.Passed), FailureRenderer.Render(contracts.CleanupOutcome(), Redactor.None));
            Assert.That(e2eCleanup.Select(r => r.Resource.CreatedBy), Has.Some.EqualTo("POST /api/gastos (gasto_round_trip)")
                .And.Some.EqualTo("POST /api/gastos (gasto_round_trip, through the frontend)"), "the E2E round trip created gastos through the API and the UI");
            Assert.That(flow.Final.Outcomes.Where(o => o.Failed).Select(o => FailureRenderer.Render(o, Redactor.None)), Is.Empty, "the round trip passes");
            Assert.That(load.Cleanup.Results, Is.Not.Empty, "the load's write route created gastos");
            var loadCleanup = new TestDataCleanedUp().Evaluate(load);
            Assert.That(loadCleanup.Status, Is.EqualTo(CheckStatus.Passed), FailureRenderer.Render(loadCleanup, Redactor.None));
        });

        // The database agrees: no row of any table carries the run id. The seed user's row is found the same way,
        // so the scan does reach the tables' text.
        var rows = await RowsCarryingAsync(reference, runId);
        var seedUser = await RowsCarryingAsync(reference, reference.Environment["SIRIM_USERNAME"]);
        Assert.Multiple(() =>
        {
            Assert.That(rows.Keys, Does.Contain("gastos"), "the scan covers the gastos table");
            Assert.That(rows.Where(r => r.Value > 0), Is.Empty, $"rows carrying the run id {runId} left in the database");
            Assert.That(seedUser.Values.Sum(), Is.GreaterThan(0), "the scan finds the seed user's row");
        });
    }

    /// <summary>
    /// The load profile of this proof: normal-ci's open model and users at 50 iterations/s for one second (about 50
    /// iterations, one in ten on the write route), no warm-up or ramp-up: enough writes to prove their cleanup.
    /// </summary>
    private const string ShortLoadProfile = """
        {
          "name": "nodata-short",
          "description": "One second of normal-ci's routes, for the no-data proof.",
          "model": "open",
          "users": 10,
          "thinkTime": "200ms",
          "rampUp": "0s",
          "duration": "1s",
          "warmUp": "0s",
          "maxInFlight": 100,
          "thresholds": ["dropped == 0"],
          "abortOnFailure": false
        }
        """;

    /// <summary>The suite's settings as in a real run: the deployment's environment, the profile's runsettings parameters, a run id of its own.</summary>
    private static TargetOptions Options(ReferenceFixture reference, string runSettings, string runId)
    {
        var env = new Dictionary<string, string>(reference.Environment) { ["SIRIM_RUN_ID"] = runId, ["SIRIM_PROGRESS"] = "plain" };
        var parameters = XDocument.Load(Path.Combine(RepositoryRoot.Find(), runSettings)).Descendants("Parameter")
            .ToDictionary(p => (string)p.Attribute("name")!, p => (string)p.Attribute("value")!);
        var loaded = TargetOptionsLoader.Load(new SettingsSource(k => env.GetValueOrDefault(k), k => parameters.GetValueOrDefault(k))
            { RunSettingsNames = parameters.Keys.ToList() });
        Assert.That(loaded.Errors, Is.Empty);
        return loaded.Options!;
    }

    /// <summary>For every table of the target's database: how many of its rows carry <paramref name="text"/> anywhere (the whole row as text).</summary>
    private static async Task<IReadOnlyDictionary<string, long>> RowsCarryingAsync(ReferenceFixture reference, string text)
    {
        await using var db = NpgsqlDataSource.Create(reference.Deployment.Database.Credentials.AppConnectionString);
        var tables = new List<(string Schema, string Name)>();
        await using (var list = db.CreateCommand(
                         "SELECT table_schema, table_name FROM information_schema.tables " +
                         "WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema') ORDER BY 1, 2"))
        await using (var reader = await list.ExecuteReaderAsync())
            while (await reader.ReadAsync()) tables.Add((reader.GetString(0), reader.GetString(1)));
        var counts = new Dictionary<string, long>();
        foreach (var (schema, name) in tables)
        {
            var quoted = $"{Quote(schema)}.{Quote(name)}";
            await using var count = db.CreateCommand($"SELECT count(*) FROM {quoted} AS t WHERE strpos(t::text, $1) > 0");
            count.Parameters.Add(new NpgsqlParameter { Value = text });
            counts[schema == "public" ? name : $"{schema}.{name}"] = (long)(await count.ExecuteScalarAsync())!;
        }
        return counts;
    }

    private static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
