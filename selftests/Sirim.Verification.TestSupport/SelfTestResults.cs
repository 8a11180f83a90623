namespace Sirim.Verification.TestSupport;

/// <summary>The results folder of a <c>scripts/self-test.sh</c> run (it sets <c>SIRIM_SELF_TEST_RESULTS</c>); null under a plain dotnet test.</summary>
public static class SelfTestResults
{
    public static string? Directory =>
        Environment.GetEnvironmentVariable("SIRIM_SELF_TEST_RESULTS") is { Length: > 0 } dir && System.IO.Directory.Exists(dir) ? dir : null;
}
