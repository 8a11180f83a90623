namespace Sirim.Verification.SupplyChain.Tests;

/// <summary>The hand-written report files under Samples/supplychain (real-shaped: the tools' documented JSON).</summary>
internal static class Samples
{
    public const string Digest = "sha256:3f1c3f1c3f1c3f1c3f1c3f1c3f1c3f1c3f1c3f1c3f1c3f1c3f1c3f1c3f1c3f1c";

    public static string PathOf(string name) => Path.Combine(TestContext.CurrentContext.TestDirectory, "Samples", "supplychain", name);

    public static string Read(string name) => File.ReadAllText(PathOf(name));
}
