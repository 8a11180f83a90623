using Sirim.ReferenceTarget.Hosting;

namespace Sirim.Verification.Cli;

/// <summary>Dispatches sub-commands; errors are one clear line on stderr with exit code 2, never a stack trace.</summary>
public static class CommandLine
{
    private static readonly (string Name, string Usage, Func<string[], CancellationToken, Task<int>> Run)[] Commands =
    [
        ("reference", ReferenceCommand.Usage, ReferenceCommand.RunAsync),
        ("settings", SettingsCommand.Usage, SettingsCommand.RunAsync),
        ("frontend-manifest", FrontendCommand.ManifestUsage, FrontendCommand.ManifestAsync),
        ("frontend-verify", FrontendCommand.VerifyUsage, FrontendCommand.VerifyAsync),
        ("canary", CanaryCommand.Usage, CanaryCommand.RunAsync),
        ("parity", ParityCommand.Usage, ParityCommand.RunAsync),
        ("secrets", SecretsCommand.Usage, SecretsCommand.RunAsync),
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
        using var cts = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) => { e.Cancel = true; cts.Cancel(); };
        try
        {
            return await command.Run(args[1..], cts.Token);
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
        catch (OperationCanceledException)
        {
            Console.Error.WriteLine($"sirim-verify {args[0]}: cancelled");
            return 130;
        }
    }
}

public sealed class UsageException(string message) : Exception(message);
