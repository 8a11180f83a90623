using Sirim.Verification.Load.Http;
using Sirim.Verification.Load.Safety;
using Sirim.Verification.Load.Simulations;

namespace Sirim.Verification.Load.Tests;

public sealed class SafetyPolicyTests
{
    [Test]
    [CancelAfter(30_000)]
    public async Task A_host_that_is_not_allowed_is_refused_before_any_request(CancellationToken cancellationToken)
    {
        await using var server = await LocalHttpServer.StartAsync();
        var policy = new LoadSafetyPolicy { AllowedHosts = ["api.staging.example"] };
        using var http = new HttpLoadClient(policy);
        var iterations = 0;
        var initialised = false;
        var scenario = new Scenario("gastos", async (ctx, ct) =>
        {
            Interlocked.Increment(ref iterations);
            await ctx.StepAsync("list_gastos", c => http.GetAsync(server.Url("ok"), c));
        })
        {
            Simulations = [LoadSimulation.Inject(50, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5))],
            Init = _ =>
            {
                initialised = true;
                return Task.CompletedTask;
            },
        };

        var refused = Assert.ThrowsAsync<LoadPlanException>(() =>
            LoadRunner.RunAsync(scenario, new LoadRunOptions { Safety = policy, Targets = [server.Url("ok")] }, cancellationToken));

        Assert.Multiple(() =>
        {
            Assert.That(refused!.Errors, Is.EqualTo(new[]
            {
                "safety: target host '127.0.0.1' is not allowed for load; add it to the allowed hosts of the load safety policy (allowed now: api.staging.example)",
            }));
            Assert.That(refused.Message, Does.StartWith("the load run was refused before sending any traffic (1 problem):"));
            Assert.That(server.Requests, Is.Zero, "no request may reach a host that is not allowed");
            Assert.That(iterations, Is.Zero);
            Assert.That(initialised, Is.False);
        });
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task The_http_helper_refuses_a_host_that_is_not_allowed_without_sending(CancellationToken cancellationToken)
    {
        await using var server = await LocalHttpServer.StartAsync();
        using var http = new HttpLoadClient(new LoadSafetyPolicy { AllowedHosts = ["localhost"] });

        var result = await http.GetAsync(server.Url("ok"), cancellationToken);

        Assert.That(result, Is.EqualTo(StepResult.Fail("refused: host '127.0.0.1' is not allowed for load")));
        Assert.That(server.Requests, Is.Zero);
    }

    [Test]
    public void Every_cap_violation_is_listed_at_once()
    {
        var policy = new LoadSafetyPolicy
        {
            AllowedHosts = ["127.0.0.1"],
            MaxDuration = TimeSpan.FromMinutes(1),
            MaxRatePerSecond = 100,
            MaxVirtualUsers = 50,
            MaxTotalIterations = 1000,
        };
        var scenario = new Scenario("peak", (_, _) => Task.CompletedTask)
        {
            Simulations = [LoadSimulation.Inject(200, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(2))],
        };
        var options = new LoadRunOptions
        {
            Safety = policy,
            Targets = [new Uri("http://127.0.0.1:5080/api/gastos"), new Uri("https://sirim.example.com/api/gastos")],
            MaxInFlight = 80,
        };

        Assert.That(LoadRunner.Validate(scenario, options), Is.EqualTo(new[]
        {
            "safety: target host 'sirim.example.com' is not allowed for load; add it to the allowed hosts of the load safety policy (allowed now: 127.0.0.1)",
            "safety: planned duration 2m exceeds the maximum of 1m",
            "safety: peak arrival rate 200/s exceeds the maximum of 100/s",
            "safety: max in-flight 80 exceeds the maximum of 50 virtual users",
            "safety: the plan starts 24000 iterations, more than the maximum of 1000",
        }));
    }

    [Test]
    public void Closed_model_virtual_users_are_capped()
    {
        var scenario = new Scenario("peak", (_, _) => Task.CompletedTask) { Simulations = [LoadSimulation.KeepConstant(600, TimeSpan.FromSeconds(10))] };
        var options = new LoadRunOptions { Safety = LoadSafetyPolicy.LoopbackOnly, Targets = [new Uri("http://127.0.0.1/")] };

        Assert.That(LoadRunner.Validate(scenario, options), Is.EqualTo(new[] { "safety: 600 virtual users exceed the maximum of 500" }));
    }

    [Test]
    public void Targets_must_be_declared()
    {
        var scenario = new Scenario("x", (_, _) => Task.CompletedTask) { Simulations = [LoadSimulation.KeepConstant(1, TimeSpan.FromSeconds(1))] };

        Assert.That(LoadRunner.Validate(scenario, new LoadRunOptions { Safety = LoadSafetyPolicy.LoopbackOnly }), Is.EqualTo(new[]
        {
            "safety: no targets declared; list every URL the scenario sends load to so their hosts can be checked against the allowed hosts",
        }));
    }

    [Test]
    public void The_policy_itself_is_validated()
    {
        var policy = new LoadSafetyPolicy { AllowedHosts = ["*.example.com", "localhost:5080"], MaxVirtualUsers = 0 };

        Assert.That(policy.Validate(), Is.EqualTo(new[]
        {
            "safety: max virtual users is 0; it must be greater than zero",
            "safety: allowed host #1 '*.example.com' is not a host name; write exact host names or IPs without scheme, port or wildcards (e.g. 127.0.0.1, api.staging.example)",
            "safety: allowed host #2 'localhost:5080' is not a host name; write exact host names or IPs without scheme, port or wildcards (e.g. 127.0.0.1, api.staging.example)",
        }));
    }

    [TestCase("LOCALHOST", true)]
    [TestCase("127.0.0.1", true)]
    [TestCase("[::1]", true)]
    [TestCase("127.0.0.2", false)]
    [TestCase("localhost.evil.example", false)]
    public void Hosts_are_matched_exactly_and_case_insensitively(string host, bool allowed)
    {
        Assert.That(LoadSafetyPolicy.LoopbackOnly.IsHostAllowed(host), Is.EqualTo(allowed));
    }
}
