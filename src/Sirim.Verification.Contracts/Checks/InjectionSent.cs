using Sirim.Verification.Contracts.Synthesis;
using Sirim.Verification.Core.Http;

namespace Sirim.Verification.Contracts.Checks;

/// <summary>
/// One injection-shaped value sent in one field, the answer, and (for a list) how many items it returned; <see cref="Baseline"/>
/// is the same request with a harmless value that matches nothing, when the field filters a list.
/// </summary>
public sealed record InjectionSent(InjectionTarget Target, string Value, HttpExchange Exchange, int? Items, InjectionBaseline? Baseline = null)
{
    public string Describe => $"{Target.Describe} = {Value}";
}

/// <summary>The same list request with a harmless value that matches nothing: what an injected value must not exceed.</summary>
public sealed record InjectionBaseline(string Text, HttpExchange Exchange, int? Items);
