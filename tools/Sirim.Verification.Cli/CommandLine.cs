using Sirim.ReferenceTarget.Hosting;

namespace Sirim.Verification.Cli;

/// <summary>Dispatches sub-commands; errors are one clear line on stderr with exit code 2, never a stack trace.</summary>
public static class CommandLine
{
    private static readonly (string Name, string Usage, Func<string[], StopSignals, Task<int>> Run)[] Commands =
    [
        ("reference", ReferenceCommand.Usage, ReferenceCommand.RunAsync), // stops a deployment: also needs the second signal
        ("settings", SettingsCommand.Usage, (a, s) => SettingsCommand.RunAsync(a, s.Stopping)),
        ("frontend-manifest", FrontendCommand.ManifestUsage, (a, s) => FrontendCommand.ManifestAsync(a, s.Stopping)),
        ("frontend-verify", FrontendCommand.VerifyUsage, (a, s) => FrontendCommand.VerifyAsync(a, s.Stopping)),
        ("canary", CanaryCommand.Usage, (a, s) => CanaryCommand.RunAsync(a, s.Stopping)),
        ("parity", ParityCommand.Usage, (a, s) => ParityCommand.RunAsync(a, s.Stopping)),
        ("secrets", SecretsCommand.Usage, (a, s) => SecretsCommand.RunAsync(a, s.Stopping)),
    ];

    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
        {
            Console.WriteLine("usage: sirim-verify <command> [options]\n\ncommands:");
            foreach (var c in Commands) Console.WriteLine("  " + c.Usage.Replace("\n", "\n  "));
            return args.Length == 0 ? 2 : 0;
        }
        var command = Commands.FirstOrDefault(c => c.Name == args[0]);
        if (command.Run is null)
        {
            Console.Error.WriteLine($"sirim-verify: unknown command '{args[0]}'; known: {string.Join(", ", Commands.Select(c => c.Name))}");
            return 2;
        }
        // SIGTERM, SIGINT, SIGHUP: the command stops what it started and the process ends with 128 + the signal's number.
        using var stop = StopSignals.Register(secondSignalHandled: command.Name == "reference");
        try
        {
            return await command.Run(args[1..], stop);
        }
        catch (HostingException ex)
        {
            Console.Error.WriteLine($"sirim-verify {args[0]}: {ex.Message}");
            return 2;
        }
        catch (UsageException ex)
        {
            Console.Error.WriteLine($"sirim-verify {args[0]}: {ex.Message}\nusage: {command.Usage}");
            return 2;
        }
        catch (OperationCanceledException) when (stop.SignalName is { } signal)
        {
            Console.Error.WriteLine($"sirim-verify {args[0]}: stopped by {signal}");
            return stop.ExitCode;
        }
    }
}

public sealed class UsageException(string message) : Exception(message);
