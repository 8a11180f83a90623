using Npgsql;

namespace Sirim.ReferenceTarget.Data;

/// <summary>
/// Creates the schema when missing and seeds an empty database. Idempotent and safe when two instances
/// (blue and green) start against the same database: everything runs in one transaction that holds an
/// advisory lock.
/// </summary>
public static class DatabaseSetup
{
    // Arbitrary constant identifying "reference target schema setup" among advisory locks.
    private const long SetupLockKey = 0x5115_0001;

    private const string Schema = """
        CREATE TABLE IF NOT EXISTS users (
            id            serial PRIMARY KEY,
            email         text NOT NULL UNIQUE,
            name          text NOT NULL,
            role          text NOT NULL CHECK (role IN ('admin', 'contador', 'lector')),
            auth_method   text NOT NULL CHECK (auth_method IN ('password', 'sso')),
            password_hash text NULL
        );
        CREATE TABLE IF NOT EXISTS empresas (
            id     serial PRIMARY KEY,
            nombre text NOT NULL,
            rnc    text NOT NULL UNIQUE
        );
        CREATE TABLE IF NOT EXISTS user_empresas (
            user_id    int NOT NULL REFERENCES users (id) ON DELETE CASCADE,
            empresa_id int NOT NULL REFERENCES empresas (id) ON DELETE CASCADE,
            PRIMARY KEY (user_id, empresa_id)
        );
        CREATE TABLE IF NOT EXISTS gastos (
            id         bigserial PRIMARY KEY,
            empresa_id int NOT NULL REFERENCES empresas (id),
            fecha      date NOT NULL,
            concepto   text NOT NULL CHECK (char_length(concepto) BETWEEN 1 AND 200),
            monto      numeric(12, 2) NOT NULL CHECK (monto > 0 AND monto <= 10000000),
            categoria  text NOT NULL CHECK (categoria IN ('combustible', 'viaticos', 'suministros', 'servicios', 'otros')),
            referencia text NULL,
            created_by int NOT NULL REFERENCES users (id),
            created_at timestamptz NOT NULL DEFAULT now()
        );
        CREATE INDEX IF NOT EXISTS gastos_empresa_fecha_idx ON gastos (empresa_id, fecha DESC, id DESC);
        """;

    private static readonly (string Email, string Name, string Role, string AuthMethod, int[] Empresas)[] SeedUsers =
    [
        ("ana@sirim.test", "Ana Pérez", "admin", "password", [1, 2, 3]),
        ("luis@sirim.test", "Luis Gómez", "contador", "password", [1, 2]),
        ("marta@sirim.test", "Marta Rodríguez", "lector", "sso", [1]),
        // A read-only user of one empresa with a password: the second identity of the authorization gate.
        ("sofia@sirim.test", "Sofía Marte", "lector", "password", [1]),
    ];

    private static readonly (string Nombre, string Rnc)[] SeedEmpresas =
    [
        ("Constructora del Caribe SRL", "101234567"),
        ("Distribuidora Quisqueya SA", "130987654"),
        ("Servicios Ozama EIRL", "131112233"),
    ];

    private static readonly (string Concepto, string Categoria)[] Conceptos =
    [
        ("Combustible flotilla", "combustible"), ("Viático visita a cliente", "viaticos"),
        ("Papelería de oficina", "suministros"), ("Servicio de internet", "servicios"),
        ("Mantenimiento de vehículo", "otros"), ("Gasoil planta eléctrica", "combustible"),
        ("Almuerzo de trabajo", "viaticos"), ("Tóner de impresora", "suministros"),
        ("Energía eléctrica", "servicios"), ("Peaje autopista", "otros"), ("Servicio de limpieza", "servicios"),
    ];

    public sealed record SetupResult(bool Seeded, int PasswordsRefreshed);

    /// <summary>
    /// Ensures schema and seed data. When the database already holds the seed users, their password hashes
    /// are refreshed if they no longer match <paramref name="seedPassword"/>, so the seeded credentials
    /// always equal SIRIM_REF_SEED_PASSWORD of the running process.
    /// </summary>
    public static async Task<SetupResult> EnsureAsync(NpgsqlDataSource db, string seedPassword, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);

        await Exec(conn, tx, $"SELECT pg_advisory_xact_lock({SetupLockKey})", ct);
        await Exec(conn, tx, Schema, ct);

        await using (var count = new NpgsqlCommand("SELECT count(*) FROM users", conn, tx))
        {
            if ((long)(await count.ExecuteScalarAsync(ct))! == 0)
            {
                await SeedAsync(conn, tx, seedPassword, ct);
                await tx.CommitAsync(ct);
                return new SetupResult(true, 0);
            }
        }

        var refreshed = await RefreshSeedPasswordsAsync(conn, tx, seedPassword, ct);
        await tx.CommitAsync(ct);
        return new SetupResult(false, refreshed);
    }

    private static async Task SeedAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string seedPassword,
        CancellationToken ct)
    {
        var empresaIds = new List<int>();
        foreach (var (nombre, rnc) in SeedEmpresas)
        {
            await using var cmd = new NpgsqlCommand(
                "INSERT INTO empresas (nombre, rnc) VALUES ($1, $2) RETURNING id", conn, tx);
            cmd.Parameters.Add(new() { Value = nombre });
            cmd.Parameters.Add(new() { Value = rnc });
            empresaIds.Add((int)(await cmd.ExecuteScalarAsync(ct))!);
        }

        var adminId = 0;
        foreach (var (email, name, role, authMethod, empresas) in SeedUsers)
        {
            await using var cmd = new NpgsqlCommand(
                "INSERT INTO users (email, name, role, auth_method, password_hash) VALUES ($1, $2, $3, $4, $5) RETURNING id",
                conn, tx);
            cmd.Parameters.Add(new() { Value = email });
            cmd.Parameters.Add(new() { Value = name });
            cmd.Parameters.Add(new() { Value = role });
            cmd.Parameters.Add(new() { Value = authMethod });
            cmd.Parameters.Add(new() { Value = authMethod == "password" ? PasswordHasher.Hash(seedPassword) : DBNull.Value });
            var userId = (int)(await cmd.ExecuteScalarAsync(ct))!;
            if (role == "admin" && adminId == 0) adminId = userId;

            foreach (var index in empresas)
            {
                await using var map = new NpgsqlCommand(
                    "INSERT INTO user_empresas (user_id, empresa_id) VALUES ($1, $2)", conn, tx);
                map.Parameters.Add(new() { Value = userId });
                map.Parameters.Add(new() { Value = empresaIds[index - 1] });
                await map.ExecuteNonQueryAsync(ct);
            }
        }

        // 60 deterministic gastos, spread evenly over the three empresas, dated through 2025.
        var start = new DateOnly(2025, 1, 3);
        for (var i = 0; i < 60; i++)
        {
            await using var cmd = new NpgsqlCommand(
                "INSERT INTO gastos (empresa_id, fecha, concepto, monto, categoria, referencia, created_by) " +
                "VALUES ($1, $2, $3, $4, $5, $6, $7)", conn, tx);
            cmd.Parameters.Add(new() { Value = empresaIds[i % empresaIds.Count] });
            cmd.Parameters.Add(new() { Value = start.AddDays(i * 6) });
            var (concepto, categoria) = Conceptos[i % Conceptos.Length];
            cmd.Parameters.Add(new() { Value = concepto });
            cmd.Parameters.Add(new() { Value = 150m + (i * 379 % 9000) + (i % 4) * 0.25m });
            cmd.Parameters.Add(new() { Value = categoria });
            cmd.Parameters.Add(new() { Value = i % 3 == 2 ? DBNull.Value : $"B01{i + 1:D8}" });
            cmd.Parameters.Add(new() { Value = adminId });
            await cmd.ExecuteNonQueryAsync(ct);
        }
    }

    private static async Task<int> RefreshSeedPasswordsAsync(NpgsqlConnection conn, NpgsqlTransaction tx,
        string seedPassword, CancellationToken ct)
    {
        var stale = new List<int>();
        var emails = SeedUsers.Where(u => u.AuthMethod == "password").Select(u => u.Email).ToArray();
        await using (var cmd = new NpgsqlCommand(
                         "SELECT id, password_hash FROM users WHERE email = ANY($1) AND auth_method = 'password'", conn, tx))
        {
            cmd.Parameters.Add(new() { Value = emails });
            await using var reader = await cmd.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                var hash = reader.IsDBNull(1) ? null : reader.GetString(1);
                if (!PasswordHasher.Verify(seedPassword, hash)) stale.Add(reader.GetInt32(0));
            }
        }
        foreach (var id in stale)
        {
            await using var update = new NpgsqlCommand("UPDATE users SET password_hash = $1 WHERE id = $2", conn, tx);
            update.Parameters.Add(new() { Value = PasswordHasher.Hash(seedPassword) });
            update.Parameters.Add(new() { Value = id });
            await update.ExecuteNonQueryAsync(ct);
        }
        return stale.Count;
    }

    private static async Task Exec(NpgsqlConnection conn, NpgsqlTransaction tx, string sql, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(sql, conn, tx);
        await cmd.ExecuteNonQueryAsync(ct);
    }
}
