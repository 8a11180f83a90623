using System.Diagnostics;
using Sirim.ReferenceTarget.Hosting;

namespace Sirim.Verification.Cli;

/// <summary>
/// <c>reference run [--profile NAME] [--defect ID] [--https] [-- COMMAND ...]</c>: starts a throwaway PostgreSQL cluster
/// and the reference target, then runs COMMAND with the suite's settings in its environment (secrets never printed) and
/// stops everything afterwards, whatever happened. Without COMMAND it serves until Ctrl+C, for manual exploration.
/// With the alt profile the frontend build it serves is written to reports/reference/frontend-alt first (the release
/// build the integrity gate compares with). <c>reference frontend-build --profile NAME --out DIR</c> writes only that.
/// </summary>
public static class ReferenceCommand
{
    public const string Usage = "reference run [--profile standard|alt] [--defect ID] [--https] [--password-file PATH] [-- COMMAND ARGS...]\n" +
        "    start PostgreSQL + the reference target; run COMMAND against it (exit code is COMMAND's), or serve until Ctrl+C;\n" +
        "    --profile: its deployment conventions (default standard; alt also writes its frontend build to " + AltBuildFolder + ");\n" +
        "    SIGTERM, SIGINT or SIGHUP stops COMMAND's process group, the target and the database (exit code 128 + signal)\n" +
        "reference frontend-build --profile standard|alt --out DIR\n" +
        "    write the frontend build the profile serves into DIR (for 'frontend-manifest' or frontendManifest)";

    /// <summary>Where 'reference run --profile alt' writes the alt frontend build, relative to the repository root (runsettings/reference-alt.runsettings names it).</summary>
    public const string AltBuildFolder = "reports/reference/frontend-alt";

    /// <summary>
    /// A stop signal (SIGTERM, SIGINT, SIGHUP) stops the command's process group (SIGTERM, then SIGKILL after 2 s), the
    /// target and the database (fast, then immediate shutdown), removes the cluster folder, prints one line saying what
    /// was stopped and ends with 128 + the signal's number; a second signal kills what remains at once.
    /// </summary>
    public static async Task<int> RunAsync(string[] args, StopSignals stop)
    {
        if (args.Length > 0 && args[0] == "frontend-build") return await FrontendBuildAsync(args[1..], stop.Stopping);
        if (args.Length == 0 || args[0] != "run") throw new UsageException("expected 'run' or 'frontend-build'");
        string? defect = null, passwordFile = null;
        var profile = ReferenceProfile.Standard;
        var https = false;
        var command = Array.Empty<string>();
        for (var i = 1; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--defect" when i + 1 < args.Length: defect = args[++i]; break;
                case "--profile" when i + 1 < args.Length: profile = ParseProfile(args[++i]); break;
                case "--https": https = true; break;
                case "--password-file" when i + 1 < args.Length: passwordFile = args[++i]; break;
                case "--": command = args[(i + 1)..]; i = args.Length; break;
                default: throw new UsageException($"unexpected argument '{args[i]}'");
            }
        }

        var ct = stop.Stopping;
        var watch = Stopwatch.StartNew();
        if (profile.FrontendOnApiOrigin)
        {
            var folder = Path.Combine(RepositoryLayout.FindRoot(), AltBuildFolder);
            Console.Error.WriteLine("[reference] " + await ReferenceDeployment.WriteFrontendBuildAsync(profile, folder, null, ct));
        }
        Console.Error.WriteLine("[reference] starting a throwaway PostgreSQL cluster and the reference target" +
                                (profile == ReferenceProfile.Standard ? "" : $" in profile '{profile.Name}'") +
                                (defect is null ? "" : $" with seeded defect '{defect}'") + " …");
        var deployment = await ReferenceDeployment.StartAsync(defect, https, ct, profile: profile);
        ChildCommand? child = null;
        try
        {
            var env = deployment.SuiteEnvironment();
            Console.Error.WriteLine($"[reference] API      {env["SIRIM_API_URL"]}");
            Console.Error.WriteLine($"[reference] frontend {env["SIRIM_FRONTEND_URL"]}" + (profile.FrontendOnApiOrigin ? " (the API origin)" : ""));
            Console.Error.WriteLine($"[reference] database 127.0.0.1:{deployment.Database.Port} (throwaway, in {deployment.Database.Directory}, removed at exit)");
            Console.Error.WriteLine($"[reference] ready in {watch.Elapsed.TotalSeconds:0.0} s");

            if (command.Length == 0)
            {
                var file = passwordFile ?? Path.Combine(Path.GetTempPath(), "sirim-reference-password");
                await File.WriteAllTextAsync(file, deployment.SeedPassword, ct);
                if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
                Console.Error.WriteLine($"[reference] log in as {ReferenceDeployment.SeedUser}; the password is in {file} (mode 600). Ctrl+C stops everything.");
                await Task.Delay(Timeout.Infinite, ct);
                return 0; // not reached: only a stop signal ends the wait
            }

            child = ChildCommand.Start(command, env);
            await child.WaitForExitAsync(ct);
            Console.Error.WriteLine($"[reference] '{command[0]}' exited with {child.ExitCode}; stopping the reference target and database.");
            return child.ExitCode;
        }
        catch (OperationCanceledException) when (stop.SignalName is not null)
        {
            return stop.ExitCode; // the line below says what was stopped
        }
        finally
        {
            // Whatever happened (the command ended, a signal, an error): nothing this run started outlives it.
            var stopped = new List<string>();
            if (child is not null)
            {
                await child.StopAsync(TimeSpan.FromSeconds(2), stop.Forced);
                if (child.StopDescription is { } d) stopped.Add(d);
                child.Dispose();
            }
            stopped.Add(await deployment.StopAsync(stop.Forced));
            if (stop.SignalName is { } signal)
                Console.Error.WriteLine($"[reference] {signal}: stopped {string.Join(", ", stopped)}; exit code {stop.ExitCode}.");
        }
    }

    private static async Task<int> FrontendBuildAsync(string[] args, CancellationToken ct)
    {
        ReferenceProfile? profile = null;
        string? output = null;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--profile" when i + 1 < args.Length: profile = ParseProfile(args[++i]); break;
                case "--out" when i + 1 < args.Length: output = args[++i]; break;
                default: throw new UsageException($"unexpected argument '{args[i]}'");
            }
        }
        if (profile is null || output is null) throw new UsageException("frontend-build needs --profile and --out");
        Console.Error.WriteLine(await ReferenceDeployment.WriteFrontendBuildAsync(profile, output, null, ct));
        return 0;
    }

    private static ReferenceProfile ParseProfile(string name)
    {
        try { return ReferenceProfile.Parse(name); }
        catch (HostingException ex) { throw new UsageException("--profile: " + ex.Message); }
    }
}
