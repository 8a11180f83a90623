namespace Sirim.Verification.Gates.Infrastructure;

/// <summary>
/// Marks a fixture as part of a gate: the NUnit category (so <c>--filter Category=Smoke</c> picks it), the Allure epic
/// and the go/no-go row all come from this one name. The category is the gate name capitalised unless
/// <paramref name="category"/> spells it (e.g. SupplyChain for the gate supplychain).
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = true)]
public sealed class GateAttribute(string gate, string? category = null) : CategoryAttribute(category ?? char.ToUpperInvariant(gate[0]) + gate[1..])
{
    public string Gate { get; } = gate;
}

/// <summary>Allure severity of a test: blocker, critical, normal, minor or trivial.</summary>
[AttributeUsage(AttributeTargets.Method | AttributeTargets.Class, AllowMultiple = false)]
public sealed class SeverityAttribute(string level) : PropertyAttribute("severity", level);
