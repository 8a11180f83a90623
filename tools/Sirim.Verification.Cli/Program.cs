using Sirim.Verification.Cli;

// sirim-verify: command-line entry of the suite. Each command lives in its own class under Commands/.
return await CommandLine.RunAsync(args);
