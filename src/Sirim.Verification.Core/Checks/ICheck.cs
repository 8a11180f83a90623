namespace Sirim.Verification.Core.Checks;

/// <summary>
/// A small, pure rule with a stable snake_case id that judges one <typeparamref name="TInput"/> it is given (an exchange,
/// a case and its exchange, a load run, a canary comparison, what the browser reported during a flow). It does no I/O
/// and does not throw: it returns an outcome, and the gate gathers the outcomes into one failure message.
/// </summary>
public interface ICheck<in TInput>
{
    string Id { get; }
    Severity Severity { get; }
    CheckOutcome Evaluate(TInput input);
}
