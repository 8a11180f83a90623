namespace Sirim.Verification.E2E.Flows;

/// <summary>The flows of the E2E gate, in run order; each has a description in scenarios/e2e/&lt;id&gt;.md.</summary>
public static class E2EFlows
{
    public static IReadOnlyList<IFlow> All() =>
    [
        new LoginValidFlow(), new LoginInvalidFlow(), new EmpresasFlow(), new GastoRoundTripFlow(), new StoredXssFlow(), new SessionFlow(), new VersionFlow(),
    ];
}
