namespace Sirim.Verification.Core.Configuration;

/// <summary>
/// What a gate's options factory returns, the same for every gate: the options; or why the gate does not run here
/// (<see cref="NotRunReason"/>: not configured, not allowed on this host — a legitimate NOT RUN, not an error); or every
/// configuration error at once. The fixtures and the up-front settings validation read it the same way.
/// </summary>
public sealed record OptionsResult<T>(T? Options, IReadOnlyList<string> Errors, string? NotRunReason = null) where T : class
{
    /// <summary>The options can be used: no error, and the gate is configured to run.</summary>
    public bool IsValid => Options is not null && Errors.Count == 0;

    /// <summary>The gate does not run here, for the reason given (reported as NOT RUN, never as a pass or a failure).</summary>
    public bool IsNotRun => NotRunReason is not null;

    public static OptionsResult<T> Valid(T options) => new(options, []);

    public static OptionsResult<T> Invalid(IReadOnlyList<string> errors) => new(null, errors);

    public static OptionsResult<T> NotRun(string reason) => new(null, [], reason);

    /// <summary>The options or the errors (the NOT RUN reason is read by name).</summary>
    public void Deconstruct(out T? options, out IReadOnlyList<string> errors)
    {
        options = Options;
        errors = Errors;
    }
}
