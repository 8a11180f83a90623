using Sirim.ReferenceTarget.Hosting;
using Sirim.Verification.Core;
using Sirim.Verification.Core.Checks;
using Sirim.Verification.Core.Http;
using Sirim.Verification.LoadGate.Checks;
using Sirim.Verification.TestSupport;

namespace Sirim.Verification.LoadGate.Tests;

/// <summary>
/// The load gate's inventory against the reference target's alt convention profile (lists wrapped in
/// {"data": [...], "meta": {"total": n}}), in process with the settings of runsettings/reference-alt.runsettings, whose
/// loadRoutesFile is scenarios/load/routes-alt.json: the clean target's gastos are listed under /data before and after
/// (the inventory agrees), and with every delete rolled back the leftovers are found there too. A deployment of its own
/// (the alt profile), in parallel with the other fixtures: nothing here depends on the machine's speed.
/// </summary>
[Parallelizable(ParallelScope.Self), Order(6)]
public sealed class LoadGateAgainstAltProfileTests : LoadGateReferenceTests
{
    private const string RunSettings = "runsettings/reference-alt.runsettings";

    protected override ReferenceProfile? Profile => ReferenceProfile.Alt;

    // The tests run in the order of their names: the first (A_delete_that_is_never_committed…) needs this defect.
    protected override string? FirstDefect => "gasto_delete_not_committed";

    [Test]
    public async Task Clean_alt_target_the_wrapped_list_is_the_inventory_and_it_agrees()
    {
        var run = await RunAsync(null);
        var (outcome, text) = Judge(run);
        var c = run.Cleanup;
        Assert.Multiple(() =>
        {
            Assert.That(outcome.Status, Is.EqualTo(CheckStatus.Passed), text);
            Assert.That(c.Results, Is.Not.Empty);
            Assert.That((c.InventoryConfirms, c.Leftovers.Count), Is.EqualTo((true, 0)), string.Join("\n", c.InventoryNotes));
            Assert.That(c.InventoryNotes.Single(), Does.Match(@"^/api/gastos: GET /api/gastos\?empresaId=\{empresaId\}&page=\{page\}&pageSize=100 listed ([1-9]\d*) item\(s\) before the load and \1 after the cleanup\.$"),
                "the gastos of the empresa read under /data, whole");
        });
    }

    [Test]
    public async Task A_delete_that_is_never_committed_leaves_gastos_the_wrapped_list_still_shows()
    {
        var run = await RunAsync("gasto_delete_not_committed");
        var (outcome, text) = Judge(run);
        var c = run.Cleanup;
        try
        {
            Assert.Multiple(() =>
            {
                Assert.That(outcome.Failed, Is.True, text);
                Assert.That(c.InventoryConfirms, Is.True, string.Join("\n", c.InventoryNotes));
                Assert.That(c.Leftovers.Select(l => l.Id), Is.EquivalentTo(c.NotGone.Select(r => r.Resource.Id)).And.Not.Empty,
                    "each gasto still there is in the list after the cleanup");
                Assert.That(c.Leftovers.Select(l => l.Why), Is.All.EqualTo($"carries the run tag {c.RunTag} and is new since the start"));
            });
        }
        finally
        {
            // The fixture's database is throwaway, but what this run could not delete is removed all the same.
            await Reference.UseDefectAsync(null);
            await using var db = Npgsql.NpgsqlDataSource.Create(Reference.Deployment.Database.Credentials.AppConnectionString);
            await using var cmd = db.CreateCommand("DELETE FROM gastos WHERE strpos(concepto, $1) > 0");
            cmd.Parameters.Add(new Npgsql.NpgsqlParameter { Value = c.RunTag });
            await cmd.ExecuteNonQueryAsync();
        }
    }

    /// <summary>A short copy of normal-ci (1 s ramp-up, 3 s steady) with the alt settings, on the target with <paramref name="defect"/>.</summary>
    private async Task<LoadGateResult> RunAsync(string? defect)
    {
        await Reference.UseDefectAsync(defect);
        var dir = Directory.CreateTempSubdirectory("sirim-load-alt-").FullName;
        try
        {
            var profile = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Profiles.LoadProfileFile.PathFor("normal-ci", RepositoryRoot.Find())))!;
            profile["rampUp"] = "1s";
            profile["duration"] = "3s";
            var path = Path.Combine(dir, "normal-ci.json");
            await File.WriteAllTextAsync(path, profile.ToJsonString());
            var options = ReferenceSettings.Load(new Dictionary<string, string>(Reference.Environment) { ["SIRIM_PROGRESS"] = "plain" }, RunSettings).Options!;
            var preparation = LoadGatePlanner.Prepare(options, RepositoryRoot.Find(), path);
            Assert.That(preparation.Errors, Is.Empty);
            Assert.That(preparation.Options!.Routes.Single(r => r.Inventory is not null).Inventory!.ItemsPointer, Is.EqualTo("/data"), "routes-alt.json is the routes file");
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
            return await LoadGateRunner.RunAsync(options, preparation.Options!, null, null, timeout.Token);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static (CheckOutcome Outcome, string Text) Judge(LoadGateResult run)
    {
        var outcome = new TestDataCleanedUp().Evaluate(run);
        return (outcome, FailureRenderer.Render(outcome, Redactor.None));
    }
}
