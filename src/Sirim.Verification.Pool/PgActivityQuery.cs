namespace Sirim.Verification.Pool;

/// <summary>
/// The exact SQL the sampler runs, shown verbatim in the evidence. It counts client sessions in
/// <c>pg_stat_activity</c> (PostgreSQL documentation, "The Cumulative Statistics System", pg_stat_activity view)
/// matching the filters, excluding the sampler's own session.
/// </summary>
/// <remarks>
/// States as PostgreSQL reports them: <c>active</c> (running a statement), <c>idle</c> (waiting for a command: an open,
/// pooled connection), <c>idle in transaction</c> and <c>idle in transaction (aborted)</c> (a transaction left open
/// between statements). <b>Waiting</b> is defined as <c>wait_event_type = 'Lock'</c>: the session waits on a heavyweight
/// lock (row, table, transaction id) held by another session — contention between the app's own requests. Short internal
/// waits (LWLock, IO, Client, Timeout such as pg_sleep) are not counted as waiting.
/// </remarks>
public static class PgActivityQuery
{
    /// <summary>Parameters: <c>@database</c>, <c>@user_name</c>, <c>@application_name</c> (text; NULL means any).</summary>
    public const string Sql =
        """
        SELECT count(*)                                                  AS total,
               count(*) FILTER (WHERE state = 'active')                  AS active,
               count(*) FILTER (WHERE state = 'idle')                    AS idle,
               count(*) FILTER (WHERE state IN ('idle in transaction',
                                                'idle in transaction (aborted)')) AS idle_in_transaction,
               count(*) FILTER (WHERE wait_event_type = 'Lock')          AS waiting
        FROM pg_stat_activity
        WHERE backend_type = 'client backend'
          AND pid <> pg_backend_pid()
          AND (@database::text IS NULL OR datname = @database::text)
          AND (@user_name::text IS NULL OR usename = @user_name::text)
          AND (@application_name::text IS NULL OR application_name = @application_name::text)
        """;

    /// <summary>The parameter values as SQL literals, for the evidence: "@database = 'sirim', @user_name = NULL, ...".</summary>
    public static string DescribeParameters(PoolSamplerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        static string Literal(string? value) => value is null ? "NULL" : "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";
        return $"@database = {Literal(options.Database)}, @user_name = {Literal(options.User)}, @application_name = {Literal(options.ApplicationName)}";
    }
}
