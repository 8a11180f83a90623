namespace Sirim.Verification.Load.Engine;

/// <summary>
/// Shared iteration allowance (iteration limit or safety cap). Workers claim it in small batches, so the shared
/// counter is touched once per batch, not once per iteration.
/// </summary>
internal sealed class IterationBudget(long total)
{
    private long _remaining = total;

    public long Total { get; } = total;

    /// <summary>Takes up to <paramref name="batch"/> iterations; 0 when the budget is spent.</summary>
    public int Claim(int batch)
    {
        while (true)
        {
            var current = Volatile.Read(ref _remaining);
            if (current <= 0)
            {
                return 0;
            }

            var take = (int)Math.Min(batch, current);
            if (Interlocked.CompareExchange(ref _remaining, current - take, current) == current)
            {
                return take;
            }
        }
    }
}
