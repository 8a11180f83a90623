using System.Net.Sockets;
using Npgsql;

namespace Sirim.ReferenceTarget.Data;

/// <summary>
/// Turns database exceptions into a short, safe reason (never the connection string, SQL text or a stack
/// trace) and tells apart "the database is unavailable" (503) from a bug (500).
/// </summary>
public static class DatabaseErrors
{
    /// <param name="Unavailable">The database cannot serve requests right now (answer 503, not 500).</param>
    /// <param name="Reason">Short, safe text for logs and readiness output.</param>
    /// <param name="Retryable">Waiting may help (server starting, unreachable); false for wrong credentials or names.</param>
    public sealed record Description(bool Unavailable, string Reason, bool Retryable = true);

    public static Description Describe(Exception ex)
    {
        switch (ex)
        {
            case PostgresException pg when pg.SqlState.StartsWith("08", StringComparison.Ordinal)
                                           || pg.SqlState is "57P01" or "57P02" or "57P03" or "53300":
                return new(true, $"database refused or dropped the connection (SQLSTATE {pg.SqlState})");
            case PostgresException pg when pg.SqlState is "28P01" or "28000":
                return new(true, $"database authentication failed (SQLSTATE {pg.SqlState})", Retryable: false);
            case PostgresException pg when pg.SqlState is "3D000":
                return new(true, $"database does not exist (SQLSTATE {pg.SqlState})", Retryable: false);
            case PostgresException pg:
                return new(false, $"database error (SQLSTATE {pg.SqlState})", Retryable: false);
            case NpgsqlException { InnerException: TimeoutException } npg
                when npg.Message.Contains("pool", StringComparison.OrdinalIgnoreCase):
                return new(true, "connection pool exhausted (no free connection within the pool timeout)");
            case NpgsqlException { InnerException: TimeoutException }:
                return new(true, "database did not answer in time");
            case NpgsqlException { InnerException: SocketException socket }:
                return new(true, $"cannot reach the database ({socket.SocketErrorCode})");
            case NpgsqlException:
                return new(true, "database connection failed");
            case TimeoutException or OperationCanceledException:
                return new(true, "database did not answer in time");
            default:
                return new(false, "unexpected error");
        }
    }
}
